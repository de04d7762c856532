"""`kepu-plan new`: next year's plan from this year's, the year moved on and nothing else."""

from __future__ import annotations

import json
import shutil

from kepu_plan.newyear import next_year_text

from conftest import PLAN_2025, replace_once


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(), after.splitlines()
    assert len(a) == len(b), "no line may be added, removed or folded"
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def test_only_the_year_and_the_plans_own_year_in_the_text_change(plan_text):
    result = next_year_text(plan_text, 2026)
    changes = changed_lines(plan_text, result.text)
    assert [(x.replace("2025", "2026"), y) for x, y in changes] == [(y, y) for _, y in changes]
    assert ("year: 2025", "year: 2026") in changes
    assert ("title: 2025年广州市科普工作计划", "title: 2026年广州市科普工作计划") in changes
    assert result.replaced == 7  # title, 科技活动周 ×3, 科普月, 小小科普讲解员大赛, 创交会
    assert "2025" not in result.text.split("\n", 2)[2]  # beyond the comments


def test_comments_ids_and_flow_style_unit_lists_are_kept(plan_text):
    text = next_year_text(plan_text, 2026).text
    assert text.splitlines()[:2] == plan_text.splitlines()[:2]  # the schema line and the comment
    assert "units: [[市委宣传部], [市科技局, 市科协, 市有关行业主管部门和单位], [各区政府]]" in text
    assert text.count("- id: ") == plan_text.count("- id: ")


def test_a_period_keeps_its_year_and_is_listed_for_checking(plan_text):
    source = replace_once(
        plan_text, "深入学习贯彻党的二十大精神", "落实2021—2025年科普规划，深入学习贯彻党的二十大精神"
    )
    result = next_year_text(source, 2026)
    assert "落实2021—2025年科普规划" in result.text
    assert len(result.kept) == 1 and "2021—2025年" in result.kept[0] and result.kept[0].startswith("第 ")


def test_quoted_text_stays_quoted(plan_text):
    source = replace_once(plan_text, "title: 加强质量安全科普。", 'title: "加强质量安全科普（2025年）。"')
    assert 'title: "加强质量安全科普（2026年）。"' in next_year_text(source, 2026).text


def test_a_signature_date_moves_to_the_new_year(plan_text):
    source = plan_text + "issuer: 广州市科学技术局\ndate: 2025-01-05\n"
    result = next_year_text(source, 2026)
    assert "date: 2026-01-05" in result.text
    assert "issuer: 广州市科学技术局" in result.text


def test_new_writes_next_years_plan_beside_this_years(cli, plans_dir):
    shutil.copyfile(PLAN_2025, plans_dir / "2025.yaml")
    result = cli("new", "2026", "--plans-dir", plans_dir)
    assert result.exit_code == 0, result.output
    assert (plans_dir / "2026.yaml").is_file()
    assert "年份 2025 → 2026" in result.stderr
    assert cli("validate", plans_dir / "2026.yaml").exit_code == 0


def test_new_then_diff_ignoring_the_year_shows_no_change(cli, plans_dir):
    shutil.copyfile(PLAN_2025, plans_dir / "2025.yaml")
    assert cli("new", "2026", "--plans-dir", plans_dir).exit_code == 0
    result = cli(
        "diff", "2025", "2026", "--plans-dir", plans_dir, "--ignore-year", "--exit-code", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["differs"] is False


def test_new_never_overwrites_an_existing_plan_without_force(cli, plans_dir):
    shutil.copyfile(PLAN_2025, plans_dir / "2025.yaml")
    (plans_dir / "2026.yaml").write_text("# 已有的计划\n", encoding="utf-8")
    result = cli("new", "2026", "--plans-dir", plans_dir)
    assert result.exit_code == 2
    assert "已存在" in result.stderr and "--force" in result.stderr
    assert (plans_dir / "2026.yaml").read_text(encoding="utf-8") == "# 已有的计划\n"
    assert cli("new", "2026", "--plans-dir", plans_dir, "--force").exit_code == 0
    assert "year: 2026" in (plans_dir / "2026.yaml").read_text(encoding="utf-8")


def test_new_from_a_named_year(cli, plans_dir):
    shutil.copyfile(PLAN_2025, plans_dir / "2025.yaml")
    result = cli("new", "2027", "--from", "2025", "--plans-dir", plans_dir)
    assert result.exit_code == 0, result.output
    assert "title: 2027年广州市科普工作计划" in (plans_dir / "2027.yaml").read_text(encoding="utf-8")


def test_new_without_an_older_plan_is_a_usage_error(cli, plans_dir):
    shutil.copyfile(PLAN_2025, plans_dir / "2025.yaml")
    result = cli("new", "2024", "--plans-dir", plans_dir)
    assert result.exit_code == 2
    assert "没有早于 2024 年的计划" in result.stderr


def test_new_from_a_plan_with_errors_exits_1_and_writes_nothing(cli, plans_dir, plan_text):
    (plans_dir / "2025.yaml").write_text(
        replace_once(plan_text, "units: [[各区政府]]", "units: []"), encoding="utf-8"
    )
    result = cli("new", "2026", "--plans-dir", plans_dir)
    assert result.exit_code == 1
    assert "KP010" in result.stderr
    assert not (plans_dir / "2026.yaml").exists()
