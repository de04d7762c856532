"""The form reader's parts on their own: the safety checks on a returned file's bytes (collecting.safety),
a sheet read as a table (collecting.tables) and what one cell holds (collecting.cells).

The whole reader is tested through `collect` (test_cycle_*.py); these cases are the ones a command
reaches only with a real file of each kind: an OLE2 file of each kind under each name, a zip that is
not a workbook, a part with a declaration, a header moved down or a column renamed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan import codes
from kepu_plan.collecting.cells import Cells, plain
from kepu_plan.collecting.result import Findings, FormRejected
from kepu_plan.collecting.safety import OLE2, check_archive, open_workbook, read_bytes
from kepu_plan.collecting.tables import table


def _ole2(*streams: str) -> bytes:
    """The magic number, a sector of header and a directory naming `streams` in UTF-16, as OLE2 does."""
    directory = b"".join(s.encode("utf-16-le").ljust(128, b"\0") for s in ("Root Entry", *streams))
    return OLE2 + b"\0" * 504 + directory


def _refused(path: Path) -> tuple[Findings, str]:
    findings = Findings(path.name)
    with pytest.raises(FormRejected):
        read_bytes(path, findings)
    (only,) = findings.found
    return findings, only.message


@pytest.mark.parametrize(
    ("streams", "name", "expected"),
    [
        (("Workbook",), "市科协.xls", "这是旧版 Excel 工作簿（.xls）"),
        (("Workbook",), "市科协.xlsx", "这是旧版 Excel 工作簿（.xls），只是扩展名为 .xlsx"),
        (("Book",), "市科协.XLS", "这是旧版 Excel 工作簿（.xls）"),
        (("EncryptedPackage", "EncryptionInfo"), "市科协.xlsx", "这是设了打开密码的工作簿"),
        (("WordDocument",), "总结.doc", "这是Word 文档（.doc），不是填报表"),
        (("WordDocument",), "总结.xlsx", "这是Word 文档（.doc），不是填报表，只是扩展名为 .xlsx"),
        (("Something",), "市科协.xlsx", "这是旧版 Office 文件（.xls/.doc），只是扩展名为 .xlsx"),
    ],
)
def test_an_ole2_file_is_named_for_what_it_holds(tmp_path, streams, name, expected):
    path = tmp_path / name
    path.write_bytes(_ole2(*streams))
    findings, message = _refused(path)
    assert message == expected
    assert findings.found[0].code == codes.FORM_UNREADABLE.code and findings.found[0].file == name


def test_the_advice_for_a_password_is_to_remove_it_and_for_an_xls_to_save_as_xlsx(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(_ole2("EncryptedPackage"))
    (tmp_path / "b.xls").write_bytes(_ole2("Workbook"))
    assert "去掉打开密码" in (_refused(tmp_path / "a.xlsx")[0].found[0].hint or "")
    assert "另存为“Excel 工作簿（.xlsx）”" in (_refused(tmp_path / "b.xls")[0].found[0].hint or "")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            "序号,工作任务\n1,科普\n".encode("gbk"),
            "这是文本（CSV）文件，只是扩展名为 .xlsx：表格信息和格式都已丢失",
        ),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "不是 .xlsx 工作簿（文件内容不是 zip 压缩包）"),
    ],
)
def test_bytes_that_are_not_a_zip_are_refused(tmp_path, data, expected):
    path = tmp_path / "返回.xlsx"
    path.write_bytes(data)
    assert _refused(path)[1] == expected


def test_a_macro_workbook_is_refused_by_its_name_before_it_is_read(tmp_path):
    findings = Findings("x.xlsm")
    with pytest.raises(FormRejected):
        read_bytes(tmp_path / "x.xlsm", findings)  # never created: the name is enough
    assert [d.code for d in findings.found] == [codes.FORM_UNSAFE.code]


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _sent_form() -> dict[str, bytes]:
    """The parts of a small workbook as openpyxl writes one."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _archive_refused(parts: dict[str, bytes]) -> tuple[str, str]:
    findings = Findings("返回.xlsx")
    with pytest.raises(FormRejected):
        check_archive(_zip(parts), findings)
    (only,) = findings.found
    return only.code, only.message


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            {"readme.txt": b"hello", "data.csv": b"a,b\n"},
            "这是别的 Office 文件或 zip 压缩包，不是 .xlsx 填报表",
        ),
        (
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"},
            "这是 Word 文档，不是 .xlsx 填报表",
        ),
    ],
)
def test_a_zip_that_is_not_a_workbook_is_named(parts, expected):
    assert _archive_refused(parts) == (codes.FORM_UNREADABLE.code, expected)


