"""Hostile input, family 3: valid YAML that breaks the model, or the registry behind it."""

from __future__ import annotations

import pytest

from kepu_plan.checking import check_plan

from conftest import line_of, replace_once, write_plan
from hostile import assert_refused


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("year: 2025", "year: 明年", "year:"),
        ("year: 2025", "year: [2025]", "year:"),
        ("title: 2025年广州市科普工作计划", "title: ''", "title:"),
        ("title: 2025年广州市科普工作计划", "title: {a: 1}", "title:"),
        ("units: [[各区政府]]", "units: 各区政府", "units: 各区政府"),
        ("units: [[各区政府]]", "units: [各区政府]", "units: [各区政府]"),
        ("units: [[各区政府]]", "units: [[各区政府, 42]]", "units: [[各区政府, 42]]"),
        ("id: science-week", "id: 科技活动周", "id: 科技活动周"),
        ("id: science-week", "id: Science_Week", "id: Science_Week"),
        ("    paragraphs:\n", "    paragraphs: null\n    unused:\n", "paragraphs: null"),
    ],
)
def test_wrong_types_are_located_schema_errors(cli, tmp_path, plan_text, old, new, needle):
    broken = replace_once(plan_text, old, new)
    assert_refused(cli, tmp_path, broken, code="KP00", line=line_of(broken, needle))


def test_null_where_a_list_is_expected(cli, tmp_path, plan_text):
    broken = replace_once(plan_text, "    items:\n", "    items: null\n    old_items:\n")
    assert_refused(cli, tmp_path, broken, code="KP004", line=line_of(broken, "old_items:"))


def test_null_task_list(cli, tmp_path, plan_text):
    start = plan_text.index("        tasks:\n")
    end = plan_text.index("      - heading: 打造科普品牌矩阵")
    broken = plan_text[:start] + "        tasks: null\n" + plan_text[end:]
    assert_refused(cli, tmp_path, broken, code="KP005", line=line_of(broken, "tasks: null"))


def test_ten_thousand_units_on_one_task_give_one_message(cli, tmp_path, plan_text):
    many = ", ".join(["市科协"] * 10_000)
    broken = replace_once(plan_text, "units: [[各区政府]]", f"units: [[{many}]]")
    plan = write_plan(tmp_path / "plans", broken)
    result = cli("validate", plan)
    assert result.exit_code == 1
    assert result.stderr.count("KP012") == 1 and "共重复 9999 次" in result.stderr


@pytest.mark.slow  # a scale limit: 10,000 unknown names, each looked up for a look-alike (seconds of CPU)
def test_ten_thousand_distinct_unknown_units_are_all_reported_and_nothing_renders(cli, tmp_path, plan_text):
    many = ", ".join(f"单位{i}" for i in range(10_000))
    broken = replace_once(plan_text, "units: [[各区政府]]", f"units: [[{many}]]")
    assert_refused(cli, tmp_path, broken, code="KP011", line=line_of(broken, "单位0"))


def test_a_missing_registry_is_a_usage_error(cli, tmp_path, plan_text):
    plan = tmp_path / "elsewhere" / "2025.yaml"
    plan.parent.mkdir()
    plan.write_text(plan_text, encoding="utf-8")
    for args in (["validate", plan, "--plans-dir", tmp_path], ["render", plan, "--plans-dir", tmp_path]):
        result = cli(*args)
        assert result.exit_code == 2 and "units.yaml" in result.stderr and "Traceback" not in result.output


def test_a_registry_that_refers_to_itself(cli, tmp_path, plan_text):
    plan = write_plan(tmp_path / "plans", plan_text)
    units = plan.parent / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8")
        + "  - {name: 甲组, members: [乙组]}\n  - {name: 乙组, members: [甲组]}\n",
        encoding="utf-8",
    )
    result = cli("validate", plan)
    assert result.exit_code == 1 and "units.yaml:" in result.stderr and "自身" in result.stderr
    assert cli("render", plan, "-o", tmp_path / "p.docx").exit_code == 1
    assert not (tmp_path / "p.docx").exists()


def test_a_registry_that_is_not_a_registry(cli, tmp_path, plan_text):
    plan = write_plan(tmp_path / "plans", plan_text)
    (plan.parent / "units.yaml").write_text("- 市科协\n- 市科技局\n", encoding="utf-8")
    result = cli("validate", plan)
    assert result.exit_code == 1 and "units.yaml:1:1" in result.stderr


def test_a_lead_that_is_not_one_of_the_units(tmp_path, plan_text):
    broken = replace_once(plan_text, "units: [[各区政府]]", "units: [[各区政府]]\n            lead: 市科协")
    plan = write_plan(tmp_path / "plans", broken)
    from conftest import UNITS

    assert [d.code for d in check_plan(plan, UNITS).diagnostics if d.severity == "error"] == ["KP015"]
