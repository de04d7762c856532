"""Reading a plan: every problem with the file itself gets a located Chinese message, never a traceback."""

from __future__ import annotations

import time

import pytest

from kepu_plan.diagnostics import LoadError
from kepu_plan.loading import load_plan

from conftest import line_of, replace_once


def problems(path) -> list:
    with pytest.raises(LoadError) as err:
        load_plan(path)
    return err.value.diagnostics


def test_the_real_plan_loads_with_thirty_tasks(write_variant, plan_text):
    plan = load_plan(write_variant(plan_text)).model
    assert plan.year == 2025
    assert len(plan.tasks()) == 30


def test_yaml_syntax_error_is_located(write_variant, plan_text):
    broken = replace_once(plan_text, "units: [[各区政府]]", "units: [[各区政府]")
    [d] = problems(write_variant(broken))
    assert d.code == "KP001"
    broken_line = broken[: broken.index("units: [[各区政府]\n")].count("\n") + 1
    assert d.line in (broken_line, broken_line + 1)  # libyaml notices at the end of the line or the next
    assert "YAML 语法错误" in d.message


def test_a_tab_is_explained(write_variant, plan_text):
    broken = replace_once(plan_text, "    paragraphs:", "\tparagraphs:")
    [d] = problems(write_variant(broken))
    assert d.code == "KP001" and d.line == line_of(broken, "\tparagraphs:")


def test_duplicate_key_is_an_error_naming_the_first_line(write_variant, plan_text):
    broken = replace_once(plan_text, "year: 2025\n", "year: 2025\nyear: 2024\n")
    [d] = problems(write_variant(broken))
    assert d.code == "KP002" and d.line == 4 and "第 3 行" in d.message


def test_unknown_field_suggests_the_nearest_valid_key(write_variant, plan_text):
    broken = replace_once(plan_text, "            title: 各区政府要履行", "            titel: 各区政府要履行")
    found = problems(write_variant(broken))
    unknown = next(d for d in found if d.code == "KP004")
    assert unknown.hint == "是否应为「title」？"
    assert unknown.line == line_of(broken, "titel:") and unknown.col == 13
    assert any(d.code == "KP003" and "title" in d.message for d in found)


def test_wrong_type_is_located_at_the_value(write_variant, plan_text):
    broken = replace_once(plan_text, "year: 2025", "year: 二〇二五")
    [d] = problems(write_variant(broken))
    assert d.code == "KP005" and d.line == line_of(broken, "year:") and d.col == 7
    assert "整数" in d.message


def test_task_id_must_be_an_ascii_slug(write_variant, plan_text):
    broken = replace_once(plan_text, "id: science-week", "id: 科技活动周")
    [d] = problems(write_variant(broken))
    assert d.code == "KP005" and d.line == line_of(broken, "id: 科技活动周") and d.col == 17
    assert "小写英文字母" in (d.hint or "")


def test_a_list_instead_of_a_mapping_is_explained(write_variant):
    [d] = problems(write_variant("- 2025\n- 计划\n"))
    assert d.code == "KP005" and "顶层应为映射" in d.message


def test_an_empty_file_is_an_error(write_variant):
    [d] = problems(write_variant(""))
    assert d.code == "KP001" and "空" in d.message


def test_gbk_encoded_file_is_recognised(write_variant, plan_text):
    [d] = problems(write_variant(plan_text.encode("gbk")))
    assert d.code == "KP030" and "GBK" in d.message and d.line == 2


def test_a_byte_order_mark_is_accepted(write_variant, plan_text):
    plan = load_plan(write_variant(b"\xef\xbb\xbf" + plan_text.encode("utf-8"))).model
    assert plan.title == "2025年广州市科普工作计划"


def test_windows_line_endings_are_accepted(write_variant, plan_text):
    plan = load_plan(write_variant(plan_text.replace("\n", "\r\n").encode("utf-8"))).model
    assert len(plan.tasks()) == 30


def test_python_tags_never_construct_anything(write_variant, plan_text):
    broken = plan_text.replace("year: 2025", "year: !!python/object/apply:os.system [echo pwned]")
    [d] = problems(write_variant(broken))
    assert d.code == "KP001" and "标签" in d.message and d.line == 3


def test_merge_conflict_markers_are_reported_at_their_line(write_variant, plan_text):
    broken = replace_once(
        plan_text, "year: 2025\n", "<<<<<<< HEAD\nyear: 2025\n=======\nyear: 2026\n>>>>>>> x\n"
    )
    [d] = problems(write_variant(broken))
    assert d.code == "KP001" and d.line == 3 and "冲突" in d.message


def test_control_characters_are_refused_with_their_position(write_variant, plan_text):
    broken = replace_once(plan_text, "将科普作纳入", "将科普\x07作纳入")
    [d] = problems(write_variant(broken))
    assert d.code == "KP030" and d.line == line_of(broken, "\x07") and "U+0007" in d.message


def test_an_alias_bomb_is_refused_quickly(write_variant):
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    started = time.monotonic()
    [d] = problems(write_variant("\n".join(bomb) + "\n"))
    assert d.code == "KP001" and "别名" in d.message
    assert time.monotonic() - started < 10  # a generous bound: expanding it fully would take hours


def test_deep_nesting_is_refused(write_variant):
    [d] = problems(write_variant("year: " + "[" * 200 + "]" * 200 + "\n"))
    assert d.code == "KP001" and "嵌套" in d.message


def test_undecodable_bytes_are_located_in_characters_not_bytes(write_variant):
    [d] = problems(write_variant("year: 2025\ntitle: 中文中文".encode() + b"\xff\n"))
    assert (d.code, d.line, d.col) == ("KP030", 2, 12)


def test_a_half_width_colon_in_text_gets_the_chinese_explanation(write_variant):
    [d] = problems(write_variant("year: 2025\ntitle: 计划: 草案\n"))
    assert "不能出现“:”" in d.message and "全角" in d.hint


def test_an_unknown_yaml_problem_is_still_explained_in_chinese(write_variant):
    [d] = problems(write_variant("year: 2025\n%YAML 1.2\n"))
    assert d.message.startswith("YAML 语法错误：") and d.hint


def test_a_duplicate_anchor_is_named_as_an_anchor_at_its_second_definition(write_variant):
    [d] = problems(write_variant("year: 2025\ntitle: &t 计划\nsubtitle: &t 草案\n"))
    assert (d.code, d.line) == ("KP001", 3)
    assert "锚点名重复" in d.message and "指令" not in d.message


def test_a_duplicate_yaml_directive_is_still_named_as_a_directive(write_variant):
    [d] = problems(write_variant("%YAML 1.1\n%YAML 1.1\n---\nyear: 2025\n"))
    assert "重复的 YAML 指令" in d.message


def test_an_anchor_named_in_chinese_gets_a_chinese_explanation(write_variant):
    [d] = problems(write_variant("year: 2025\ntitle: &名 计划\n"))
    assert (d.code, d.line) == ("KP001", 2)
    assert "锚点" in d.message and "alphabetic" not in d.message