def test_macros_and_declarations_inside_a_workbook_are_refused():
    with_vba = {**_sent_form(), "xl/vbaProject.bin": b"\0" * 64}
    assert _archive_refused(with_vba) == (codes.FORM_UNSAFE.code, "工作簿含有宏（VBA），不予收集")
    parts = _sent_form()
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = b'<!DOCTYPE r [<!ENTITY e "x">]>' + parts[rels].split(b"?>", 1)[-1]
    code, message = _archive_refused(parts)
    assert code == codes.FORM_UNSAFE.code and f"部件 {rels}" in message and "DOCTYPE" in message


def test_a_sound_workbook_passes_and_its_sheet_parts_are_known():
    findings = Findings("返回.xlsx")
    archive, sheet_parts = check_archive(_zip(_sent_form()), findings)
    assert findings.found == [] and sheet_parts == {"Sheet": "xl/worksheets/sheet1.xml"}
    assert archive.read(sheet_parts["Sheet"]).startswith(b"<")


def test_a_workbook_openpyxl_cannot_read_is_refused_as_damaged():
    parts = _sent_form()
    parts["xl/workbook.xml"] = b"<workbook"  # cut short
    findings = Findings("返回.xlsx")
    with pytest.raises(FormRejected):
        open_workbook(_zip(parts), findings)
    assert findings.found[0].message.startswith("工作簿已损坏，无法读取（")


def _sheet(rows: list[list[object]]):  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工作任务"
    for row in rows:
        ws.append(row)
    return ws


def test_the_header_is_found_by_its_names_below_the_rows_above_it():
    ws = _sheet(
        [["标题"], ["说明"], ["填报人："], [], ["任务编号", "进展状态", "完成情况"], ["a", "已完成", "做了"]]
    )
    fetched, header_index, columns = table(
        ws, Findings("f.xlsx"), 10, 10, ("任务编号", "进展状态", "完成情况"), ""
    )
    assert header_index == 4 and columns == {"任务编号": 0, "进展状态": 1, "完成情况": 2}
    assert [c.value for c in fetched[5]][:3] == ["a", "已完成", "做了"]


@pytest.mark.parametrize(
    ("rows", "cell", "words"),
    [
        ([[], ["任务编号", "进展状态", "情况"]], "工作任务!A2", "表头缺少列：完成情况"),
        ([["编号", "状态", "完成情况"]], "工作任务!A1", "找不到表头（任务编号、进展状态 等列）"),
    ],
)
def test_a_header_changed_is_located(rows, cell, words):
    findings = Findings("f.xlsx")
    with pytest.raises(FormRejected):
        table(_sheet(rows), findings, 10, 10, ("任务编号", "进展状态", "完成情况"), "")
    (only,) = findings.found
    assert only.cell == cell and only.message.startswith(words) and only.code == codes.FORM_STRUCTURE.code


def test_a_sheet_longer_than_its_bound_is_refused_before_it_is_read():
    findings = Findings("f.xlsx")
    with pytest.raises(FormRejected):
        table(
            _sheet([["任务编号", "进展状态"]] + [["x"]] * 30),
            findings,
            20,
            21,
            ("任务编号", "进展状态"),
            "太多",
        )
    assert findings.found[0].message == "工作表有 31 行，太多" and findings.found[0].cell == "工作任务!A21"


@given(st.integers(min_value=0, max_value=10**12))
def test_a_figure_is_read_however_a_spreadsheet_holds_it(n):
    cells = Cells(Findings("f.xlsx"))
    for held in (n, float(n), str(n), f"{n:,}", f"{n:,}".replace(",", "，"), f"  {n} "):
        assert cells.number(held, "工作任务!J5", "活动场次") == n
    assert cells.findings.found == []


@pytest.mark.parametrize("held", [-1, 2.5, True, "十二", "12场", "1.5"])
def test_what_is_not_a_whole_number_is_reported_at_its_cell(held):
    cells = Cells(Findings("f.xlsx"))
    assert cells.number(held, "工作任务!J5", "活动场次") is None
    (only,) = cells.findings.found
    assert only.code == codes.FORM_NOT_A_NUMBER.code and only.cell == "工作任务!J5"
    assert f"而不是「{plain(held)}」" in only.message


def test_a_control_character_is_removed_and_reported():
    cells = Cells(Findings("f.xlsx"))
    assert cells.unit_text("做了\x07两场", "工作任务!I5", "完成情况") == "做了两场"
    assert "U+0007" in cells.findings.found[0].message
