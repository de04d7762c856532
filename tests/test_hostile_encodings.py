"""Hostile input, family 1: encodings and bytes. Every command meets them with a located message."""

from __future__ import annotations

import pytest

from kepu_plan.checking import check_plan

from conftest import UNITS, line_of, replace_once, write_plan
from hostile import assert_refused


def test_gbk_file_is_refused_by_every_command(cli, tmp_path, plan_text):
    assert_refused(cli, tmp_path, plan_text.encode("gbk"), code="KP030", line=2)


def test_invalid_utf8_is_refused_by_every_command(cli, tmp_path, plan_text):
    raw = plan_text.encode("utf-8").replace("将科普作纳入".encode(), b"\xff\xfe\xfd", 1)
    line = plan_text.split("将科普作纳入")[0].count("\n") + 1
    assert_refused(cli, tmp_path, raw, code="KP030", line=line)


def test_nul_byte_is_refused_with_its_position(cli, tmp_path, plan_text):
    broken = replace_once(plan_text, "将科普作纳入", "将科普\x00作纳入")
    line = line_of(broken, "\x00")
    col = broken.splitlines()[line - 1].index("\x00") + 1
    assert_refused(cli, tmp_path, broken, code="KP030", line=line, col=col)


def test_control_character_escaped_in_yaml_is_refused(cli, tmp_path, plan_text):
    broken = replace_once(
        plan_text, "title: 2025年广州市科普工作计划", 'title: "2025年广州市\\x0c科普工作计划"'
    )
    assert_refused(cli, tmp_path, broken, code="KP005", line=line_of(broken, 'title: "2025'), col=8)


@pytest.mark.parametrize(
    ("name", "transform"),
    [
        ("bom", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
        ("bom-and-crlf", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_bom_and_windows_line_endings_are_accepted_everywhere(cli, tmp_path, plan_text, name, transform):
    plan = write_plan(tmp_path / "plans", transform(plan_text))
    assert cli("validate", plan).exit_code == 0
    out = tmp_path / "out.txt"
    assert cli("render", plan, "--format", "txt", "-o", out).exit_code == 0
    assert "将科普作纳入" in out.read_text(encoding="utf-8")


def test_zero_width_characters_are_a_located_warning(tmp_path, plan_text):
    broken = replace_once(plan_text, "title: 加强社区基层科普。", "title: 加强社区\u200b基层科普。")
    plan = write_plan(tmp_path / "plans", broken)
    [d] = [d for d in check_plan(plan, UNITS).diagnostics if d.code == "KP025"]
    line = line_of(broken, "\u200b")
    assert (d.line, d.col) == (line, broken.splitlines()[line - 1].index("\u200b") + 1)
    assert "U+200B" in d.message


def test_full_width_indentation_typed_into_text_is_a_warning(tmp_path, plan_text):
    broken = replace_once(plan_text, "      - 以习近平新时代", "      - 　　以习近平新时代")
    plan = write_plan(tmp_path / "plans", broken)
    [d] = [d for d in check_plan(plan, UNITS).diagnostics if d.code == "KP025"]
    assert "开头有空格" in d.message and d.line == line_of(broken, "　　以习近平")


def test_full_width_space_inside_text_is_the_authors_own(tmp_path, plan_text):
    edited = replace_once(plan_text, "“较真功 展才华”", "“较真功　展才华”")
    plan = write_plan(tmp_path / "plans", edited)
    assert [d.code for d in check_plan(plan, UNITS).diagnostics] == ["KP014", "KP014"]
