"""Every input limit in one table, each with its reason (the README's 「输入的上限」 lists them).

The checks that enforce them live with the readers (inputs.py, yamlsource/guards.py, archives.py) and with
the model (a text value longer than a writer can hold is refused by validate, located, so that
whatever validates also renders).
"""

from __future__ import annotations

#: A plan or registry file. A real plan is ~40 KB; the 100× synthetic plan ~2 MB.
MAX_FILE_BYTES = 16 * 1024 * 1024

#: A file to import (.docx or .txt): Word documents with pictures are much larger than their text.
MAX_SOURCE_BYTES = 32 * 1024 * 1024

#: One text value of a plan (a title, a paragraph, a task's text), in characters. lxml refuses a text
#: node over 10,000,000 bytes (XML_MAX_TEXT_LENGTH) and every .docx writer puts a value into one node;
#: at four UTF-8 bytes per character, 1,000,000 characters always fit. A real paragraph is < 1,000.
MAX_TEXT_CHARS = 1_000_000

# -- OOXML archives (.docx, .xlsx): checked by archives.py before any parser sees them --------------

#: Parts in one archive. A Word document has ~15, one with pictures a few dozen.
MAX_ARCHIVE_ENTRIES = 2_000

#: One part, expanded. The 100× synthetic plan's word/document.xml is 2.5 MB; lxml needs ~20 bytes
#: of memory per byte of XML, so 20 MB costs at most ~400 MB.
MAX_PART_BYTES = 20 * 1024 * 1024

#: All parts together, expanded (python-docx keeps every part in memory, pictures included).
MAX_EXPANDED_BYTES = 100 * 1024 * 1024

#: Expanded ÷ compressed size of one part larger than RATIO_FLOOR_BYTES. Repetitive XML compresses
#: ~100:1 at most (the 100× synthetic plan: 97:1); a decompression bomb, ~1,000:1.
MAX_COMPRESSION_RATIO = 300
RATIO_FLOOR_BYTES = 1024 * 1024

# -- returned progress forms (.xlsx): checked by collecting/ after the archive guard -------------------

#: A returned form. The 100× plan's largest form is ~300 KB; a form with pasted pictures a few MB.
MAX_FORM_BYTES = 16 * 1024 * 1024

#: Rows read beyond the rows a form was sent with (empty formatted rows after a re-save): a sheet of
#: a million rows is read no further than this, so it costs what a real form costs.
SPARE_ROWS = 1000

#: Columns read per row (a form has 14), and proposals for next year per form.
MAX_COLUMNS = 60
MAX_PROPOSALS = 500

# -- Jinja templates (packaged and a city's own): enforced by writers/sandbox.py ------------------------

#: One template file. The packaged ones are ~2 KB; a city's own is the same size.
MAX_TEMPLATE_BYTES = 1024 * 1024

#: What one rendering may produce, in characters, and the largest string, list or number of
#: characters any step of it may make (a multiplication, a filter, a method). A valid plan is at most
#: MAX_FILE_BYTES of YAML, so its text and layout stay well below; `"x" * 10**9` is refused before
#: Python allocates it.
MAX_TEMPLATE_OUTPUT_CHARS = 32 * 1024 * 1024

#: The size of an integer a template may compute (`10 ** 10 ** 10` would run for hours).
MAX_TEMPLATE_INT_BITS = 65_536

#: Items of one `range()` (as Jinja's own sandbox), and of all `range()` loops of one rendering
#: together: nested `range(100000)` loops stop after a million steps instead of running for hours.
MAX_TEMPLATE_RANGE = 100_000
MAX_TEMPLATE_LOOP_STEPS = 1_000_000

#: Seconds one rendering may take. The 100× synthetic plan renders in well under a second.
MAX_TEMPLATE_SECONDS = 30

# -- workbooks (.xlsx of import and returned forms): counted by workbook_scan.py before openpyxl --------

#: Cells (every <c>, formatted empty ones included) and shared strings in a whole workbook. The 100×
#: plan's largest form has ~25,000 cells; openpyxl spends ~10 µs and ~1 KB on each.
WORKBOOK_MAX_CELLS = 500_000

#: The row and the column of a cell holding a value. A 3,000-task plan is ~10,000 rows of ~15
#: columns; a value at XFD1048576 (5 KB of file) is a place no table reaches.
WORKBOOK_MAX_ROWS = 100_000
WORKBOOK_MAX_COLUMNS = 1_000

#: Cell formats (xf of cellXfs) and style records in all. A form has a dozen, a much-edited workbook
#: a few hundred; openpyxl builds each into objects: 115,000 take it 30 s and 0.5 GB.
WORKBOOK_MAX_CELL_FORMATS = 4_000

#: Defined names in xl/workbook.xml (print areas, filters: a few). 19 MB of them take openpyxl 10 s.
WORKBOOK_MAX_DEFINED_NAMES = 2_000
