"""Reading a returned progress form: untrusted bytes → checked data (a ProgressFile) and diagnostics.

Forty units send files back, and some are broken or hostile. Nothing reaches openpyxl before it has
passed the cheap checks on the bytes: the magic number (an old .xls or a CSV renamed to .xlsx), the
archive guard (entry count, expanded size, compression ratio), macros (.xlsm, vbaProject.bin) and XML
document type declarations (entity expansion). openpyxl then reads the workbook in read-only mode,
and every sheet is read up to a bound derived from the rows the form should have, so a sheet of a
million rows costs no more than a real one.

What the form says about itself is trusted over its file name: the hidden sheet 表格信息 names the
plan (year, title, fingerprint), the round and the unit. Rows are matched to the unit's tasks by the
任务编号 column and must be exactly the rows that were sent (none deleted, added or moved). Formulas
are never evaluated: a cached result is taken (with a warning), a formula without one is reported.
Every problem is a Diagnostic located as ``file:sheet!cell`` with a KP06x/KP07x code.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import codes
from .archives import check_ooxml
from .assignments import Assignment, PossibleAssignment, UnitTasks
from .charsets import CONTROL as _CONTROL
from .diagnostics import Code, Diagnostic, LoadError, Severity
from .inputs import read_input
from .limits import MAX_COLUMNS, MAX_FORM_BYTES, MAX_PROPOSALS, SPARE_ROWS
from .model import Plan
from .progress_files import (
    DATA_COLUMNS,
    NEEDS_TEXT,
    NOT_CONCERNED,
    STATUSES,
    DataName,
    ProgressFile,
    Proposal,
    TaskReport,
)
from .validation import validate
from .workbook_scan import scan_workbook
from .writers.forms_xlsx import (
    FORM_KIND,
    INFO_SHEET,
    NOTE,
    POSSIBLE_SHEET,
    PROPOSALS_SHEET,
    STATUS,
    TASK_ID,
    TASKS_SHEET,
    TEXT,
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class _OldOffice:
    name: str
    suffixes: tuple[str, ...]


def _ole2_kind(data: bytes) -> tuple[_OldOffice, str]:
    """What an OLE2 compound file holds, read from the names of its streams (UTF-16 in the directory):
    a workbook protected by an opening password (EncryptedPackage), an old Excel workbook (Workbook /
    Book), an old Word document (WordDocument); each needs a different step from the unit."""

    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage"):
        return (
            _OldOffice("设了打开密码的工作簿", (".xlsx",)),
            "请去掉打开密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存为 .xlsx 再发回",
        )
    save_as = "请用 Excel 或 WPS 打开，另存为“Excel 工作簿（.xlsx）”后发回；最好直接填写收到的 .xlsx 填报表"
    if has("Workbook") or has("Book"):
        return _OldOffice("旧版 Excel 工作簿（.xls）", (".xls", ".xlt")), save_as
    if has("WordDocument"):
        return _OldOffice(
            "Word 文档（.doc），不是填报表", (".doc", ".dot")
        ), "请直接填写收到的 .xlsx 填报表并原样发回"
    return _OldOffice("旧版 Office 文件（.xls/.doc）", (".xls", ".doc")), save_as


_ZIP = b"PK\x03\x04"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+)')
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_NUMBER_TEXT = re.compile(r"^[0-9][0-9,，]*$")


class FormRejected(Exception):
    """Reading stops: the file cannot be read as a form at all (its diagnostics say why)."""


@dataclass
class CollectContext:
    """What every returned form is checked against."""

    plan: Plan
    fingerprint: str
    units: dict[str, UnitTasks]  # the units that were sent forms, by name
    round: str | None  # the round asked for (--round), or None: take the form's own
    stems: dict[str, str]  # every registered unit's file stem (progress_store.unit_stems)


@dataclass
class FormRead:
    """One returned file: what it says (progress, when it could be read) and what is wrong with it."""

    display: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    progress: ProgressFile | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    cells: dict[str, str]  # column name → coordinate (H5)


class _Reader:
    def __init__(self, path: Path, display: str, context: CollectContext):
        self.path, self.display, self.context = path, display, context
        self.found: list[Diagnostic] = []
        self.cached: dict[tuple[str, str], Any] | None = None
        self.sheet_parts: dict[str, str] = {}  # sheet name → its XML part (workbook_scan)

    # -- diagnostics ---------------------------------------------------------------------------------

    def report(self, code: Code, message: str, cell: str | None = None, hint: str | None = None) -> None:
        self.found.append(code.in_cell(message, self.display, cell, hint))

    def reject(
        self, code: Code, message: str, cell: str | None = None, hint: str | None = None
    ) -> FormRejected:
        self.report(code, message, cell, hint)
        return FormRejected()

    # -- the bytes -------------------------------------------------------------------------------------

    def read_bytes(self) -> bytes:
        if self.path.suffix.lower() in (".xlsm", ".xltm"):
            raise self.reject(
                codes.FORM_UNSAFE,
                "这是启用宏的工作簿（.xlsm），不予收集",
                hint="请在收到的 .xlsx 填报表中填写，另存为“Excel 工作簿（.xlsx）”",
            )
        try:
            data = read_input(self.path, self.display, limit=MAX_FORM_BYTES)
        except LoadError as exc:
            self.found.extend(exc.diagnostics)
            raise FormRejected() from None
        named = f"，只是扩展名为 {self.path.suffix}" if self.path.suffix else ""  # the name the unit gave it
        if data.startswith(_OLE2):
            kind, hint = _ole2_kind(data)
            suffix = self.path.suffix.lower()
            named = (
                "" if suffix in kind.suffixes else named
            )  # a genuine .xls is not told it only looks like one
            raise self.reject(codes.FORM_UNREADABLE, f"这是{kind.name}{named}", hint=hint)
        if not data.startswith(_ZIP):
            head = data[:4096]
            if b"\x00" not in head and (b"," in head or b"\t" in head or b"\n" in head):
                message = f"这是文本（CSV）文件{named}：表格信息和格式都已丢失"
            else:
                message = "不是 .xlsx 工作簿（文件内容不是 zip 压缩包）"
            raise self.reject(codes.FORM_UNREADABLE, message, hint="请直接填写收到的 .xlsx 填报表并原样发回")
        return data

    def check_archive(self, data: bytes) -> zipfile.ZipFile:
        """The shared archive guard (archives.py: entries, expanded size, ratio), then what only a
        workbook can hide: macros and XML document type declarations."""
        try:
            check_ooxml(data, self.display, what="工作簿")
        except LoadError as exc:
            self.found.extend(exc.diagnostics)
            raise FormRejected() from None
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if "xl/workbook.xml" not in names:  # another Office file (a Word document, a presentation)
            kind = "这是 Word 文档" if "word/document.xml" in names else "这是别的 Office 文件或 zip 压缩包"
            raise self.reject(
                codes.FORM_UNREADABLE,
                f"{kind}，不是 .xlsx 填报表",
                hint="请直接填写收到的 .xlsx 填报表并原样发回",
            )
        if any(n.lower().endswith("vbaproject.bin") for n in names) or (
            "[Content_Types].xml" in names and b"macroEnabled" in archive.read("[Content_Types].xml")
        ):
            raise self.reject(
                codes.FORM_UNSAFE,
                "工作簿含有宏（VBA），不予收集",
                hint="请另存为不含宏的“Excel 工作簿（.xlsx）”后发回",
            )
        for name in names:
            if not name.lower().endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(name) as stream:
                prolog = stream.read(65536)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise self.reject(
                    codes.FORM_UNSAFE,
                    f"工作簿的部件 {name} 含有 XML 文档类型或实体声明（DOCTYPE/ENTITY），可能是恶意文件，不予收集",
                    hint="正常的 Excel、WPS、LibreOffice 文件不含这些声明；请重新填写收到的填报表",
                )
        try:  # what the workbook holds: cells, places, formats, names (before openpyxl builds them)
            self.sheet_parts = scan_workbook(archive, self.display)
        except LoadError as exc:
            self.found.extend(exc.diagnostics)
            raise FormRejected() from None
        return archive

    # -- the workbook ------------------------------------------------------------------------------------

    def open_workbook(self, data: bytes, *, data_only: bool = False) -> Any:
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
                )
        except Exception as exc:  # openpyxl raises many kinds for damaged files; none is a bug of ours
            raise self.reject(
                codes.FORM_UNREADABLE,
                f"工作簿已损坏，无法读取（{type(exc).__name__}）",
                hint="请用 Excel、WPS 或 LibreOffice 打开后另存",
            ) from None

    def read(self) -> ProgressFile | None:
        data = self.read_bytes()
        archive = self.check_archive(data)
        wb = self.open_workbook(data)
        try:
            return self.read_workbook(wb, archive, data)
        finally:
            wb.close()

    def read_workbook(self, wb: Any, archive: zipfile.ZipFile, data: bytes) -> ProgressFile | None:
        names = list(wb.sheetnames)
        for name in (TASKS_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET, INFO_SHEET):
            if name not in names:
                raise self.reject(
                    codes.FORM_STRUCTURE,
                    f"缺少工作表「{name}」：不是 kepu-plan 生成的填报表，或工作表被删除、改名",
                    hint="请在收到的填报表中填写，不要删除或改名工作表",
                )
        for name in names:
            if name != INFO_SHEET and wb[name].sheet_state != "visible":
                self.report(
                    codes.FORM_STRUCTURE,
                    f"工作簿中有隐藏的工作表「{name}」：填报表不应有其他隐藏的工作表",
                    cell=f"{name}!A1",
                    hint="删除该工作表后再发回",
                )
        parts = {
            name: self._part(archive, wb[name]) for name in (TASKS_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET)
        }
        for name, xml in parts.items():
            merged = _MERGE.search(xml)
            if merged:
                self.report(
                    codes.FORM_STRUCTURE,
                    "有合并的单元格：填报表每个单元格各填一项，合并后无法对应到任务",
                    cell=f"{name}!{merged.group(1).decode()}",
                    hint="取消合并单元格后再发回",
                )
        if any(_FORMULA.search(xml) for xml in parts.values()):
            self.cached = {}
            values = self.open_workbook(data, data_only=True)
            try:
                for name in (TASKS_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET):
                    for row in self._rows(values[name], self._limit(name)):
                        for cell in row:
                            if getattr(cell, "coordinate", None) and cell.value is not None:
                                self.cached[(name, cell.coordinate)] = cell.value
            finally:
                values.close()

        info = self.read_info(wb[INFO_SHEET])
        unit_tasks = self.context.units[info["单位"]]
        round_name = info["轮次"]
        reports = self.read_tasks(wb[TASKS_SHEET], unit_tasks.definite, STATUSES)
        possible = self.read_tasks(
            wb[POSSIBLE_SHEET], unit_tasks.possibly_related, (*STATUSES, NOT_CONCERNED)
        )
        proposals = self.read_proposals(wb[PROPOSALS_SHEET])
        if any(d.severity is Severity.ERROR for d in self.found):
            return None
        import hashlib

        return validate(
            ProgressFile,
            {
                "plan_year": self.context.plan.year,
                "plan_title": self.context.plan.title,
                "plan_hash": info["计划指纹"],
                "round": round_name,
                "unit": unit_tasks.unit.name,
                "source": self.path.name,
                "source_sha256": hashlib.sha256(data).hexdigest(),
                "tasks": reports,
                "possibly_related": possible,
                "proposals": proposals,
            },
        )

    def _part(self, archive: zipfile.ZipFile, ws: Any) -> bytes:
        path = self.sheet_parts.get(ws.title, "")
        try:
            return archive.read(path)
        except KeyError:
            return b""

    def _limit(self, sheet: str) -> int:
        rows = 0
        for unit_tasks in self.context.units.values():
            rows = max(rows, len(unit_tasks.definite), len(unit_tasks.possibly_related))
        if sheet == PROPOSALS_SHEET:
            rows = MAX_PROPOSALS
        return rows + SPARE_ROWS

    def _rows(self, ws: Any, limit: int) -> Iterator[Sequence[Any]]:
        yield from ws.iter_rows(min_row=1, max_row=limit, max_col=MAX_COLUMNS)

    # -- the hidden sheet --------------------------------------------------------------------------------

    def read_info(self, ws: Any) -> dict[str, str]:
        info: dict[str, str] = {}
        where: dict[str, str] = {}
        for number, row in enumerate(ws.iter_rows(min_row=1, max_row=40, max_col=2, values_only=True), 1):
            if len(row) >= 2 and row[0] is not None:
                info[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
                where[str(row[0]).strip()] = f"{INFO_SHEET}!B{number}"
        plan = self.context.plan
        if info.get("表格类型") != FORM_KIND or not {"计划年份", "计划标题", "轮次", "单位"} <= set(info):
            raise self.reject(
                codes.FORM_STRUCTURE,
                "隐藏的“表格信息”不完整或被改动：无法确认这是哪份计划、哪个单位的填报表",
                cell=f"{INFO_SHEET}!A1",
                hint="请在收到的填报表中填写，不要修改隐藏的工作表",
            )
        if info["计划年份"] != str(plan.year):
            raise self.reject(
                codes.FORM_OTHER_PLAN,
                f"这是 {info['计划年份']} 年计划的填报表，而本次收集的是 {plan.year} 年的计划",
                cell=where["计划年份"],
            )
        if info["计划标题"] != plan.title:
            raise self.reject(
                codes.FORM_OTHER_PLAN,
                f"这是另一份计划「{info['计划标题']}」的填报表，而本次收集的是「{plan.title}」",
                cell=where["计划标题"],
            )
        if self.context.round is not None and info["轮次"] != self.context.round:
            raise self.reject(
                codes.FORM_OTHER_PLAN,
                f"这是轮次「{info['轮次']}」的填报表，而本次收集的是轮次「{self.context.round}」",
                cell=where["轮次"],
                hint=f"收集该轮次请用 --round {info['轮次']}",
            )
        from .progress import check_round

        if check_round(info["轮次"]) is not None:
            raise self.reject(
                codes.FORM_STRUCTURE, f"表格信息中的轮次「{info['轮次']}」无效", cell=where["轮次"]
            )
        unit = info["单位"]
        if unit not in self.context.units:
            raise self.reject(
                codes.FORM_OTHER_PLAN,
                f"表格信息中的单位「{unit}」不在本计划的填报单位中（可能是另一份计划或名录的表格）",
                cell=where["单位"],
            )
        if info.get("计划指纹") != self.context.fingerprint:
            self.report(
                codes.FORM_PLAN_CHANGED,
                "发出这份填报表之后，计划的内容有改动；各行按任务编号与当前计划对照",
                cell=where.get("计划指纹", f"{INFO_SHEET}!A1"),
                hint="如改动了任务，可用 kepu-plan forms 重新发出填报表",
            )
        self._check_file_name(unit, where["单位"])
        return info

    def _check_file_name(self, unit: str, cell: str) -> None:
        stem, stems = self.path.stem, self.context.stems
        if stem == stems.get(unit):
            return
        for other in self.context.units:
            if other != unit and stem == stems.get(other):
                self.report(
                    codes.FORM_FILE_NAME,
                    f"文件名是「{other}」，但表格信息写明这是「{unit}」的填报表：按「{unit}」收集",
                    cell=cell,
                )
                return

    # -- the task sheets ---------------------------------------------------------------------------------

    def _value(self, sheet: str, cell: Any, column: str) -> Any:
        """A cell's value; a formula's cached result (never evaluated), or None with a report."""
        value = cell.value
        if getattr(cell, "data_type", None) == "f" or (
            isinstance(value, str) and value.startswith("=") and getattr(cell, "data_type", None) == "f"
        ):
            coordinate = f"{sheet}!{cell.coordinate}"
            cached = (self.cached or {}).get((sheet, cell.coordinate))
            if cached is None:
                self.report(
                    codes.FORM_FORMULA,
                    f"「{column}」是公式（{str(value)[:40]}），没有计算结果；公式不会被计算",
                    cell=coordinate,
                    hint="请直接填写数值或文字，不要用公式",
                )
                return None
            self.report_formula(coordinate, column, value, cached)
            return cached
        return value

    def report_formula(self, coordinate: str, column: str, formula: Any, cached: Any) -> None:
        self.report(
            codes.FORM_FORMULA_VALUE,
            f"「{column}」是公式（{str(formula)[:40]}），取其保存的结果「{cached}」；公式不会被计算",
            cell=coordinate,
            hint="请直接填写数值或文字",
        )

    def _table(
        self,
        ws: Any,
        limit: int,
        fetch: int,
        required: Sequence[str],
        too_large: str,
        hint: str | None = None,
    ) -> tuple[list[Sequence[Any]], int, dict[str, int]]:
        """A sheet's rows (at most `fetch`) and its header: refused before reading when the sheet says it
        has more than `limit` rows (a million-row sheet is never loaded); `too_large` says why."""
        max_row = getattr(ws, "max_row", None)
        if isinstance(max_row, int) and max_row > limit:
            raise self.reject(
                codes.FORM_TOO_LARGE,
                f"工作表有 {max_row:,} 行，{too_large}",
                cell=f"{ws.title}!A{limit + 1}",
                hint=hint,
            )
        rows = list(self._rows(ws, fetch))
        header_index, columns = self._header(ws, ws.title, required, rows)
        return rows, header_index, columns

    def _header(
        self, ws: Any, sheet: str, required: Sequence[str], rows: list[Sequence[Any]]
    ) -> tuple[int, dict[str, int]]:
        for index, row in enumerate(rows[:12]):
            names = {
                str(c.value).strip(): i for i, c in enumerate(row) if getattr(c, "value", None) is not None
            }
            if all(r in names for r in required[:2]):
                missing = [r for r in required if r not in names]
                if missing:
                    raise self.reject(
                        codes.FORM_STRUCTURE,
                        f"表头缺少列：{'、'.join(missing)}（列被删除或改名）",
                        cell=f"{sheet}!A{index + 1}",
                        hint="请在收到的填报表中填写，不要删除或改名列",
                    )
                return index, names
        raise self.reject(
            codes.FORM_STRUCTURE,
            f"找不到表头（{'、'.join(required[:2])} 等列）：工作表的结构被改动",
            cell=f"{sheet}!A1",
            hint="请在收到的填报表中填写，不要删除或改名列",
        )

    def read_tasks(
        self, ws: Any, expected: Sequence[Assignment | PossibleAssignment], allowed: Sequence[str]
    ) -> list[TaskReport]:
        sheet = ws.title
        limit = len(expected) + SPARE_ROWS
        required = (TASK_ID, STATUS, "工作任务", TEXT, *DATA_COLUMNS, NOTE)
        rows, header_index, columns = self._table(
            ws,
            limit,
            limit + 1,
            required,
            f"而这份填报表只有 {len(expected)} 项任务；不予读取",
            "删除多余的行后再发回",
        )
        if len(rows) > limit and any(getattr(c, "value", None) not in (None, "") for c in rows[limit]):
            raise self.reject(
                codes.FORM_TOO_LARGE,
                f"工作表超过 {limit:,} 行，而这份填报表只有 {len(expected)} 项任务；不予读取",
                cell=f"{sheet}!A{limit + 1}",
            )
        fill = (STATUS, TEXT, *DATA_COLUMNS, NOTE)
        got: list[_Row] = []
        for offset, row in enumerate(rows[header_index + 1 : limit], header_index + 2):
            values: dict[str, Any] = {}
            cells: dict[str, str] = {}
            for name in (TASK_ID, "工作任务", *fill):
                i = columns[name]
                cell = row[i] if i < len(row) else None
                cells[name] = f"{sheet}!{_letter(i)}{offset}"
                if cell is None or getattr(cell, "value", None) is None:
                    values[name] = None
                    continue
                values[name] = self._value(sheet, cell, name) if name in fill else cell.value
            task_id = _text(values[TASK_ID])
            if not task_id and not any(_text(values[n]) for n in fill):
                continue  # an empty row, or the note （无） of an empty sheet
            got.append(_Row(offset, values, cells))
        if not self._rows_match(sheet, expected, got, header_index):
            return []
        return [self._report(entry, row, allowed) for entry, row in zip(expected, got, strict=True)]

    def _rows_match(
        self,
        sheet: str,
        expected: Sequence[Assignment | PossibleAssignment],
        got: list[_Row],
        header_index: int,
    ) -> bool:
        expected_ids = [e.task.id for e in expected]
        known = set(expected_ids)
        got_ids = [_text(r.values[TASK_ID]) for r in got]
        ok = True
        explained: set[str] = set()
        seen: set[str] = set()
        for index, row in enumerate(got):
            task_id = got_ids[index]
            cell = row.cells[TASK_ID]
            if not task_id:
                self.report(
                    codes.FORM_ROWS_CHANGED,
                    f"第 {row.number} 行没有任务编号：不能增加任务行",
                    cell=cell,
                    hint="在“备注”中补充说明，不要增加行",
                )
                ok = False
            elif task_id not in known:
                candidate = expected[index] if index < len(expected) else None
                if (
                    candidate is not None
                    and candidate.task.id not in got_ids
                    and _text(row.values["工作任务"]) == candidate.task.title
                ):
                    self.report(
                        codes.FORM_TASK_ID_CHANGED,
                        f"任务编号被改成了「{task_id}」，应为「{candidate.task.id}」（{candidate.task.title}）",
                        cell=cell,
                        hint="把任务编号改回原样：它把这一行对应到计划中的任务",
                    )
                    explained.add(candidate.task.id)
                else:
                    self.report(
                        codes.FORM_ROWS_CHANGED,
                        f"任务编号「{task_id}」不是本单位在这张表中的任务：不能增加任务行",
                        cell=cell,
                        hint="删除这一行；计划外的工作可写在“佐证材料或备注”或“次年工作建议”中",
                    )
                ok = False
            elif task_id in seen:
                self.report(
                    codes.FORM_ROWS_CHANGED, f"任务「{task_id}」出现了两次：不能复制任务行", cell=cell
                )
                ok = False
            seen.add(task_id)
        for position, entry in enumerate(expected):
            if entry.task.id not in seen and entry.task.id not in explained:
                self.report(
                    codes.FORM_ROWS_CHANGED,
                    f"缺少任务「{entry.task.title}」（编号 {entry.task.id}）：任务行不能删除",
                    cell=f"{sheet}!A{header_index + 2 + position}",
                    hint="不涉及或无法开展的任务请保留该行，在进展状态中选“不适用”并说明",
                )
                ok = False
        if ok and got_ids != expected_ids:
            index = next(i for i, (a, b) in enumerate(zip(got_ids, expected_ids, strict=True)) if a != b)
            self.report(
                codes.FORM_ROWS_CHANGED,
                f"任务行的顺序被调整了：第 {got[index].number} 行应为「{expected[index].task.title}」",
                cell=got[index].cells[TASK_ID],
                hint="请按发出时的顺序排列（按“序号”列升序排序即可恢复）",
            )
            ok = False
        return ok

    def _report(
        self, entry: Assignment | PossibleAssignment, row: _Row, allowed: Sequence[str]
    ) -> TaskReport:
        values, cells = row.values, row.cells
        status = _text(values[STATUS]) or None
        if status is not None and status not in allowed:
            self.report(
                codes.FORM_STATUS_INVALID,
                f"进展状态「{status}」不是可选项",
                cell=cells[STATUS],
                hint="可选：" + "、".join(allowed),
            )
            status = None
        text = self._unit_text(values[TEXT], cells[TEXT], TEXT)
        note = self._unit_text(values[NOTE], cells[NOTE], NOTE)
        if status in NEEDS_TEXT and not text.strip():
            self.report(
                codes.FORM_MISSING_TEXT,
                f"进展状态为“{status}”，但没有填写完成情况",
                cell=cells[TEXT],
                hint="已完成的写明做了什么；滞后的写明原因和打算",
            )
        data: dict[str, int] = {}
        for name in DATA_COLUMNS:
            number = self._number(values[name], cells[name], name)
            if number is not None:
                data[name] = number
        title = _text(values["工作任务"])
        if title and title != entry.task.title:
            self.report(
                codes.FORM_PLAN_TEXT_EDITED,
                f"锁定的“工作任务”被改成了「{title[:30]}」：以计划为准",
                cell=cells["工作任务"],
            )
        role = str(entry.role) if isinstance(entry, Assignment) else "可能涉及"
        return validate(
            TaskReport,
            {
                "id": entry.task.id,
                "title": entry.task.title,
                "role": role,
                "status": status,
                "text": text.strip(),
                "data": data,
                "note": note.strip(),
            },
        )

    def _unit_text(self, value: Any, cell: str, column: str) -> str:
        if value is None:
            return ""
        text = _plain(value)
        bad = _CONTROL.search(text)
        if bad:
            self.report(
                codes.FORM_BAD_CHARACTERS,
                f"「{column}」中有控制字符 U+{ord(bad.group()):04X}，无法保存",
                cell=cell,
                hint="删除该字符",
            )
            return _CONTROL.sub("", text)
        return text

    def _number(self, value: Any, cell: str, column: str) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float):
            number = int(value) if value.is_integer() else None
        elif isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
            number = int(re.sub(r"[,，]", "", value.strip()))
        else:
            number = None
        if number is None or number < 0:
            self.report(
                codes.FORM_NOT_A_NUMBER,
                f"「{column}」应为不小于 0 的整数，而不是「{_plain(value)[:30]}」",
                cell=cell,
                hint="只填数字，如 12；说明文字写在“完成情况”或“备注”中",
            )
            return None
        return number

    # -- proposals -------------------------------------------------------------------------------------

    def read_proposals(self, ws: Any) -> list[Proposal]:
        sheet = ws.title
        limit = MAX_PROPOSALS + SPARE_ROWS
        required = ("工作任务", "建议责任单位", "具体内容")
        rows, header_index, columns = self._table(
            ws, limit, limit, required, f"远超次年工作建议的上限 {MAX_PROPOSALS} 条"
        )
        proposals: list[Proposal] = []
        for number, row in enumerate(rows[header_index + 1 :], header_index + 2):
            values = {}
            for name in required:
                i = columns[name]
                cell = row[i] if i < len(row) else None
                values[name] = (
                    ""
                    if cell is None or getattr(cell, "value", None) is None
                    else self._unit_text(
                        self._value(sheet, cell, name), f"{sheet}!{_letter(i)}{number}", name
                    ).strip()
                )
            if not any(values.values()):
                continue
            where = f"{sheet}!{_letter(columns['工作任务'])}{number}"
            if not values["工作任务"]:
                self.report(
                    codes.FORM_MISSING_TEXT,
                    "这条建议没有填写工作任务",
                    cell=where,
                    hint="用一句话写明建议的工作任务",
                )
                continue
            if len(proposals) >= MAX_PROPOSALS:
                raise self.reject(codes.FORM_TOO_LARGE, f"次年工作建议超过 {MAX_PROPOSALS} 条", cell=where)
            proposals.append(
                validate(
                    Proposal,
                    {
                        "title": values["工作任务"],
                        "text": values["具体内容"],
                        "units": values["建议责任单位"],
                    },
                )
            )
        return proposals


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _plain(value: Any) -> str:
    """A cell value as text: numbers without a trailing .0, dates as ISO dates."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).removesuffix("T00:00:00")
    return str(value)


