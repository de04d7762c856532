"""`kepu-plan diff` as a reviewer and a CI job meet it: formats, git versions, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PLAN_2025, UNITS, git, replace_once

FIXTURE_2024 = Path(__file__).resolve().parent / "fixtures" / "2024.yaml"


def test_diff_prints_the_changes_task_by_task(cli):
    result = cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "任务 30 → 30 项：新增 1，删除 1，修改 6，移动 1，调整顺序 1，改编号 1；其他部分 3 处。" in out
    assert "新增  industry-development  二（六）第6项  激发科普产业发展活力。" in out
    assert "改编号  science-popularisation-talent → talent  二（六）第4项  加强科普人才队伍建设。" in out
    assert "修改  talent" not in out  # an id is bookkeeping: renamed once, not modified
    assert "（责任单位：市妇联{+、市科技局+}）" in out
    assert "市科技局：新增任务 二（三）第6项「提高妇女科学素质及科普参与度。」" in out
    assert "新增任务 women" not in out  # units read where a task stands and its title, not its id
    assert "\033[" not in out  # no colour when the output is not a terminal


def test_colour_can_be_asked_for(cli):
    result = cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS, "--color", "always")
    assert "\033[31;9m" in result.stdout and "\033[32;4m" in result.stdout


def test_exit_code_is_1_when_the_plans_differ_and_0_when_they_do_not(cli):
    assert cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS, "--exit-code").exit_code == 1
    assert cli("diff", PLAN_2025, PLAN_2025, "--exit-code").exit_code == 0
    assert cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS).exit_code == 0


def test_json_is_one_document_with_a_summary_and_each_change(cli):
    result = cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS, "-f", "json", "--ignore-year")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["summary"] == {
        "added": 1,
        "removed": 1,
        "modified": 2,
        "moved": 1,
        "reordered": 1,
        "renamed": 1,
        "probable": 0,
        "other": 1,
    }
    talent = [c for c in document["changes"] if c["id"] == "talent"]
    assert [(c["kind"], c["old"]["id"], c["new"]["id"]) for c in talent] == [
        ("renamed", "science-popularisation-talent", "talent")
    ]
    assert (document["old"]["year"], document["new"]["year"], document["differs"]) == (2024, 2025, True)
    changes = {(c["kind"], c["id"]): c for c in document["changes"]}
    women = changes[("modified", "women")]
    assert set(women) >= {"kind", "id", "old", "new", "fields", "units_added", "units_removed"}
    assert (
        women["fields"] == ["units"] and women["units_added"] == ["市科技局"] and women["units_removed"] == []
    )
    assert women["old"]["label"] == women["new"]["label"] == "二（三）第6项"
    assert women["new"]["path"] == "sections/1/groups/2/tasks/5"
    assert women["diff"]["units"] == [
        ["equal", "（责任单位：市妇联"],
        ["insert", "、市科技局"],
        ["equal", "）"],
    ]
    talent = changes[("renamed", "talent")]
    assert (talent["old"]["id"], talent["new"]["id"], talent["match"]) == (
        "science-popularisation-talent",
        "talent",
        "content",
    )
    assert changes[("added", "industry-development")]["old"] is None
    assert changes[("removed", "science-fair")]["new"] is None
    moved = changes[("moved", "communities")]
    assert (moved["old"]["group"], moved["new"]["group"]) == (5, 4)
    assert document["other_changes"][0]["where"] == "三（二）"
    assert {u["unit"]: u for u in document["units"]}["市科协"] == {
        "unit": "市科协",
        "gained": ["industry-development"],
        "lost": ["science-fair"],
    }


def test_markdown_is_a_summary_table_and_marked_up_changes(cli):
    result = cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS, "-f", "md", "--ignore-year")
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("## 计划对比：2024年广州市科普工作计划 → 2025年广州市科普工作计划")
    assert "| 30 → 30 | 1 | 1 | 2 | 1 | 1 | 1 | 1 |" in md
    assert "- **改编号** `science-popularisation-talent → talent`" in md
    assert "- **修改** `lectures` 二（五）第2项 举办专题科普讲座。" in md
    assert "策划开展广州科普大讲坛<ins>、广州院士专家校园行</ins>等讲座类科普活动" in md
    assert (
        "| 市科技局 | 二（三）第6项「提高妇女科学素质及科普参与度。」、二（六）第6项「激发科普产业发展活力。」 "
        "| 二（五）第3项「举办广州科普嘉年华。」 |"
    ) in md


def test_markdown_escapes_the_authors_text(cli, write_variant, plan_text):
    new = write_variant(
        replace_once(plan_text, "举办专题科普讲座。", "举办专题科普讲座<b>*重点*</b>。"), "new.yaml"
    )
    md = cli("diff", PLAN_2025, new, "-f", "md").stdout
    assert "<b>" not in md and r"\<b\>" in md


def test_identical_plans_say_so(cli):
    result = cli("diff", PLAN_2025, PLAN_2025)
    assert "两份计划没有差别。" in result.stdout


def test_output_to_a_file(cli, tmp_path):
    target = tmp_path / "diff.md"
    result = cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS, "-f", "md", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("## 计划对比")


def test_an_overrides_file_pins_a_match(cli, write_variant, plan_text, tmp_path):
    block_start = plan_text.index("          - id: lectures\n")
    block_end = plan_text.index("      - heading: 强化资源协同共建")
    new_task = (
        "          - id: science-fair\n"
        "            title: 举办广州科普嘉年华。\n"
        "            text: 依托科普基地和公共场馆，举办面向市民的科普嘉年华活动。\n"
        "            units: [[市科协, 市科技局]]\n"
    )
    new = write_variant(plan_text[:block_start] + new_task + plan_text[block_end:], "new.yaml")
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("pin:\n  - {old: lectures, new: science-fair}\n", encoding="utf-8")
    plain = json.loads(cli("diff", PLAN_2025, new, "-f", "json").stdout)
    assert plain["summary"]["added"] == plain["summary"]["removed"] == 1
    pinned = json.loads(cli("diff", PLAN_2025, new, "-f", "json", "--overrides", overrides).stdout)
    assert [(c["kind"], c["match"]) for c in pinned["changes"]] == [
        ("renamed", "pinned"),
        ("modified", "pinned"),
    ]


def test_an_overrides_file_naming_a_missing_task_is_a_usage_error(cli, tmp_path):
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("forbid:\n  - {old: no-such-task, new: women}\n", encoding="utf-8")
    result = cli("diff", PLAN_2025, PLAN_2025, "--overrides", overrides)
    assert result.exit_code == 2
    assert "旧计划中没有任务「no-such-task」" in result.stderr


def test_a_misspelt_overrides_key_is_reported_with_its_line(cli, tmp_path):
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("pins:\n  - {old: women, new: women}\n", encoding="utf-8")
    result = cli("diff", PLAN_2025, PLAN_2025, "--overrides", overrides)
    assert result.exit_code == 2
    assert "overrides.yaml:1:1: 错误 KP004 未知字段「pins」" in result.stderr


def test_a_plan_with_errors_is_reported_and_not_compared(cli, write_variant, plan_text):
    broken = write_variant(replace_once(plan_text, "units: [[各区政府]]", "units: []"), "broken.yaml")
    result = cli("diff", PLAN_2025, broken)
    assert result.exit_code == 1
    assert "broken.yaml:" in result.stderr and "KP010" in result.stderr
    assert "无法比较" in result.stderr


def test_a_missing_plan_or_bad_format_is_a_usage_error(cli):
    assert cli("diff", "1999", PLAN_2025).exit_code == 2
    assert cli("diff", PLAN_2025, PLAN_2025, "-f", "html").exit_code == 2


# -- git versions ------------------------------------------------------------------------------------------


def test_a_plan_in_git_is_compared_with_the_working_copy(cli, repo):
    plan = repo / "plans" / "2025.yaml"
    plan.write_text(
        replace_once(plan.read_text(encoding="utf-8"), "units: [[市妇联, 市科技局]]", "units: [[市妇联]]"),
        encoding="utf-8",
    )
    result = cli("diff", "git:HEAD:plans/2025.yaml", "plans/2025.yaml", "-f", "json", "--exit-code")
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["old"]["name"] == "HEAD:plans/2025.yaml"
    assert [(c["kind"], c["id"], c["units_removed"]) for c in document["changes"]] == [
        ("modified", "women", ["市科技局"])
    ]


def test_a_year_stands_for_its_file_in_a_git_revision(cli, repo):
    assert cli("diff", "git:main:2025", "2025", "--exit-code").exit_code == 0


def test_a_missing_revision_or_file_in_git_is_a_clear_usage_error(cli, repo):
    result = cli("diff", "git:no-such-branch:plans/2025.yaml", "2025")
    assert result.exit_code == 2
    assert "git 中找不到修订「no-such-branch」" in result.stderr
    result = cli("diff", "git:HEAD:plans/2019.yaml", "2025")
    assert result.exit_code == 2
    assert "git 修订「HEAD」中没有文件 plans/2019.yaml" in result.stderr


def test_a_git_version_with_errors_is_reported_under_its_git_name(cli, repo):
    plan = repo / "plans" / "2025.yaml"
    plan.write_text(
        replace_once(plan.read_text(encoding="utf-8"), "units: [[各区政府]]", "units: []"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "broken")
    result = cli("diff", "git:HEAD:plans/2025.yaml", PLAN_2025)
    assert result.exit_code == 1
    assert "HEAD:plans/2025.yaml:" in result.stderr and "KP010" in result.stderr


def test_git_spec_without_a_path_is_a_usage_error(cli, repo):
    result = cli("diff", "git:HEAD", "2025")
    assert result.exit_code == 2
    assert "git:修订:路径" in result.stderr


def test_a_git_revision_that_looks_like_an_option_is_refused(cli, tmp_path):
    target = tmp_path / "injected"
    result = cli("diff", f"git:--output={target}:x", PLAN_2025, "--units", UNITS)
    assert result.exit_code == 2 and "修订" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_bad_source_date_epoch_is_a_usage_error_for_word_outputs(cli, tmp_path):
    for fmt in ("docx", "redline"):
        result = cli(
            "diff",
            FIXTURE_2024,
            PLAN_2025,
            "--units",
            UNITS,
            "-f",
            fmt,
            "-o",
            tmp_path / f"{fmt}.docx",
            env={"SOURCE_DATE_EPOCH": "abc"},
        )
        assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.stderr
        assert not (tmp_path / f"{fmt}.docx").exists()
