"""Document primitives for every official Word document we write (公文, GB/T 9704-2012).

The plan (`writers.docx_official`), a unit's task list and the overview (`writers.unit_list_docx`),
the 新旧对照表 and the redline (`writers.diff_docx`) and the progress report are all built from these:

* `measures`: the page, type sizes and fonts in Word's units;
* `styles`: our styles (`StyleSpec`), each with its font in the `w:eastAsia` slot, referred to by id;
* `paragraphs`: paragraphs as XML text (`paragraph_xml`, `Run`);
* `page`: A4 portrait or landscape with the standard's margins, page-number footers 「— 1 —」;
* `package`: a new document (`new_official_document`: our own, `blank`, or on a user's reference
  document, `reference`, copied from an allow-list) and `save_reproducibly(doc, body=…)` (the body's
  XML text written into document.xml as it is; the same content gives the same bytes), `write_official`;
* `opc`: the one assembler of the package from its parts (`WordDocument`, `Part`, `assemble`);
* `titles`: where a 二号 title too long for one line breaks (`title_lines`);
* `tables`: one table builder (`table_xml`, `Column`, `table_document`);
* `xmltext`: text and attribute values escaped as lxml writes them (`xml_text`, `xml_attr`).

Import what you need from this package; the submodules are its rooms, not its interface.
"""

from __future__ import annotations

from .blank import OwnDocument
from .measures import (
    A4_TWIPS,
    BODY_SCALE,
    BODY_SIZE,
    CHAR_TWIPS,
    FANGSONG,
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    HEITI,
    KAITI,
    LANDSCAPE_MARGINS_TWIPS,
    LATIN_FONT,
    LINE_PITCH,
    MARGINS_TWIPS,
    PAGE_NUMBER_SIZE,
    SONGTI,
    TEXT_BLOCK_TWIPS,
    TITLE_LINE,
    TITLE_SIZE,
    TWIPS_PER_MM,
    XIAOBIAOSONG,
)
from .opc import WordDocument
from .package import (
    new_official_document,
    reproducible_timestamp,
    save_reproducibly,
    write_official,
)
from .paragraphs import (
    W_NS,
    XML_INVALID,
    Run,
    check_xml_text,
    paragraph_xml,
    run_xml,
    single_title_xml,
    text_width,
    title_xml,
)
from .styles import (
    ATTACHMENT_LABEL,
    BODY,
    FONT_TABLE,
    HEADING1,
    HEADING2,
    LEAD,
    NOTICE_STYLES,
    PAGE_NUMBER,
    RUN_IN_HEADING,
    SIGNATURE,
    STYLES,
    TITLE,
    StyleSpec,
)
from .tables import (
    CELL_MARGIN,
    TABLE_CHAR,
    TABLE_HEADING,
    TABLE_LINE,
    TABLE_SIZE,
    TABLE_STYLES,
    TABLE_TEXT,
    Column,
    GroupRow,
    cell_text,
    column_widths,
    needed_width,
    table_document,
    table_xml,
)
from .titles import chars_per_line, title_lines, title_width
from .xmltext import W_DECL, xml_attr, xml_text

__all__ = [
    "A4_TWIPS",
    "ATTACHMENT_LABEL",
    "BODY",
    "BODY_SCALE",
    "BODY_SIZE",
    "CELL_MARGIN",
    "CHAR_TWIPS",
    "FANGSONG",
    "FONT_TABLE",
    "FOOTER_DISTANCE",
    "HEADER_DISTANCE",
    "HEADING1",
    "HEADING2",
    "HEITI",
    "KAITI",
    "LANDSCAPE_MARGINS_TWIPS",
    "LATIN_FONT",
    "LEAD",
    "LINE_PITCH",
    "MARGINS_TWIPS",
    "NOTICE_STYLES",
    "PAGE_NUMBER",
    "PAGE_NUMBER_SIZE",
    "RUN_IN_HEADING",
    "SIGNATURE",
    "SONGTI",
    "STYLES",
    "TABLE_CHAR",
    "TABLE_HEADING",
    "TABLE_LINE",
    "TABLE_SIZE",
    "TABLE_STYLES",
    "TABLE_TEXT",
    "TEXT_BLOCK_TWIPS",
    "TITLE",
    "TITLE_LINE",
    "TITLE_SIZE",
    "TWIPS_PER_MM",
    "W_DECL",
    "W_NS",
    "XIAOBIAOSONG",
    "XML_INVALID",
    "Column",
    "GroupRow",
    "OwnDocument",
    "Run",
    "StyleSpec",
    "WordDocument",
    "cell_text",
    "chars_per_line",
    "check_xml_text",
    "column_widths",
    "needed_width",
    "new_official_document",
    "paragraph_xml",
    "reproducible_timestamp",
    "run_xml",
    "save_reproducibly",
    "single_title_xml",
    "table_document",
    "table_xml",
    "text_width",
    "title_lines",
    "title_width",
    "title_xml",
    "write_official",
    "xml_attr",
    "xml_text",
]
