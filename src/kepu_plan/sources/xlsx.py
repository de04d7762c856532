"""A workbook (.xlsx): each cell that exists, in reading order, as a paragraph of its table."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .. import codes
from ..archives import read_ooxml
from ..charsets import CONTROL as _CONTROL
from ..diagnostics import LoadError
from .paragraphs import Source, SourceParagraph


def read_xlsx(path: Path, display: str) -> Source:
    """Every non-empty cell of every sheet, row by row, with its sheet, row and column.

    The workbook is scanned first (workbook_scan: cells, places, formats, names within limits), and
    each sheet is read without the size it claims (reset_dimensions): rows that are not in the file
    are passed over, not walked cell by cell up to a claimed XFD1048576."""
    data = read_ooxml(path, display, what="Excel 工作簿")
    from ..workbook_scan import scan_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        scan_workbook(archive, display, what="Excel 工作簿")
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file: the file's fault, not ours
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            f"无法作为 Excel 工作簿（.xlsx）打开（{type(exc).__name__}）",
            display,
            hint="用 Excel 或 WPS 打开后另存为 .xlsx",
        ) from None
    paragraphs: list[SourceParagraph] = []
    number = 0
    try:
        for index, sheet in enumerate(workbook.worksheets, 1):
            sheet.reset_dimensions()
            for r, row in enumerate(sheet.iter_rows(values_only=True), 1):
                for c, value in enumerate(row, 1):
                    number += 1
                    where = f"工作表「{sheet.title}」第 {r} 行第 {c} 列"
                    raw = "" if value is None else str(value)
                    for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                        text = _CONTROL.sub("", line).strip()  # a line break in a cell: paragraphs of it
                        if text:
                            paragraphs.append(SourceParagraph(text, number, where, index, r, c))
    finally:
        workbook.close()
    return Source(path, paragraphs, "xlsx")


#: Elements that end a line of text in a web page; table cells are set apart by tabs, as a task table
#: copied from a page would be.
