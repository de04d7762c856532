"""The form as a unit prints it: A4 landscape, 五号 or larger, headings on every page, lines to sign and
stamp, no id on paper; and a form filled and signed still collects."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from kepu_plan.form_layout import HEADER_ROW
from pdfboxes import printed

from conftest import invoke
from formfill import INFO, POSSIBLE, PROPOSALS, TASKS, fill, header, task_rows

VISIBLE = (TASKS, POSSIBLE, PROPOSALS)
ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")


def _form(sent_forms: Path, unit: str = "市科协") -> openpyxl.Workbook:
    return openpyxl.load_workbook(sent_forms / "forms" / f"{unit}.xlsx")


def test_every_sheet_prints_a4_landscape_fitted_to_the_width(sent_forms):
    wb = _form(sent_forms)
    for name in VISIBLE:
        ws = wb[name]
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), name  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        first, _ = header(ws)
        assert ws.print_title_rows and f"${first}" in ws.print_title_rows, name


def test_no_text_smaller_than_wuhao(sent_forms):
    wb = _form(sent_forms)
    for name in VISIBLE:
        for row in wb[name].iter_rows():
            for cell in row:
                if cell.value is not None or cell.style != "Normal":
                    assert cell.font.sz is None or cell.font.sz >= 10.5, (name, cell.coordinate, cell.font.sz)


def test_ids_are_out_of_sight(sent_forms):
    wb = _form(sent_forms)
    for name in (TASKS, POSSIBLE):
        ws = wb[name]
        _, cols = header(ws)
        letter = openpyxl.utils.get_column_letter(cols["任务编号"])
        assert ws.column_dimensions[letter].hidden, name
        assert any(
            ID.fullmatch(str(ws.cell(r, cols["任务编号"]).value)) for r in task_rows(ws)
        ) or not task_rows(ws)
    for name in VISIBLE:
        ws = wb[name]
        hidden = {k for k, d in ws.column_dimensions.items() if d.hidden}
        shown = [
            c.value
            for row in ws.iter_rows()
            for c in row
            if isinstance(c.value, str) and c.column_letter not in hidden
        ]
        assert not [v for v in shown if ID.search(v)], name
    assert wb[INFO].sheet_state == "hidden"


def test_the_form_asks_for_who_filled_it_and_the_seal(sent_forms):
    ws = _form(sent_forms)[TASKS]
    first, _ = header(ws)
    labels = {str(c.value).rstrip("："): c for row in ws.iter_rows(max_row=first - 1) for c in row if c.value}
    for name in ("填报人", "联系电话", "填报日期", "单位（盖章）"):
        assert name in labels, name
        label = labels[name]
        beside = ws.cell(label.row, label.column + 1)
        assert beside.value is None and not beside.protection.locked, name


def test_rows_have_room_for_a_long_report(sent_forms):
    ws = _form(sent_forms)[TASKS]
    for r in task_rows(ws):
        height = ws.row_dimensions[r].height
        assert height is None or height >= 150, (r, height)  # 200 characters of 完成情况, wrapped


def test_the_proposals_sheet_fits_one_page(sent_forms):
    ws = _form(sent_forms)[PROPOSALS]
    first, _ = header(ws)
    assert ws.max_row - first <= 15


def test_a_signed_form_with_a_long_report_collects(cycle_project):
    long = ("举办科普月活动 30 场，覆盖全市各区。" * 12)[:200]

    def sign(wb: openpyxl.Workbook) -> None:
        ws = wb[TASKS]
        for row in ws.iter_rows(max_row=HEADER_ROW - 1):
            for cell in row:
                if cell.value in ("填报人：", "联系电话：", "填报日期："):
                    ws.cell(cell.row, cell.column + 1).value = {
                        "填报人：": "张三",
                        "联系电话：": "020-12345678",
                    }.get(cell.value, "2025年12月20日")

    fill(
        cycle_project / "forms" / "市科协.xlsx",
        {"science-month": {"进展状态": "已完成", "完成情况": long, "活动场次": 30}},
        edit=sign,
    )
    result = invoke("collect", "2025", "forms/市科协.xlsx")
    assert result.exit_code == 0, result.output
    data = invoke("progress", "2025", "--format", "json").stdout
    assert long in data.replace("\\n", "")


@pytest.mark.soffice
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="no LibreOffice"
)
def test_printed_through_libreoffice(sent_forms, tmp_path):
    form = tmp_path / "form.xlsx"
    shutil.copy(sent_forms / "forms" / "市科协.xlsx", form)
    text, smallest = printed(form, tmp_path)
    assert "填报人" in text and "联系电话" in text and "填报日期" in text and "盖章" in text
    assert not ID.search(text)
    assert smallest >= 9
