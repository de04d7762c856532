"""The plan file carries every word of the published plan, and rendering gives it back exactly."""

from __future__ import annotations

from dataclasses import replace

from kepu_plan.loading import load_plan
from kepu_plan.writers.text import render_md, render_txt

from conftest import PLAN_2025, reference_paragraphs


def test_txt_rendering_reproduces_the_45_published_paragraphs_in_order():
    plan = load_plan(PLAN_2025).model
    rendered = [p.strip() for p in render_txt(plan).decode("utf-8").splitlines() if p.strip()]
    expected = reference_paragraphs()
    assert len(expected) == 45
    assert rendered == expected


def test_the_authors_typo_is_kept_as_published():
    plan = load_plan(PLAN_2025).model
    assert "将科普作纳入" in render_txt(plan).decode("utf-8")


def test_markdown_has_headings_and_bold_lead_sentences():
    plan = load_plan(PLAN_2025).model
    md = render_md(plan).decode("utf-8")
    assert md.startswith("# 2025年广州市科普工作计划\n")
    assert "\n## 一、指导思想\n" in md
    assert "\n### （一）明确科普职责定位，联动形成工作合力。\n" in md
    assert "<strong>各区政府要履行科普工作领导责任。</strong>把科学普及" in md
    assert "（责任单位：市委宣传部，市科技局、市科协、市有关行业主管部门和单位，各区政府）" in md


def test_every_reference_paragraph_appears_in_markdown_once_markup_is_removed():
    plan = load_plan(PLAN_2025).model
    md = render_md(plan).decode("utf-8")
    plain = md.replace("<strong>", "").replace("</strong>", "").replace("\\", "")
    for paragraph in reference_paragraphs():
        assert paragraph in plain


def test_numbered_tasks_keep_their_numbers_in_every_text_format():
    plan = load_plan(PLAN_2025).model
    section = plan.sections[1]
    group = replace(section.groups[0], task_numbering="1.")
    numbered = replace(
        plan,
        sections=[
            plan.sections[0],
            replace(section, groups=[group, *section.groups[1:]]),
            *plan.sections[2:],
        ],
    )
    assert "\n1.各区政府要履行科普工作领导责任。" in render_txt(numbered).decode("utf-8")
    assert "\n1.<strong>各区政府要履行科普工作领导责任。</strong>" in render_md(numbered).decode("utf-8")
