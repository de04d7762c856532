"""Unit lists and comparisons as a clerk reads them: landscape pages turned the right way, the page
number below the text block, rows grouped under their part, titles on their own spacing, and Chinese
text without spaces around numbers, arrows or English ids. Measured on the Word XML and on the PDF."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kepu_plan.assignments import find_unit, overview, unit_tasks
from kepu_plan.diffing import diff_plans
from kepu_plan.loading import load_plan, load_registry
from kepu_plan.writers.diff_docx import render_comparison_table
from kepu_plan.writers.unit_list_docx import render_overview_docx, render_unit_list_docx
from pdfboxes import CHAR_PT, needs_soffice, rendered_pages

from conftest import PLAN_2025, UNITS

FIXTURE_2024 = Path(__file__).resolve().parent / "fixtures" / "2024.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: A space standing between a Chinese character (or full-width mark) and a digit, either way round.
SPACED_NUMBER = re.compile(
    r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef] +\d|\d +[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")  # a task id such as science-week


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    plan, registry = load_plan(PLAN_2025).model, load_registry(UNITS)
    old = load_plan(FIXTURE_2024, UNITS).model
    diff = diff_plans(old, plan, old_registry=registry, new_registry=registry)
    return {
        "unit": render_unit_list_docx(unit_tasks(plan, registry, find_unit(registry, "市科协"))),
        "overview": render_overview_docx(overview(plan, registry)),
        "comparison": render_comparison_table(diff),
    }


def paragraphs(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


@pytest.mark.parametrize("name", ["unit", "overview", "comparison"])
def test_chinese_text_has_no_spaces_around_numbers_and_no_arrows(documents, name) -> None:  # type: ignore[no-untyped-def]
    text = paragraphs(documents[name])
    assert not [p for p in text if "→" in p or "->" in p]
    assert not [p for p in text if SPACED_NUMBER.search(p)]


def test_the_unit_list_summary_is_written_like_its_heading(documents) -> None:  # type: ignore[no-untyped-def]
    text = paragraphs(documents["unit"])
    assert any(p.startswith("明确承担的任务16项（牵头") for p in text)
    assert "一、明确承担的任务（16项）" in text


def test_the_comparison_shows_ids_only_where_the_id_itself_changed(documents) -> None:  # type: ignore[no-untyped-def]
    text = paragraphs(documents["comparison"])
    assert not [p for p in text if p.startswith("编号：")]
    with_ids = [p for p in text if ID.search(p)]
    assert with_ids and all(p.startswith("改编号：任务标识由") for p in with_ids)


# -- on the PDF ---------------------------------------------------------------------------------------

LANDSCAPE = {"top": 1587, "bottom": 1474, "left": 1984, "right": 2098}  # twips, GB/T 9704 turned clockwise


@needs_soffice
def test_landscape_unit_list_pdf_margins_page_number_and_title(documents, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = rendered_pages(documents["unit"], tmp_path)
    first = pages[0]
    assert first.width > first.height
    left, right = LANDSCAPE["left"] / 20, first.width - LANDSCAPE["right"] / 20
    block_bottom = first.height - LANDSCAPE["bottom"] / 20
    # margins: the foot's 35 mm on the left, the head's 37 mm on the right
    unit_line = first.find("单位：市科协")
    assert abs(unit_line.x0 - (left + 2 * CHAR_PT)) < 1.5
    summary = first.find("明确承担的任务16项")
    assert abs(summary.x1 - right) < 3  # a justified line ends at the right margin
    # the page number below the text block, as far below it as on a portrait page (25 mm footer, 35 mm margin)
    for number, page in enumerate(pages, 1):
        mark = page.lines[-1]
        assert mark.text == f"—{number}—"
        assert 5 < mark.y0 - block_bottom < 20
        if number % 2:
            assert abs((right - mark.x1) - 14) < 3  # odd pages: right, one 四号 character in
        else:
            assert abs((mark.x0 - left) - 14) < 3
    # the two-line title on its own spacing, not the body's 28.95 pt
    line1, line2 = first.find("2025年广州市科普工作计划"), first.find("市科协任务清单")
    assert line2.y0 - line1.y0 == pytest.approx(35, abs=1.5)
    # the part once per table, on its own row, not repeated in every row
    part = "二（一）明确科普职责定位，联动形成工作合力。"
    in_pdf = sum(part[:10] in line.text for page in pages for line in page.lines)
    assert in_pdf == paragraphs(documents["unit"]).count(part) <= 2


@needs_soffice
def test_comparison_pdf_title_spacing_and_chinese_wording(documents, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pages = rendered_pages(documents["comparison"], tmp_path)
    first = pages[0]
    line2 = first.find("新旧对照表")
    line1 = first.lines[first.lines.index(line2) - 1]
    assert line2.y0 - line1.y0 == pytest.approx(35, abs=1.5)
    text = [line.text for page in pages for line in page.lines]
    assert not [t for t in text if "→" in t]
    assert any(t.startswith("原计划任务30项，新计划30项：") for t in text)


def test_a_reference_documents_page_turns_clockwise_with_its_page_number_below_the_block(
    tmp_path: Path,
) -> None:
    from docx import Document

    from kepu_plan.writers.docx_official import render_docx

    plan, registry = load_plan(PLAN_2025).model, load_registry(UNITS)
    reference = tmp_path / "红头模板.docx"
    reference.write_bytes(
        render_docx(plan)
    )  # portrait: top 2098, right 1474, bottom 1984, left 1587, footer 1417
    data = render_unit_list_docx(unit_tasks(plan, registry, find_unit(registry, "市科协")), reference)
    section = Document(io.BytesIO(data)).sections[0]
    margins = {side: getattr(section, f"{side}_margin").twips for side in ("top", "right", "bottom", "left")}
    assert margins == {"top": 1587, "right": 2098, "bottom": 1474, "left": 1984}
    assert section.footer_distance.twips == 1474 - (1984 - 1417)  # the page number keeps its gap
