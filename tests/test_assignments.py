"""Each unit's own task list, computed from the real 2025 plan and its registry."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kepu_plan.assignments import (
    Role,
    UnitLookupError,
    find_unit,
    overview,
    unit_tasks,
)
from kepu_plan.loading import load_plan, load_registry
from kepu_plan.model import Plan, Task
from kepu_plan.units import Registry, RegistryFile
from kepu_plan.validation import to_data, validate

from conftest import PLANS

DISTRICT_GOVERNMENT_TASKS = {
    "district-government-duty",
    "laws-and-policies",
    "science-week",
    "science-month",
    "publicity-and-reporting",
    "competitions",
    "district-coordination",
    "science-education",
    "talent",
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLANS / "2025.yaml").model


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(PLANS / "units.yaml")


def _with_tasks(plan: Plan, *tasks: Task) -> Plan:
    """The 2025 plan with its first group's tasks replaced by `tasks`."""
    section = next(s for s in plan.sections if s.groups)
    group = replace(section.groups[0], tasks=list(tasks))
    section = replace(section, **{"groups": [group, *section.groups[1:]]})
    sections = [section if s.groups else s for s in plan.sections]
    return replace(plan, sections=sections)


# -- definite tasks ---------------------------------------------------------------------------------


def test_city_science_association_has_fifteen_direct_tasks_and_one_via_city_and_district_associations(
    plan, registry
):
    result = unit_tasks(plan, registry, "市科协")
    direct = [a for a in result.definite if a.direct]
    via = [a for a in result.definite if not a.direct]
    assert len(result.definite) == 16
    assert len(direct) == 15
    assert [(a.task.id, a.via) for a in via] == [("science-association-duty", "市、区科协")]


def test_a_district_government_gets_every_task_of_all_district_governments(plan, registry):
    result = unit_tasks(plan, registry, "天河区政府")
    assert {a.task.id for a in result.definite} == DISTRICT_GOVERNMENT_TASKS
    assert {a.via for a in result.definite} == {"各区政府"}


def test_full_name_and_alias_give_the_same_list_as_the_short_name(plan, registry):
    by_short = unit_tasks(plan, registry, "市科协")
    assert unit_tasks(plan, registry, "广州市科学技术协会") == by_short
    assert unit_tasks(plan, registry, "广州市科协") == by_short


def test_a_unit_standing_first_leads_and_the_others_support(plan, registry):
    roles = {a.task.id: a.role for a in unit_tasks(plan, registry, "市科协").definite}
    assert roles["science-month"] is Role.LEAD  # [[市科协, 市科技局, 市有关单位], [各区政府]]
    assert roles["laws-and-policies"] is Role.SUPPORT  # [[市科技局, 市科协, 市有关单位], [各区政府]]


def test_members_of_a_collective_that_stands_first_all_lead(plan, registry):
    for name in ("天河区科协", "市科协"):
        roles = {a.task.id: a.role for a in unit_tasks(plan, registry, name).definite}
        assert roles["science-association-duty"] is Role.LEAD


def test_an_explicit_lead_overrides_the_order(plan, registry):
    task = Task(id="joint", title="联合任务。", text="内容。", units=[["市科技局", "市科协"]], lead="市科协")
    variant = _with_tasks(plan, task)
    assert unit_tasks(variant, registry, "市科协").definite[0].role is Role.LEAD
    assert unit_tasks(variant, registry, "市科技局").definite[0].role is Role.SUPPORT


def test_a_unit_named_directly_and_through_a_collective_is_listed_once_as_direct(plan, registry):
    task = Task(id="both", title="任务。", text="内容。", units=[["市、区科协", "市科协"]])
    result = unit_tasks(_with_tasks(plan, task), registry, "市科协")
    mine = [(a.task.id, a.via, a.role) for a in result.definite if a.task.id == "both"]
    assert mine == [("both", None, Role.LEAD)]


# -- possibly related --------------------------------------------------------------------------------


def test_vague_collectives_are_kept_apart_from_definite_tasks(plan, registry):
    result = unit_tasks(plan, registry, "市科协")
    definite = {a.task.id for a in result.definite}
    possible = {p.task.id for p in result.possibly_related}
    assert not definite & possible
    # 市有关单位 beside 市科技局 in science-week; 市、区有关部门 alone in theme-days
    assert {"science-week", "theme-days", "industry-campaigns"} <= possible


def test_a_city_level_vague_collective_does_not_concern_district_units(plan, registry):
    possible = {p.task.id for p in unit_tasks(plan, registry, "天河区科协").possibly_related}
    assert "science-week" not in possible  # 市有关单位: city level only
    assert "theme-days" in possible  # 市、区有关部门: both levels


def test_a_collective_with_a_vague_part_is_definite_for_members_and_possible_for_others(plan, registry):
    science_bureau = unit_tasks(plan, registry, "市科技局")
    association = unit_tasks(plan, registry, "市科协")
    assert "administrative-department-duty" in {a.task.id for a in science_bureau.definite}
    assert "administrative-department-duty" in {p.task.id for p in association.possibly_related}


# -- the overview ------------------------------------------------------------------------------------


def test_every_task_is_someones_or_is_reported_as_having_only_vague_units(plan, registry):
    result = overview(plan, registry)
    owned = {a.task.id for u in result.units for a in u.definite}
    vague_only = {p.task.id for p in result.vague_only}
    assert owned | vague_only == {p.task.id for p in plan.tasks()}
    assert vague_only == {"industry-campaigns", "theme-days"}
    assert not result.unassigned and not result.unresolved


def test_overview_lists_units_without_any_task(plan, registry):
    source = to_data(registry.source)
    source["units"].append(
        {"name": "市档案馆", "full_name": "广州市档案馆", "kind": "政府部门", "level": "市"}
    )
    bigger = Registry(validate(RegistryFile, source))
    result = overview(plan, bigger)
    assert [u.unit.name for u in result.without_tasks] == ["市档案馆"]
    assert "市档案馆" not in [u.unit.name for u, _ in result.matrix()]


def test_matrix_counts_each_units_tasks_per_part(plan, registry):
    result = overview(plan, registry)
    assert [p.number for p in result.parts] == [f"二（{n}）" for n in "一二三四五六"]
    rows = {u.unit.name: row for u, row in result.matrix()}
    assert sum(rows["市科协"]) == 16
    assert rows["天河区政府"] == [2, 3, 0, 0, 1, 3]


# -- finding a unit ----------------------------------------------------------------------------------


def test_an_unknown_unit_suggests_the_closest_registered_names(registry):
    with pytest.raises(UnitLookupError) as caught:
        find_unit(registry, "市科技厅")
    assert not caught.value.ambiguous
    assert "市科技局" in caught.value.candidates


def test_a_collective_or_a_fragment_is_ambiguous_and_names_the_candidates(registry):
    with pytest.raises(UnitLookupError) as caught:
        find_unit(registry, "天河区")
    assert caught.value.ambiguous
    assert caught.value.candidates == ("天河区政府", "天河区科技局", "天河区科协")
    with pytest.raises(UnitLookupError) as caught:
        find_unit(registry, "各区政府")
    assert caught.value.ambiguous and "天河区政府" in caught.value.candidates


def test_a_vague_collective_is_not_a_unit(registry):
    with pytest.raises(UnitLookupError) as caught:
        find_unit(registry, "市有关单位")
    assert caught.value.vague
