"""The 完成情况 report's layout as printed (issue 21, defect 6): typed line breaks, headings kept with
what follows, table headings broken only between words, — for units that never reported."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from conftest import invoke
from formfill import fill

TYPED = "第一场已举办，\n第二场推迟到12月举办，\n第三场取消。"


@pytest.fixture
def report(cycle_project: Path) -> docx.document.Document:
    """A round in which 市科协 reported one task (its words typed on three lines) and no one else did."""
    fill(
        cycle_project / "forms" / "市科协.xlsx",
        {"science-month": {"进展状态": "滞后", "完成情况": TYPED, "活动场次": 3}},
    )
    assert invoke("collect", "2025", "forms/市科协.xlsx").exit_code == 0
    result = invoke("report", "2025", "-o", "r.docx")
    assert result.exit_code == 0, result.output
    return docx.Document(str(cycle_project / "r.docx"))


def test_a_line_break_typed_in_a_cell_is_a_line_break_on_an_unstretched_line(report):
    typed = [p for p in report.paragraphs if "第一场已举办" in p.text]
    assert len(typed) == 2  # under its task, and again among the tasks behind schedule
    for paragraph in typed:
        assert paragraph.text.endswith("第一场已举办，\n第二场推迟到12月举办，\n第三场取消。（活动场次 3）")
        assert paragraph.text.count("\n") == 2  # python-docx reads each w:br as a line break
        # justified, the line before each break would be spread across the text block
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT
    others = [p for p in report.paragraphs if p.text.startswith("尚未报送：")]
    assert others and all(p.alignment is None for p in others)  # the rest stays justified by its style


def test_a_task_heading_and_a_parts_count_keep_with_what_follows(report):
    paragraphs = report.paragraphs
    heading = next(p for p in paragraphs if p.text.startswith("2.组织开展2025年广州市全国科普月系列活动。"))
    assert heading.paragraph_format.keep_with_next
    counts = [p for p in paragraphs if p.text.startswith("本部分 ")]
    assert counts and all(p.paragraph_format.keep_with_next for p in counts)
    units = [p for p in paragraphs if p.text.startswith("尚未报送：")]
    assert not any(p.paragraph_format.keep_with_next for p in units)


def test_table_headings_break_only_between_words(report):
    [by_unit] = [t for t in report.tables if t.rows[0].cells[1].text == "单位"]
    widths = [column.width.twips for column in by_unit.columns]
    headings = [cell.text for cell in by_unit.rows[0].cells]
    assert [h.replace("\n", "") for h in headings][2:] == [
        "明确任务", "已填报", "已完成", "滞后", "活动场次", "参与人次", "报送",
    ]  # fmt: skip
    for heading, width in zip(headings, widths, strict=True):
        for line in heading.split("\n"):
            # 小四 (240 twips a character), the cell's margins (2 × 85 twips), and room to spare
            assert len(line) * 240 + 2 * 85 < width, (line, width)
            assert len(line) <= 3 or line == heading  # longer headings are on two lines of two


def test_units_that_never_reported_show_a_dash_not_zero(report, cycle_project):
    [by_unit] = [t for t in report.tables if t.rows[0].cells[1].text == "单位"]
    rows = {row.cells[1].text: [c.text for c in row.cells] for row in by_unit.rows[1:]}
    silent = rows["天河区政府"]
    assert silent[2] != "—"  # its tasks in the plan are a fact, whoever reported
    assert silent[3:-1] == ["—"] * 5 and silent[-1] == "未报送"
    assert rows["市科协"][3:-1] == ["1", "0", "1", "3", "0"]
    assert invoke("report", "2025", "-o", "r.md").exit_code == 0
    md = (cycle_project / "r.md").read_text(encoding="utf-8")
    assert "| 序号 | 单位 | 明确任务 | 已填报 | 已完成 | 滞后 | 活动场次 | 参与人次 | 报送 |" in md
    assert "| 天河区政府 |" in md and "| — | — | — | — | — | 未报送 |" in md
