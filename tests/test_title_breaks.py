"""Where a 二号 title too long for one line breaks (GB/T 9704-2012 7.3.1: 词意完整，排列对称，长短适宜):
the break chooser on titles of every kind we write, the line break in the .docx, and the PDF's lines."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from kepu_plan.loading import load_plan
from kepu_plan.model import Plan
from kepu_plan.writers.docx_official import render_docx
from kepu_plan.writers.officedoc import TEXT_BLOCK_TWIPS, W_NS, chars_per_line, title_lines, title_width
from pdfboxes import needs_soffice, rendered_pages
from test_notice import with_notice

from conftest import PLAN_2025

LANDSCAPE_TWIPS = 16838 - 2098 - 1984  # a landscape page's text block (the tables' documents)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_2025).model


def test_a_line_of_the_text_block_holds_twenty_二号_characters() -> None:
    assert 20 < chars_per_line(TEXT_BLOCK_TWIPS) < 20.2  # 156 mm / 7.76 mm
    assert title_width("年度科普") == 4 and title_width("2026") == 2
    assert title_width("2026年") == pytest.approx(
        2 + 1 + 0.2
    )  # LibreOffice's space where digits meet Chinese


@pytest.mark.parametrize(
    "title",
    ["2026年某县科普工作计划", "关于印发《科普月活动安排》的通知", "某镇科普大篷车进社区任务清单"],
)
def test_a_title_that_fits_is_left_alone(title: str) -> None:
    assert title_lines(title) == [title]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # the whole 关于… phrase fits: the break falls between it and the 文种
        ("关于印发《2026年某县科普工作安排》的通知", ["关于印发《2026年某县科普工作安排》", "的通知"]),
        ("关于转发《2026年某区科普场馆开放要求》的函", ["关于转发《2026年某区科普场馆开放要求》", "的函"]),
        # the book title fits a line but not with 关于印发 before it: the break goes before 《
        (
            "关于印发《2026年某县青少年科普工作安排》的通知",
            ["关于印发", "《2026年某县青少年科普工作安排》的通知"],
        ),
        # two titles joined by 与: one on each line, 与 opening the second
        (
            "2025年某市科普工作计划与2026年某市科普工作计划",
            ["2025年某市科普工作计划", "与2026年某市科普工作计划"],
        ),
        # no safe place gives even lines: a fallback before a word, not the lopsided break after 2026年
        (
            "2026年某市青少年科技创新大赛组织实施工作方案",
            ["2026年某市青少年", "科技创新大赛组织实施工作方案"],
        ),
    ],
)
def test_a_long_title_breaks_at_the_safe_place(title: str, expected: list[str]) -> None:
    assert title_lines(title) == expected
    assert "".join(expected) == title


def test_a_book_title_longer_than_a_line_is_broken_inside_at_a_word_only_then() -> None:
    title = "关于印发《2026年某市全民科学素质提升行动暨青少年科技创新人才培育工作方案》的通知"
    lines = title_lines(title)
    assert "".join(lines) == title and len(lines) >= 2
    assert all(title_width(line) <= chars_per_line() for line in lines)
    inner = [line for line in lines if "《" in line and "》" not in line]
    assert inner, lines  # the book title itself is split, as nothing else can make it fit
    assert not any(line.endswith(("《", "2026")) or line.startswith(("》", "年")) for line in lines)


def test_the_lines_are_as_even_as_the_safe_places_allow() -> None:
    # no 《》, no 文种 seam that fits: of the breaks before a word (科普 or 建设 give two lines that
    # fit), the one with the nearer lengths, 11 and 18 rather than 20 and 9
    title = "关于加强全市中小学校园科普教育基地规范化建设管理工作的意见"
    assert title_lines(title) == ["关于加强全市中小学校园", "科普教育基地规范化建设管理工作的意见"]


def test_a_wider_text_block_fits_more() -> None:
    title = "关于印发《2026年某县青少年科普工作安排》的通知"
    assert title_lines(title, LANDSCAPE_TWIPS) == [title]


def test_the_notice_title_is_one_centred_paragraph_with_a_line_break(plan: Plan) -> None:
    document = docx.Document(io.BytesIO(render_docx(with_notice(plan))))
    title = document.paragraphs[1]
    assert title.text == "关于印发《2025年广州市科普工作计划》\n的通知"
    assert len(title._p.findall(f".//{{{W_NS}}}br")) == 1


def test_a_long_plan_title_breaks_too_and_a_short_one_stays_one_run(plan: Plan) -> None:
    long = replace(plan, title="2025年某市科普工作计划与2026年某市科普工作计划")
    paragraph = docx.Document(io.BytesIO(render_docx(long))).paragraphs[0]
    assert paragraph.text == "2025年某市科普工作计划\n与2026年某市科普工作计划"
    short = docx.Document(io.BytesIO(render_docx(plan))).paragraphs[0]
    assert short.text == plan.title and not short._p.findall(f".//{{{W_NS}}}br")


@needs_soffice
def test_pdf_notice_title_lines_end_and_start_where_intended(plan: Plan, tmp_path: Path) -> None:
    first = rendered_pages(render_docx(with_notice(plan)), tmp_path)[0]
    texts = [line.text for line in first.lines]
    one = texts.index("关于印发《2025年广州市科普工作计划》")  # not 「…》的」 / 「通知」
    assert texts[one + 1] == "的通知"
    upper, lower = first.lines[one], first.lines[one + 1]
    assert abs((upper.x0 + upper.x1) / 2 - (lower.x0 + lower.x1) / 2) < 2  # both centred
