"""Round trips: any plan the model holds comes back from its own text; the 2025 plan from its .docx."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepu_plan.importing import import_source
from kepu_plan.loading import load_plan, load_registry
from kepu_plan.model import Plan
from kepu_plan.sources import read_source
from kepu_plan.validation import to_data, validate
from kepu_plan.writers.text import render_txt

from conftest import PLAN_2025, UNITS, reference_paragraphs, without_ids

REGISTRY = load_registry(UNITS)
UNIT_NAMES = [u.name for u in REGISTRY.units[:40]] + ["各区政府", "市、区科协", "市有关单位"]
# Common characters of plan prose; no numerals or 、, which start headings or split unit lists.
ALPHABET = (
    "科普工作计划推动加强组织开展活动宣传教育服务能力建设资源基地青少年学校社区健康安全应急生态环境质量"
)
words = st.text(alphabet=ALPHABET, min_size=2, max_size=12)
sentence = words.map(lambda w: w + "。")
clauses = st.lists(words, min_size=1, max_size=3).map(lambda ws: "，".join(ws) + "。")
prose = st.lists(clauses, min_size=1, max_size=3).map("".join)


@st.composite
def unit_groups(draw, names: list[str]) -> list[list[str]]:
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=5, unique=True))
    cut = draw(st.integers(1, len(chosen)))
    return [g for g in (chosen[:cut], chosen[cut:]) if g]


@st.composite
def tasks(draw, index: int) -> dict:
    task = {"id": f"t{index}", "title": draw(sentence), "text": draw(st.one_of(st.just(""), prose))}
    label = draw(st.sampled_from(["责任单位", "责任部门", "牵头单位", ""]))
    names = draw(st.permutations(UNIT_NAMES))
    task["units"] = draw(unit_groups(names[:5]))
    task["label"] = label
    if label == "牵头单位" and draw(st.booleans()):
        task["support"] = draw(unit_groups(names[5:10]))
        task["support_separator"] = draw(st.sampled_from(["；", "，"]))
    return task


@st.composite
def sections(draw) -> dict:
    section = {"heading": draw(words)}
    kind = draw(st.sampled_from(["paragraphs", "groups", "items"]))
    if kind == "paragraphs" or draw(st.booleans()):
        section["paragraphs"] = draw(st.lists(prose, min_size=1, max_size=2))
    if kind == "groups":
        counter = iter(range(10_000))
        section["groups"] = [
            {
                "heading": draw(sentence),
                "task_numbering": draw(st.sampled_from(["", "1.", "1、", "（1）"])),
                "tasks": [draw(tasks(next(counter))) for _ in range(draw(st.integers(1, 3)))],
            }
            for _ in range(draw(st.integers(1, 3)))
        ]
    elif kind == "items":
        section["items"] = [
            {"heading": draw(sentence), "text": draw(prose), "paragraphs": draw(st.lists(prose, max_size=1))}
            for _ in range(draw(st.integers(1, 3)))
        ]
    return section


@st.composite
def plans(draw) -> Plan:
    year = draw(st.integers(2000, 2099))
    data = {
        "year": year,
        "title": f"{year}年" + draw(words) + "计划",
        "preamble": draw(st.lists(prose, max_size=2)),
        "sections": draw(st.lists(sections(), min_size=1, max_size=3)),
    }
    if draw(st.booleans()):
        data["issuer"] = draw(words)
        data["date"] = draw(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)))
    plan = validate(Plan, data)
    # Task ids must be unique across the plan for the comparison below.
    return plan


def reimport(text_path: Path) -> Plan:
    data, _ = import_source(read_source(text_path, text_path.name), REGISTRY, text_path.name)
    return validate(Plan, data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plans())
def test_any_plan_comes_back_from_its_own_text(tmp_path_factory, plan):
    path = tmp_path_factory.mktemp("roundtrip") / "plan.txt"
    path.write_bytes(render_txt(plan))
    back = reimport(path)
    assert without_ids(to_data(back, mode="json")) == without_ids(to_data(plan, mode="json"))


def test_the_2025_plan_comes_back_from_its_word_document(cli, tmp_path):
    docx = tmp_path / "plan.docx"
    assert cli("render", PLAN_2025, "--format", "docx", "-o", docx).exit_code == 0
    imported = tmp_path / "imported.yaml"
    result = cli("import", docx, "-o", imported, "--units", UNITS)
    assert result.exit_code == 0, result.stderr
    plan = load_plan(imported).model
    text = render_txt(plan).decode("utf-8")
    assert [line for line in text.splitlines() if line.strip()] == reference_paragraphs()
    assert without_ids(to_data(plan, mode="json")) == without_ids(
        to_data(load_plan(PLAN_2025).model, mode="json")
    )


def test_a_title_broken_over_two_lines_in_the_word_document_comes_back_whole(tmp_path):
    # a 二号 title too long for one line is written with a line break (GB/T 9704 7.3.1); a reader
    # reads it as one title, with no space where the line turned
    from kepu_plan.writers.docx_official import render_docx

    plan = load_plan(PLAN_2025).model
    long = replace(plan, title="2025年广州市全民科学素质行动暨科普工作计划实施方案")
    path = tmp_path / "plan.docx"
    path.write_bytes(render_docx(long))
    assert "\n" in docx.Document(str(path)).paragraphs[0].text  # the break is there
    back = reimport(path)
    assert back.title == long.title
    assert without_ids(to_data(back, mode="json")) == without_ids(to_data(long, mode="json"))
