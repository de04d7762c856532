"""Terminal and log injection: every user-supplied string in a diagnostic is shown escaped (control,
bidi and invisible characters as \\uXXXX), in the text, json and github formats and in usage errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kepu_plan.charsets import visible

from conftest import PLAN_2025, UNITS, make_project, replace_once

ANSI = "\x1b[31m"
FORGED = "\nplans/2025.yaml:1:1: 错误 KP999 伪造的一行"
BIDI = "\u202e"


def plan_with_key(tmp_path: Path, plan_text: str, key: str) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(UNITS, folder / "units.yaml")
    quoted = json.dumps(key)  # a YAML double-quoted scalar accepts JSON escapes
    path = folder / "2025.yaml"
    path.write_text(
        replace_once(
            plan_text, "title: 2025年广州市科普工作计划", f"title: 2025年广州市科普工作计划\n{quoted}: x"
        ),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("key", [f"{ANSI}titel", f"titel{FORGED}", f"ti{BIDI}tel"])
def test_text_report_shows_the_key_escaped(cli, tmp_path, plan_text, key):
    result = cli("validate", plan_with_key(tmp_path, plan_text, key), "-f", "text")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and BIDI not in result.stderr
    assert not any(line.startswith("plans/2025.yaml:1:1: 错误 KP999") for line in result.stderr.splitlines())
    assert visible(key) in result.stderr


@pytest.mark.parametrize("key", [f"{ANSI}titel", f"titel{FORGED}", f"ti{BIDI}tel"])
def test_json_and_github_reports_show_the_key_escaped(cli, tmp_path, plan_text, key):
    plan = plan_with_key(tmp_path, plan_text, key)
    document = cli("validate", plan, "-f", "json")
    messages = [d["message"] for d in json.loads(document.stdout)["diagnostics"]]
    assert any(visible(key) in m for m in messages)
    assert not any("\x1b" in m or BIDI in m or "\n" in m for m in messages)
    github = cli("validate", plan, "-f", "github")
    assert "\x1b" not in github.stdout and BIDI not in github.stdout
    assert all(line.startswith("::") for line in github.stdout.splitlines() if line)


def test_a_unit_name_in_a_usage_error_is_escaped(cli):
    result = cli("render", PLAN_2025, "--unit", f"市科{BIDI}协{ANSI}", "-f", "md")
    assert result.exit_code == 2
    assert BIDI not in result.stderr and "\x1b" not in result.stderr
    assert "\\u202e" in result.stderr


def test_a_file_name_with_a_newline_cannot_forge_a_location(cli, tmp_path, plan_text):
    folder = tmp_path / "a\nplans"
    folder.mkdir()
    shutil.copyfile(UNITS, folder / "units.yaml")
    plan = folder / "2025.yaml"
    plan.write_text(replace_once(plan_text, "units: [[各区政府]]", "units: []"), encoding="utf-8")
    result = cli("validate", plan)
    assert result.exit_code == 1
    assert all(not line.startswith("plans/2025.yaml") for line in result.stderr.splitlines())
    assert "\\u000a" in result.stderr


def test_visible_leaves_chinese_and_punctuation_alone():
    text = "市科协（广州市科学技术协会）、市科技局：2025年。"
    assert visible(text) == text
    assert visible("a\u200bb\u00adc\u2066d") == "a\\u200bb\\u00adc\\u2066d"


def test_a_not_found_message_lists_its_next_steps_on_real_lines(cli, tmp_path, monkeypatch):
    # the tool's own line breaks stay line breaks (not \u000a); the steps are indented under it
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli("render", "2031")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert "\\u000a" not in result.stderr, result.stderr
    assert lines[0].startswith("kepu-plan：找不到 2031 年的计划")
    assert "  由 2025 年的计划起草：kepu-plan new 2031" in lines
    assert all(line.startswith("  ") for line in lines[1:])


def test_a_line_break_in_a_usage_error_cannot_forge_a_location(cli):
    result = cli("render", PLAN_2025, "--unit", f"市科{FORGED}")
    assert result.exit_code == 2
    assert not any(line.startswith("plans/2025.yaml") for line in result.stderr.splitlines()), result.stderr
