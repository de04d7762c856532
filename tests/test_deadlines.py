"""完成时限: the forms a plan writes a deadline in, the span each names, and located errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kepu_plan.deadlines import DeadlineError, parse_deadline
from kepu_plan.schemas import generated_schemas

from conftest import line_of, replace_once

D = dt.date


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("2025-06-30", "日期", D(2025, 6, 30), D(2025, 6, 30)),
        ("2025年6月30日", "日期", D(2025, 6, 30), D(2025, 6, 30)),
        ("2025-06", "月份", D(2025, 6, 1), D(2025, 6, 30)),
        ("2025年2月", "月份", D(2025, 2, 1), D(2025, 2, 28)),
        ("9月", "月份", D(2026, 9, 1), D(2026, 9, 30)),
        ("9月底", "月份", D(2026, 9, 1), D(2026, 9, 30)),
        ("2025-Q2", "季度", D(2025, 4, 1), D(2025, 6, 30)),
        ("第三季度", "季度", D(2026, 7, 1), D(2026, 9, 30)),
        ("2025年第四季度", "季度", D(2025, 10, 1), D(2025, 12, 31)),
        ("一季度", "季度", D(2026, 1, 1), D(2026, 3, 31)),
        ("上半年", "半年", D(2026, 1, 1), D(2026, 6, 30)),
        ("全年", "全年", D(2026, 1, 1), D(2026, 12, 31)),
        ("2025年全年", "全年", D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_each_written_form_names_its_span(text, kind, first, last):
    deadline = parse_deadline(text, 2026)
    assert (deadline.kind, deadline.first, deadline.last) == (kind, first, last)


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "第五季度", "尽快", "13月", "2025年6月31日"])
def test_what_is_not_a_deadline_is_refused_in_chinese(text):
    with pytest.raises(DeadlineError, match="完成时限"):
        parse_deadline(text, 2025)


def test_the_2025_plan_has_no_deadlines_and_validates(cli, write_variant, plan_text):
    path = write_variant(plan_text)
    assert "deadline" not in plan_text
    assert cli("validate", path).exit_code == 0


def test_a_deadline_in_the_plan_is_kept_as_written(write_variant, plan_text):
    from kepu_plan.loading import load_plan

    text = replace_once(
        plan_text,
        "            units: [[各区政府]]\n",
        "            units: [[各区政府]]\n            deadline: 2025-06-30\n",
    )
    text = replace_once(
        text,
        "            units: [[市、区科协]]\n",
        "            units: [[市、区科协]]\n            deadline: 第三季度\n",
    )
    plan = load_plan(write_variant(text)).model
    assert [t.task.deadline for t in plan.tasks()][:3] == ["2025-06-30", None, "第三季度"]


def test_a_malformed_deadline_is_located(cli, write_variant, plan_text):
    text = replace_once(
        plan_text,
        "            units: [[市、区科协]]\n",
        "            units: [[市、区科协]]\n            deadline: 2025年13月\n",
    )
    path = write_variant(text)
    result = cli("validate", path, "--format", "json")
    assert result.exit_code == 1
    [d] = json.loads(result.stdout)["diagnostics"]
    assert d["code"] == "KP005" and "完成时限「2025年13月」" in d["message"]
    assert d["line"] == line_of(text, "deadline: 2025年13月")


def test_the_schema_describes_the_deadline():
    schema = json.loads(generated_schemas()["plan.schema.json"])
    task = schema["$defs"]["Task"]["properties"]
    assert "deadline" in task and "proposed_by" in task
