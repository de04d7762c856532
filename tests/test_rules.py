"""Each rule on the real plan and on a variant that breaks it, with the place it points at."""

from __future__ import annotations

from pathlib import Path

import pytest

from kepu_plan.checking import check_plan
from kepu_plan.diagnostics import Severity

from conftest import UNITS, line_of, replace_once


def check(path: Path) -> list:
    return check_plan(path, UNITS).diagnostics


def codes(path: Path) -> list[str]:
    return [d.code for d in check(path)]


def test_the_real_plan_has_no_errors_and_two_vague_only_warnings(write_variant, plan_text):
    found = check(write_variant(plan_text))
    assert [d for d in found if d.severity is Severity.ERROR] == []
    assert [d.code for d in found] == ["KP014", "KP014"]


def test_task_without_units_is_an_error_on_the_tasks_line(write_variant, plan_text):
    broken = replace_once(plan_text, "            units: [[各区政府]]\n", "")
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP010"]
    assert d.severity is Severity.ERROR
    assert d.line == line_of(broken, "id: district-government-duty")
    assert "各区政府要履行科普工作领导责任。" in d.message


def test_empty_units_list_is_an_error_at_the_list(write_variant, plan_text):
    broken = replace_once(plan_text, "units: [[各区政府]]", "units: []")
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP010"]
    assert d.line == line_of(broken, "units: []") and d.col == 20


def test_misspelt_unit_is_an_error_with_a_suggestion(write_variant, plan_text):
    broken = replace_once(
        plan_text, "units: [[市科技局, 市科协, 市有关单位]", "units: [[市科技厅, 市科协, 市有关单位]"
    )
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP011"]
    assert d.line == line_of(broken, "市科技厅") and d.col == 22
    assert d.hint.startswith("是否应为「市科技局」")


def test_same_unit_twice_under_two_names_is_an_error(write_variant, plan_text):
    broken = replace_once(
        plan_text, "units: [[市科技局, 市科协]]", "units: [[市科技局, 市科协, 广州市科学技术协会]]"
    )
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP012"]
    assert "同一单位" in d.message


def test_duplicate_task_id_points_at_the_second_one(write_variant, plan_text):
    broken = replace_once(plan_text, "id: science-month", "id: science-week")
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP013"]
    assert d.line > line_of(broken, "id: science-week")
    assert f"第 {line_of(broken, 'id: science-week')} 行" in d.message


def test_lead_must_be_one_of_the_tasks_units(write_variant, plan_text):
    ok = replace_once(
        plan_text, "units: [[市科技局, 市科协]]", "units: [[市科技局, 市科协]]\n            lead: 市科协"
    )
    assert "KP015" not in codes(write_variant(ok))
    bad = replace_once(
        plan_text, "units: [[市科技局, 市科协]]", "units: [[市科技局, 市科协]]\n            lead: 市教育局"
    )
    [d] = [d for d in check(write_variant(bad)) if d.code == "KP015"]
    assert d.line == line_of(bad, "lead: 市教育局")


def test_last_years_date_is_a_warning_pointing_at_the_year(write_variant, plan_text):
    broken = replace_once(
        plan_text, "title: 组织开展2025年广州科技活动周", "title: 组织开展2024年广州科技活动周"
    )
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP020"]
    assert d.severity is Severity.WARNING
    line = line_of(broken, "组织开展2024年")
    assert (d.line, d.col) == (line, broken.splitlines()[line - 1].index("2024") + 1)


def test_year_ranges_and_future_targets_are_not_stale(write_variant, plan_text):
    edited = replace_once(plan_text, "落实“十四五”期间", "落实2021—2025年“十四五”期间和2035年远景目标")
    assert "KP020" not in codes(write_variant(edited))


def test_unbalanced_book_title_marks_are_a_warning(write_variant, plan_text):
    broken = replace_once(plan_text, "《广东省科学技术普及条例》", "《广东省科学技术普及条例")
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP021"]
    assert "《" in d.message


def test_half_width_comma_between_chinese_is_a_warning_with_the_full_width_hint(write_variant, plan_text):
    broken = replace_once(plan_text, "加强统筹力度，协调落实", "加强统筹力度,协调落实")
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP022"]
    assert d.hint == "改为全角「，」"
    line = line_of(broken, "加强统筹力度,")
    assert (d.line, d.col) == (line, broken.splitlines()[line - 1].index(",") + 1)


def test_half_width_marks_among_digits_and_latin_are_fine(write_variant, plan_text):
    edited = replace_once(plan_text, "组织策划实施1场以上", "组织策划实施1.5万场、1,000场AI (GPT-4.0) 以上")
    assert "KP022" not in codes(write_variant(edited))


def test_quoted_text_positions_account_for_the_quote(write_variant, plan_text):
    broken = replace_once(plan_text, "title: 加强社区基层科普。", 'title: "加强社区,基层科普。"')
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP022"]
    line = line_of(broken, "加强社区,")
    assert d.col == broken.splitlines()[line - 1].index(",") + 1


def test_a_hash_after_unquoted_text_is_a_warning_because_the_rest_disappears(write_variant, plan_text):
    broken = replace_once(plan_text, "title: 加强社区基层科普。", "title: 加强社区基层科普。 #第二部分")
    broken = replace_once(broken, "year: 2025", "year: 2025  # 年份")  # a comment after a number is fine
    [d] = [d for d in check(write_variant(broken)) if d.code == "KP026"]
    assert d.line == line_of(broken, "#第二部分") and d.severity is Severity.WARNING


def test_a_quoted_hash_is_text(write_variant, plan_text):
    edited = replace_once(plan_text, "title: 加强社区基层科普。", 'title: "加强社区基层科普。 #第二部分"')
    assert "KP026" not in codes(write_variant(edited))


def test_numbers_typed_into_text_are_found_with_the_importers_grammar(write_variant, plan_text):
    for typed in ("1.", "（2）", "③", "一)"):
        broken = replace_once(
            plan_text,
            "title: 各区政府要履行科普工作领导责任。",
            f"title: {typed}各区政府要履行科普工作领导责任。",
        )
        [d] = [d for d in check(write_variant(broken)) if d.code == "KP023"]
        assert f"「{typed}」" in d.message


@pytest.mark.parametrize(
    "change",
    [
        ("units: [[市、区科协]]", "units: [[市、区科协, 市、区科协]]"),  # a unit named twice in one task
        ("units: [[市、区科协]]", "units: [[市区科协会]]"),  # an unknown unit: an error and its suggestion
        ("units: [[市、区科协]]", "units: []"),  # no one responsible
        ("units: [[市、区科协]]", "units: [[市有关单位]]"),  # only a vague unit: a warning only
    ],
)
def test_an_output_command_runs_only_the_rules_that_can_refuse_the_plan(write_variant, plan_text, change):
    """check_plan(errors_only=True), as render, units, diff and new call it, finds exactly the errors
    that the full check finds; the warning rules, whose output those commands never show, are skipped."""
    from kepu_plan.checking import check_plan
    from kepu_plan.diagnostics import Severity

    path = write_variant(plan_text.replace(*change, 1))
    full = check_plan(path, UNITS).diagnostics
    quick = check_plan(path, UNITS, errors_only=True).diagnostics
    assert quick == [d for d in full if d.severity is Severity.ERROR]
    assert all(d.severity is Severity.ERROR for d in quick)
