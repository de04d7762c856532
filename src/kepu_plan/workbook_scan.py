"""The cost of an .xlsx bounded by what it holds, not only by its bytes: a streaming pre-scan.

archives.check_ooxml bounds the bytes; a workbook within them can still cost minutes: 115,000 cell
formats in a 0.33 MB file take openpyxl 30 s and 0.5 GB to build, a 19 MB workbook.xml of defined
names 10 s, and one value at XFD1048576 makes a row-by-row reader walk seventeen billion empty
cells. So before openpyxl opens a workbook (import, collect), :func:`scan_workbook` reads its XML
parts as a stream (expat, no tree kept, no DOCTYPE or entity declaration accepted) and stops at the
first limit passed (limits.py, the README's 「输入的上限」):

* defined names in xl/workbook.xml (WORKBOOK_MAX_DEFINED_NAMES);
* cell formats (``<xf>`` of ``cellXfs``) and style records in all in the styles part
  (WORKBOOK_MAX_CELL_FORMATS);
* shared strings and cells of every worksheet (WORKBOOK_MAX_CELLS in all);
* the row and column of every cell that holds a value (WORKBOOK_MAX_ROWS, WORKBOOK_MAX_COLUMNS).

The parts are found as openpyxl finds them, through xl/_rels/workbook.xml.rels. Every refusal is an
ArchiveError (KP030) naming the file, the part or sheet, and the limit; the caller decides the exit
code as for the archive guard.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat

from .archives import archive_error
from .limits import (
    MAX_ARCHIVE_ENTRIES,
    WORKBOOK_MAX_CELL_FORMATS,
    WORKBOOK_MAX_CELLS,
    WORKBOOK_MAX_COLUMNS,
    WORKBOOK_MAX_DEFINED_NAMES,
    WORKBOOK_MAX_ROWS,
)

__all__ = ["scan_workbook"]

_CHUNK = 64 * 1024
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class _Stop(Exception):
    """A limit was passed: stop reading the part at once."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class _Sheet:
    name: str
    part: str


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _parse(
    archive: zipfile.ZipFile,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
) -> None:
    """Stream one part through expat with the given element handlers; _Stop ends it early. A DOCTYPE
    or an entity declaration is refused (nothing is ever expanded)."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args: object) -> None:
        raise _Stop(f"部件 {part} 含有 XML 文档类型或实体声明（DOCTYPE/ENTITY），可能是恶意文件")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda name, attrs: start(_local(name), attrs)
    if end is not None:
        parser.EndElementHandler = lambda name: end(_local(name))
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


def _relationships(archive: zipfile.ZipFile, names: set[str]) -> dict[str, tuple[str, str]]:
    """The workbook's relationships: id → (type's last word, part name inside the archive)."""
    found: dict[str, tuple[str, str]] = {}
    count = 0
    rels = "xl/_rels/workbook.xml.rels"
    if rels not in names:
        return found

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        if tag != "Relationship":
            return
        count += 1
        if count > MAX_ARCHIVE_ENTRIES:
            raise _Stop(f"部件 {rels} 中的关系超过 {MAX_ARCHIVE_ENTRIES:,} 个（上限）")
        if attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            found[attrs.get("Id", "")] = (attrs.get("Type", "").rpartition("/")[2], part)

    _parse(archive, rels, start)
    return found


def _workbook(archive: zipfile.ZipFile, rels: dict[str, tuple[str, str]]) -> list[_Sheet]:
    """The worksheets (name, part) in order; defined names counted on the way."""
    sheets: list[_Sheet] = []
    defined = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal defined
        if tag == "definedName":
            defined += 1
            if defined > WORKBOOK_MAX_DEFINED_NAMES:
                raise _Stop(f"定义的名称超过 {WORKBOOK_MAX_DEFINED_NAMES:,} 个（上限）")
        elif tag == "sheet":
            kind, part = rels.get(attrs.get(f"{_REL} id", ""), ("", ""))
            if kind == "worksheet":
                sheets.append(_Sheet(attrs.get("name", part), part))

    _parse(archive, "xl/workbook.xml", start)
    return sheets


def _styles(archive: zipfile.ZipFile, part: str) -> None:
    """Cell formats (xf of cellXfs) and style records in all, each within WORKBOOK_MAX_CELL_FORMATS."""
    records = 0
    inside: list[str] = []

    def start(tag: str, _attrs: dict[str, str]) -> None:
        nonlocal records
        inside.append(tag)
        if tag in ("xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle"):
            records += 1
            if records > WORKBOOK_MAX_CELL_FORMATS:
                what = "单元格格式" if "cellXfs" in inside else "样式记录"
                raise _Stop(f"{what}超过 {WORKBOOK_MAX_CELL_FORMATS:,} 个（上限）")

    def end(_tag: str) -> None:
        inside.pop()

    _parse(archive, part, start, end)


def _position(ref: str) -> tuple[int, int]:
    """(row, column) of a reference like XFD1048576; (0, 0) when it is not one."""
    letters = 0
    column = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            column = column * 26 + ord(ch) - 64
            letters += 1
        else:
            break
    digits = ref[letters:]
    if not letters or not digits.isascii() or not digits.isdigit():
        return 0, 0
    return int(digits), column


class _Counter:
    """Cells counted across the workbook; rows and columns of the cells that hold a value."""

    def __init__(self) -> None:
        self.cells = 0

    def add(self, count: int = 1) -> None:
        self.cells += count
        if self.cells > WORKBOOK_MAX_CELLS:
            raise _Stop(f"单元格和共享字符串超过 {WORKBOOK_MAX_CELLS:,} 个（上限）")

    def sheet(self, archive: zipfile.ZipFile, sheet: _Sheet) -> None:
        state = {"row": 0, "column": 0, "value": False, "in_cell": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag == "row":
                r = attrs.get("r", "")
                state["row"] = int(r) if r.isascii() and r.isdigit() else int(state["row"]) + 1
                state["column"] = 0
            elif tag == "c":
                self.add()
                row, column = _position(attrs.get("r", ""))
                if row:
                    state["row"], state["column"] = row, column
                else:
                    state["column"] = int(state["column"]) + 1
                state["value"], state["in_cell"] = attrs.get("t") == "inlineStr", True
            elif tag in ("v", "f", "is") and state["in_cell"]:
                state["value"] = True

        def end(tag: str) -> None:
            if tag != "c":
                return
            state["in_cell"] = False
            if not state["value"]:
                return  # a formatted empty cell costs a cell, not a place in the table
            if int(state["row"]) > WORKBOOK_MAX_ROWS:
                raise _Stop(
                    f"工作表「{sheet.name}」第 {state['row']:,} 行有内容，行数上限为 {WORKBOOK_MAX_ROWS:,}"
                )
            if int(state["column"]) > WORKBOOK_MAX_COLUMNS:
                raise _Stop(
                    f"工作表「{sheet.name}」第 {state['column']:,} 列有内容，列数上限为 {WORKBOOK_MAX_COLUMNS:,}"
                )

        _parse(archive, sheet.part, start, end)

    def strings(self, archive: zipfile.ZipFile, part: str) -> None:
        _parse(archive, part, lambda tag, _attrs: self.add() if tag == "si" else None)


def scan_workbook(archive: zipfile.ZipFile, display: str, *, what: str = "工作簿") -> dict[str, str]:
    """Raise ArchiveError (KP030, naming `display`) when the workbook passes a limit of the module
    docstring; `archive` has passed archives.check_ooxml (its parts' sizes are bounded). Returns
    each worksheet's part by sheet name, as openpyxl finds it (collect reads a sheet's XML)."""
    names = set(archive.namelist())
    try:
        rels = _relationships(archive, names)
        if "xl/workbook.xml" not in names:
            return {}  # not a workbook: the caller says what it is instead
        sheets = _workbook(archive, rels)
        counter = _Counter()
        for kind, part in rels.values():
            if part not in names:
                continue
            if kind == "styles":
                _styles(archive, part)
            elif kind == "sharedStrings":
                counter.strings(archive, part)
        for sheet in sheets:
            if sheet.part in names:
                counter.sheet(archive, sheet)
        return {sheet.name: sheet.part for sheet in sheets}
    except _Stop as stop:
        raise archive_error(display, f"{what}中{stop.message}，不予读取") from None
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        raise archive_error(display, f"{what}的 XML 已损坏，无法读取") from None
