"""diffing: two plans aligned task by task; each kind of change built from the real 2025 plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.diffing import (
    ChangeKind,
    DiffInputError,
    Overrides,
    PlanDiff,
    TaskPair,
    diff_plans,
    text_diff,
)
from kepu_plan.loading import load_registry
from kepu_plan.model import Plan
from kepu_plan.validation import validate
from kepu_plan.yamlsource import parse_yaml
from kepu_plan.years import own_year_spans, replace_own_year

from conftest import PLAN_2025, UNITS, replace_once

FIXTURE_2024 = Path(__file__).resolve().parent / "fixtures" / "2024.yaml"
TEXT_2025 = PLAN_2025.read_text(encoding="utf-8")
REGISTRY = load_registry(UNITS)


def plan_of(text: str) -> Plan:
    data, _ = parse_yaml(text, "test.yaml")
    return validate(Plan, data)


PLAN = plan_of(TEXT_2025)


def diff(old: str | Plan, new: str | Plan, **options) -> PlanDiff:
    old_plan = old if isinstance(old, Plan) else plan_of(old)
    new_plan = new if isinstance(new, Plan) else plan_of(new)
    return diff_plans(old_plan, new_plan, old_registry=REGISTRY, new_registry=REGISTRY, **options)


def kinds(result: PlanDiff) -> list[tuple[str, str]]:
    return [(str(c.kind), c.id) for c in result.changes]


def task_block(text: str, task_id: str) -> str:
    """The YAML lines of one task, as the 2025 plan writes them."""
    match = re.search(rf"^          - id: {task_id}\n(?:            .*\n)+", text, re.M)
    assert match, task_id
    return match.group(0)


def without_task(text: str, task_id: str) -> str:
    return replace_once(text, task_block(text, task_id), "")


NEW_TASK = (
    "          - id: science-fair\n"
    "            title: 举办广州科普嘉年华。\n"
    "            text: 依托科普基地和公共场馆，举办面向市民的科普嘉年华活动，集中展示科普展品和互动项目。\n"
    "            units: [[市科协, 市科技局]]\n"
)


# -- text differences ----------------------------------------------------------------------------------


def test_text_diff_works_character_by_character_in_chinese():
    segments = text_diff("组织开展2025年广州科技活动周", "组织开展2026年广州科技活动周")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "组织开展202"),
        ("delete", "5"),
        ("insert", "6"),
        ("equal", "年广州科技活动周"),
    ]


def test_text_diff_falls_back_to_delete_and_insert_when_texts_share_too_little():
    segments = text_diff("加强统筹协调。", "注重工作实效。")
    assert [s.op for s in segments] == ["delete", "insert"]


def test_text_diff_folds_a_one_character_equality_between_two_changes():
    segments = text_diff("甲乙丙丁戊己庚辛壬癸子丑", "甲乙丙XY戊ZW庚辛壬癸子丑")
    assert ("equal", "戊") not in [(s.op, s.text) for s in segments]


@given(
    st.text(alphabet="科普工作计划年市区，。2025", max_size=40),
    st.text(alphabet="科普工作计划年市区，。2026", max_size=40),
)
def test_text_diff_rebuilds_both_texts(old, new):
    segments = text_diff(old, new)
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new


# -- the plan's own year ------------------------------------------------------------------------------


def test_own_year_is_replaced_but_a_period_is_kept():
    text = "组织2025年广州科技活动周，落实2021—2025年规划、2025-2027年行动，参加2025创交会，展望2035年"
    new, count = replace_own_year(text, 2025, "2026")
    assert new == "组织2026年广州科技活动周，落实2021—2025年规划、2025-2027年行动，参加2026创交会，展望2035年"
    assert count == 2


def test_a_year_inside_a_longer_number_is_not_the_plans_year():
    assert own_year_spans("编号120251号", 2025) == []


# -- tasks: each kind of change ------------------------------------------------------------------------------


def test_identical_plans_have_no_changes():
    result = diff(PLAN, PLAN)
    assert not result.differs
    assert result.changes == [] and result.parts == [] and result.units == []
    assert len(result.pairs) == 30


def test_a_task_added_is_reported_with_every_unit_gaining_it():
    new = replace_once(
        TEXT_2025, task_block(TEXT_2025, "lectures"), task_block(TEXT_2025, "lectures") + NEW_TASK
    )
    result = diff(TEXT_2025, new)
    assert kinds(result) == [("added", "science-fair")]
    change = result.changes[0]
    assert change.old is None and change.new.label == "二（五）第3项"
    assert change.units_added == ("市科协", "市科技局")
    assert {u.unit: [r.id for r in u.gained] for u in result.units} == {
        "市科技局": ["science-fair"],
        "市科协": ["science-fair"],
    }


def test_a_task_removed_is_reported_where_it_stood():
    result = diff(TEXT_2025, without_task(TEXT_2025, "women"))
    assert kinds(result) == [("removed", "women")]
    change = result.changes[0]
    assert change.new is None and change.old.label == "二（三）第6项"
    assert change.units_removed == ("市妇联", "市科技局")
    assert [(u.unit, [r.id for r in u.lost]) for u in result.units] == [
        ("市科技局", ["women"]),
        ("市妇联", ["women"]),
    ]


def test_a_text_edit_is_a_modification_of_the_text_field():
    new = replace_once(TEXT_2025, "广州科普大讲坛、广州院士专家校园行", "广州科普大讲坛")
    result = diff(TEXT_2025, new)
    assert kinds(result) == [("modified", "lectures")]
    assert result.changes[0].fields == ("text",)
    assert result.changes[0].match == "id" and not result.changes[0].probable


def test_a_title_edit_is_a_modification_of_the_title_field():
    new = replace_once(TEXT_2025, "title: 加强质量安全科普。", "title: 加强质量安全科普工作。")
    assert [c.fields for c in diff(TEXT_2025, new).changes] == [("title",)]


def test_changed_units_name_the_units_added_and_removed():
    new = replace_once(TEXT_2025, "units: [[市妇联, 市科技局]]", "units: [[市妇联, 市科协]]")
    result = diff(TEXT_2025, new)
    change = result.changes[0]
    assert (change.id, change.fields) == ("women", ("units",))
    assert change.units_added == ("市科协",) and change.units_removed == ("市科技局",)
    assert {u.unit: ([r.id for r in u.gained], [r.id for r in u.lost]) for u in result.units} == {
        "市科技局": ([], ["women"]),
        "市科协": (["women"], []),
    }


def test_a_unit_written_by_its_full_name_is_a_change_of_wording_not_of_unit():
    new = replace_once(TEXT_2025, "units: [[市妇联, 市科技局]]", "units: [[市妇联, 广州市科学技术局]]")
    change = diff(TEXT_2025, new).changes[0]
    assert change.fields == ("units",)
    assert change.units_added == () and change.units_removed == ()


def test_a_task_moved_to_another_group_is_moved_not_removed_and_added():
    block = task_block(TEXT_2025, "communities")
    new = replace_once(
        without_task(TEXT_2025, "communities"),
        task_block(TEXT_2025, "lectures"),
        task_block(TEXT_2025, "lectures") + block,
    )
    result = diff(TEXT_2025, new)
    assert kinds(result) == [("moved", "communities")]
    change = result.changes[0]
    assert (change.old.label, change.new.label) == ("二（四）第5项", "二（五）第3项")
    assert change.new.part.heading == "支持科普内容产出，推动成果共创共享。"


def test_an_id_changed_with_the_words_kept_is_one_rename_not_a_modification():
    new = replace_once(TEXT_2025, "- id: talent\n", "- id: science-popularisation-talent\n")
    result = diff(TEXT_2025, new)
    assert kinds(result) == [("renamed", "science-popularisation-talent")]
    change = result.changes[0]
    assert change.fields == ("id",)
    assert (change.old.id, change.new.id) == ("talent", "science-popularisation-talent")
    assert change.match == "content" and not change.probable
    assert result.pairs["talent"] == "science-popularisation-talent"


def test_ids_swapped_between_two_tasks_are_two_renames_not_two_rewrites():
    new = TEXT_2025.replace("- id: health\n", "- id: TMP\n", 1)
    new = new.replace("- id: ecology-and-environment\n", "- id: health\n", 1).replace(
        "- id: TMP\n", "- id: ecology-and-environment\n", 1
    )
    result = diff(TEXT_2025, new)
    assert sorted(kinds(result)) == [("renamed", "ecology-and-environment"), ("renamed", "health")]
    assert result.pairs["health"] == "ecology-and-environment"


def test_every_id_different_and_words_kept_reports_only_renames():
    ids = re.findall(r"- id: ([a-z0-9-]+)\n", TEXT_2025)
    new = TEXT_2025
    for n, task_id in enumerate(ids):
        new = new.replace(f"- id: {task_id}\n", f"- id: imported-{n}\n", 1)
    result = diff(TEXT_2025, new)
    assert {c.kind for c in result.changes} == {ChangeKind.RENAMED}
    assert len(result.changes) == len(ids)
    assert result.summary()["modified"] == 0 and result.summary()["renamed"] == len(ids)


def test_two_tasks_swapped_are_reordered_and_nothing_else():
    safety, health = task_block(TEXT_2025, "safety-and-emergency"), task_block(TEXT_2025, "health")
    new = replace_once(TEXT_2025, safety + health, health + safety)
    result = diff(TEXT_2025, new)
    assert {c.kind for c in result.changes} == {ChangeKind.REORDERED}
    assert {c.id for c in result.changes} <= {"safety-and-emergency", "health"}
    change = result.changes[0]
    assert change.old.position != change.new.position


def test_swapping_two_tasks_further_apart_reorders_both():
    first, last = task_block(TEXT_2025, "safety-and-emergency"), task_block(TEXT_2025, "communities")
    new = replace_once(TEXT_2025, first, "@@FIRST@@")
    new = replace_once(new, last, first)
    new = replace_once(new, "@@FIRST@@", last)
    assert sorted(kinds(diff(TEXT_2025, new))) == [
        ("reordered", "communities"),
        ("reordered", "safety-and-emergency"),
    ]


def test_a_task_rewritten_under_a_new_id_is_matched_as_probable():
    old_block = task_block(TEXT_2025, "lectures")
    rewritten = (
        "          - id: science-lectures\n"
        "            title: 举办专题科普讲座。\n"
        "            text: 围绕社会热点和前沿科技，策划开展广州科普大讲坛等讲座类科普活动，拉近公众与科技的距离。\n"
        "            units: [[市科协, 市科技局]]\n"
    )
    result = diff(TEXT_2025, replace_once(TEXT_2025, old_block, rewritten))
    assert kinds(result) == [("renamed", "science-lectures"), ("modified", "science-lectures")]
    change = result.changes[1]
    assert change.fields == ("text",)
    assert change.match == "content" and change.probable
    assert 0.5 <= change.similarity < 0.75


def test_an_unrelated_new_task_is_not_matched_to_a_removed_one():
    new = replace_once(TEXT_2025, task_block(TEXT_2025, "lectures"), NEW_TASK)
    assert sorted(kinds(diff(TEXT_2025, new))) == [("added", "science-fair"), ("removed", "lectures")]


def test_a_task_edited_and_moved_has_two_changes_reported_together():
    block = task_block(TEXT_2025, "communities")
    edited = block.replace("实施社区科普益民计划", "深入实施社区科普益民计划")
    new = replace_once(
        without_task(TEXT_2025, "communities"),
        task_block(TEXT_2025, "lectures"),
        task_block(TEXT_2025, "lectures") + edited,
    )
    result = diff(TEXT_2025, new)
    assert kinds(result) == [("modified", "communities"), ("moved", "communities")]
    assert len(result.changes_by_task()) == 1


# -- overrides ------------------------------------------------------------------------------------------------


def test_a_pin_matches_two_tasks_the_similarity_would_not():
    new = replace_once(TEXT_2025, task_block(TEXT_2025, "lectures"), NEW_TASK)
    result = diff(TEXT_2025, new, overrides=Overrides(pin=[TaskPair(old="lectures", new="science-fair")]))
    assert kinds(result) == [("renamed", "science-fair"), ("modified", "science-fair")]
    assert {c.match for c in result.changes} == {"pinned"}


def test_a_forbid_separates_two_tasks_even_with_the_same_id():
    result = diff(PLAN, PLAN, overrides=Overrides(forbid=[TaskPair(old="women", new="women")]))
    # the words are the same, so only the content match could pair them, and it is forbidden too
    assert sorted(kinds(result)) == [("added", "women"), ("removed", "women")]


def test_overrides_naming_a_task_that_is_not_there_are_rejected():
    with pytest.raises(DiffInputError, match="旧计划中没有任务「no-such-task」"):
        diff(PLAN, PLAN, overrides=Overrides(pin=[TaskPair(old="no-such-task", new="women")]))


# -- the year ---------------------------------------------------------------------------------------------------


def next_year(text: str) -> str:
    return replace_own_year(text.replace("year: 2025", "year: 2026"), 2025, "2026")[0]


def test_the_year_moving_on_shows_as_changes_unless_ignored():
    result = diff(TEXT_2025, next_year(TEXT_2025))
    assert {c.id for c in result.changes} == {
        "science-week",
        "science-month",
        "youth-science-literacy",
        "urban-workers",
    }
    assert [p.where for p in result.parts] == ["年份", "标题"]
    assert not diff(TEXT_2025, next_year(TEXT_2025), ignore_year=True).differs


def test_ignore_year_still_shows_other_edits_in_the_same_text():
    new = replace_once(
        next_year(TEXT_2025), "组织2026年广州科技活动周", "组织2026年广州科技活动周（第二十届）"
    )
    result = diff(TEXT_2025, new, ignore_year=True)
    assert kinds(result) == [("modified", "science-week")]
    assert result.changes[0].fields == ("text",)


def test_last_years_date_left_in_next_years_plan_is_a_change_even_ignoring_the_year():
    new = next_year(TEXT_2025).replace("2026创交会", "2025创交会")
    assert kinds(diff(TEXT_2025, new, ignore_year=True)) == [("modified", "urban-workers")]


# -- outside the tasks -------------------------------------------------------------------------------------------


def test_a_reworded_run_in_item_is_a_modified_part_named_by_its_number():
    new = replace_once(TEXT_2025, "并在当年及时向市科技局报送", "并在当年向市科技局报送")
    result = diff(TEXT_2025, new)
    assert result.changes == []
    assert [(str(p.kind), p.where) for p in result.parts] == [("modified", "三（二）")]


def test_a_group_heading_reworded_is_a_part_change_and_its_tasks_do_not_move():
    new = replace_once(
        TEXT_2025,
        "heading: 支持科普内容产出，推动成果共创共享。",
        "heading: 支持科普内容创作，推动成果共创共享。",
    )
    result = diff(TEXT_2025, new)
    assert result.changes == []
    assert [(str(p.kind), p.where) for p in result.parts] == [("modified", "二（五）小标题")]


def test_a_preamble_paragraph_added_is_an_added_part():
    new = replace_once(TEXT_2025, "sections:\n", "  - 本计划自印发之日起施行。\nsections:\n")
    assert [(str(p.kind), p.where, p.new) for p in diff(TEXT_2025, new).parts] == [
        ("added", "前言第2段", "本计划自印发之日起施行。")
    ]


# -- the test fixture: an earlier year built from 2025 by deliberate edits ----------------------------------------


def test_the_2024_fixture_is_labelled_as_test_data():
    head = FIXTURE_2024.read_text(encoding="utf-8").splitlines()[:2]
    assert "测试数据" in head[0] and "不是正式文件" in head[0]


def test_the_2024_fixture_shows_every_kind_of_change():
    """Edits made to build tests/fixtures/2024.yaml from plans/2025.yaml, seen from 2024 to 2025:
    industry-development added; science-fair removed; lectures' text edited; women's units changed
    (市科技局 added); communities moved back from group 五 to 四; talent's id changed (was
    science-popularisation-talent); safety-and-emergency and health swapped; one run-in item reworded.
    """
    result = diff(FIXTURE_2024.read_text(encoding="utf-8"), TEXT_2025, ignore_year=True)
    assert sorted(kinds(result)) == [
        ("added", "industry-development"),
        ("modified", "lectures"),
        ("modified", "women"),
        ("moved", "communities"),
        ("removed", "science-fair"),
        ("renamed", "talent"),
        ("reordered", "safety-and-emergency"),
    ]
    by_id = {c.id: c for c in result.changes}
    assert by_id["talent"].fields == ("id",) and by_id["talent"].old.id == "science-popularisation-talent"
    assert by_id["women"].units_added == ("市科技局",)
    assert [p.where for p in result.parts] == ["三（二）"]
    assert result.summary() == {
        "added": 1,
        "removed": 1,
        "modified": 2,
        "moved": 1,
        "reordered": 1,
        "renamed": 1,
        "probable": 0,
        "other": 1,
        "old_tasks": 30,
        "new_tasks": 30,
    }


# -- the candidate index at scale -------------------------------------------------------------------------------


def test_many_renamed_and_edited_tasks_in_a_large_plan_are_matched_through_the_index():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from synthetic import synthetic_plan_text

    # 300 tasks: each of the 30 written 10 times, ids science-week-0 … -9
    big = synthetic_plan_text(10, PLAN_2025)

    def rename_and_edit(match: re.Match[str]) -> str:
        family, copy = match.group(1), int(match.group(2))
        if copy % 2 == 0:
            return match.group(0)
        return f"- id: {family}-renamed-{copy}\n{match.group(3)}title: （修订）"

    edited = re.sub(r"- id: ([a-z-]+)-(\d)\n(\s+)title: ", rename_and_edit, big)
    result = diff(plan_of(big), plan_of(edited))
    assert {str(c.kind) for c in result.changes} == {"modified", "renamed"}
    assert len([c for c in result.changes if c.kind is ChangeKind.MODIFIED]) == 150
    assert len([c for c in result.changes if c.kind is ChangeKind.RENAMED]) == 150
    # five identical edited copies of each task: told apart by where they stand
    renamed = {old: new for old, new in result.pairs.items() if old != new}
    assert len(renamed) == 150
    assert all(
        new == f"{old.rsplit('-', 1)[0]}-renamed-{old.rsplit('-', 1)[1]}" for old, new in renamed.items()
    )
