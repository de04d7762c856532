"""The authors' words are marked once on the model; rules, `new` and the Word writer's XML check follow."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kepu_plan.author_text import author_texts, year_keys
from kepu_plan.checking import check_plan
from kepu_plan.loading import load_plan
from kepu_plan.model import AuthorText, Item, Plan, Section, Task, field_names
from kepu_plan.newyear import next_year_text
from kepu_plan.validation import text_fields, to_data
from kepu_plan.writers import WriterError
from kepu_plan.writers.docx_official import render_docx

from conftest import PLAN_2025, UNITS

#: A task line of the 2025 plan that a test gives an extra field.
TASK = "          - id: science-week\n"


def with_task_field(plan_text: str, field: str, value: str) -> str:
    start = plan_text.index(TASK)
    title = plan_text.index("            title:", start)
    end = plan_text.index("\n", title) + 1
    return plan_text[:end] + f"            {field}: {value}\n" + plan_text[end:]


def test_the_marks_say_which_fields_are_the_authors_words():
    assert set(text_fields(Task)) == {"title", "text", "time", "place"}
    assert set(text_fields(Section)) == {"heading", "paragraphs"}
    assert set(text_fields(Item)) == {"heading", "text", "paragraphs"}
    assert text_fields(Plan)["issuer"] == AuthorText(moves_year=False)  # a name: its year stays
    assert "issuer" not in year_keys() and {"time", "place", "preamble"} <= year_keys()


def test_every_piece_of_text_the_rules_read_has_a_path_to_its_value():
    plan = load_plan(PLAN_2025).model
    found = list(author_texts(plan))
    assert found[0] == (("title",), plan.title)
    data = to_data(plan)
    for path, text in found:
        value = data
        for part in path:
            value = value[part]
        assert value == text


@pytest.mark.parametrize("field", ["time", "place"])
def test_a_new_text_field_is_checked_by_the_rules(write_variant, plan_text, field):
    path = write_variant(with_task_field(plan_text, field, "2023年科技活动周期间"))
    stale = [d for d in check_plan(path, UNITS).diagnostics if d.code == "KP020"]
    assert stale and "2023" in stale[0].message


@pytest.mark.parametrize("field", ["time", "place"])
def test_new_moves_the_year_in_every_text_field(plan_text, field):
    moved = next_year_text(with_task_field(plan_text, field, "2025年5月"), 2026).text
    assert f"{field}: 2026年5月" in moved


def test_the_word_writer_locates_a_character_xml_cannot_hold_in_any_text_field(plan_text):
    plan = load_plan(PLAN_2025).model
    [located] = [t for t in plan.tasks() if t.id == "science-week"]
    task = replace(located.task, place="科学馆\ud800")
    group = plan.sections[located.part.section_index].groups[located.part.group_index]
    tasks = [task if t.id == task.id else t for t in group.tasks]
    section = plan.sections[located.part.section_index]
    groups = [replace(g, tasks=tasks) if g is group else g for g in section.groups]
    sections = [replace(s, groups=groups) if s is section else s for s in plan.sections]
    with pytest.raises(WriterError) as caught:
        render_docx(replace(plan, sections=sections))
    assert caught.value.path == (*located.path, "place")


def test_one_set_of_refused_characters():
    import re

    from kepu_plan import charsets

    one_line = re.compile(f"[{charsets.NOT_IN_ONE_LINE}]")
    joined = re.compile(f"[{charsets.CONTROL_CLASS}{charsets.LINE_BREAK_CLASS}]")
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        assert bool(one_line.match(c)) == bool(joined.match(c)), hex(code)
        if charsets.CONTROL.match(c) and not "\x7f" <= c <= "\x9f":  # DEL and C1: legal XML, never meant
            assert re.match(f"[{charsets.XML_INVALID_CLASS}]", c), hex(code)


def test_every_printed_field_line_is_read_back_by_the_importer():
    from kepu_plan.importing import FIELD_LABELS
    from kepu_plan.labels import FIELD_LINES

    for field, label in FIELD_LINES.items():
        assert field in field_names(Task)
        assert FIELD_LABELS[label] == field
