"""What every workbook we write shares (the progress form, the 台账): one place for how an .xlsx of
ours looks on paper and how it is saved.

* the font and the smallest size (宋体, 五号 = 10.5 pt) and the pieces of the cell styles (borders,
  wrapping, the grey of headings), so that the form and the 台账 print alike;
* a text cell that never becomes a formula: whatever a plan or a unit wrote ("=cmd", "+1", "@x") is
  stored as a string, with Excel's quote prefix so it stays text when someone edits the cell;
* the printed page: A4 landscape, fitted to the width (never to the height: long tables run over
  pages), header rows repeated on every page, page numbers in the footer;
* row heights for wrapped text: spreadsheet programs do not grow a row for wrapped text when they
  open a file (LibreOffice prints it cut), so the writer sets a height that holds the text;
* saving with bytes that depend only on the content and a given time: fixed document properties,
  zip entries in a fixed order with that time (the caller dates it: SOURCE_DATE_EPOCH or the plan's
  own date, `epoch.plan_dated`; never the clock).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import unicodedata
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

#: 五号, the smallest size anywhere in a workbook of ours.
SIZE = 10.5
FONT = "宋体"
GREY = PatternFill("solid", fgColor="EDEDED")
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
#: The tallest row a spreadsheet holds (points).
MAX_ROW_HEIGHT = 409.0

#: What starts a formula (or a DDE command) when a spreadsheet program reads a typed cell.
FORMULA_STARTS = ("=", "+", "-", "@")


def text_cell(ws: Worksheet, row: int, col: int, value: str, style: str | None = None) -> None:
    """A string cell, whatever the text looks like: "=SUM(A1)" from a plan or a unit stays text. The
    named `style` is applied first (applying a style afterwards would drop the quote prefix)."""
    cell = ws.cell(row, col)
    if style is not None:
        cell.style = style
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


@functools.lru_cache(maxsize=8192)
def wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` (characters of the default font) needs for `text`: a Chinese
    character takes about two units of column width; a line break typed in the text starts a line.
    Remembered: a form counts the room for a 200-character 完成情况 in every row, and a task's texts
    come back in the form of every unit it names (about a tenth of `forms` on the 100× plan)."""
    total = 0
    for line in text.split("\n"):
        units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) * 10 / 11
        total += max(1, math.ceil(units / max(width - 1, 1)))
    return total


def row_height(lines: int, size: float = SIZE) -> float:
    """The height (points) of a row holding `lines` lines of `size`-point text."""
    return min(MAX_ROW_HEIGHT, size * 1.4 * lines + 4)


def print_a4_landscape(ws: Worksheet, title_rows: str) -> None:
    """The printed page: A4 landscape, the width fitted to one page (the writer chooses column widths
    that keep 五号 at that scale), as many pages down as the table needs, `title_rows` ("5:6")
    repeated at the top of every page, 第 n 页，共 m 页 in the footer."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.3, right=0.3, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 11


def _reproducible(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with entries in a fixed order, a fixed time and fixed permissions."""
    stamp = max(when.astimezone(dt.UTC).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as archive:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


def save_reproducibly(wb: Workbook, title: str, timestamp: dt.datetime) -> bytes:
    """The workbook as .xlsx bytes that depend only on its content, `title` and `timestamp`."""
    naive = timestamp.astimezone(dt.UTC).replace(tzinfo=None)
    wb.properties.creator = "kepu-plan"
    wb.properties.lastModifiedBy = "kepu-plan"
    wb.properties.title = title
    wb.properties.created = naive
    wb.properties.modified = naive
    raw = io.BytesIO()
    # ExcelWriter directly: Workbook.save would stamp "modified" with the time of day.
    writer = ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True))
    writer.save()
    return _reproducible(raw.getvalue(), timestamp)