def _text(value: Any) -> str:
    return "" if value is None else _plain(value).strip()


def read_form(path: Path, display: str, context: CollectContext) -> FormRead:
    """Everything one returned file says, and everything wrong with it. Never raises for bad input."""
    reader = _Reader(path, display, context)
    result = FormRead(display)
    try:
        result.progress = reader.read()
    except FormRejected:
        result.progress = None
    result.diagnostics = reader.found
    return result


# -- comparing two collections of one unit --------------------------------------------------------------


def _data_text(data: Mapping[DataName, int]) -> str:
    return "，".join(f"{k} {v}" for k, v in data.items()) or "（未填）"


def changes(old: ProgressFile, new: ProgressFile) -> list[str]:
    """What a second form of the same unit changes, task by task, in Chinese."""
    out: list[str] = []
    before = {r.id: r for r in (*old.tasks, *old.possibly_related)}
    for row in (*new.tasks, *new.possibly_related):
        prior = before.get(row.id)
        if prior is None:
            out.append(f"任务「{row.title}」：新增")
            continue
        if prior.status != row.status:
            out.append(
                f"任务「{row.title}」：进展状态 {prior.status or '（未填）'} → {row.status or '（未填）'}"
            )
        if prior.text != row.text:
            out.append(f"任务「{row.title}」：完成情况有改动")
        if prior.data != row.data:
            out.append(f"任务「{row.title}」：主要数据 {_data_text(prior.data)} → {_data_text(row.data)}")
        if prior.note != row.note:
            out.append(f"任务「{row.title}」：佐证材料或备注有改动")
    if [p.title for p in old.proposals] != [p.title for p in new.proposals] or old.proposals != new.proposals:
        out.append(f"次年工作建议：{len(old.proposals)} 条 → {len(new.proposals)} 条（内容有改动）")
    return out
