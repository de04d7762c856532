"""Full-width punctuation where YAML wants ASCII: the character, its place and the fix, under KP006."""

from __future__ import annotations

import re

import pytest

from conftest import line_of, replace_once


def col_of(text: str, needle: str, char: str) -> tuple[int, int]:
    """Line and column (1-based, in characters) of `char` inside the first line holding `needle`."""
    line = line_of(text, needle)
    return line, text.splitlines()[line - 1].index(char) + 1


@pytest.mark.parametrize(
    ("written", "char", "name"),
    [
        ("units：[[各区政府]]", "：", "全角冒号"),
        ("units： [[各区政府]]", "：", "全角冒号"),
        ("units: ［［各区政府］］", "［", "全角方括号"),
    ],
)
def test_full_width_yaml_syntax_names_the_character_its_place_and_the_fix(
    cli, write_variant, plan_text, written, char, name
):
    path = write_variant(replace_once(plan_text, "units: [[各区政府]]", written))
    result = cli("validate", path)
    assert result.exit_code == 1
    line, col = col_of(path.read_text(encoding="utf-8"), written, char)
    assert f"2025.yaml:{line}:{col}: 错误 KP006" in result.stderr, result.stderr
    assert f"「{char}」（{name}，U+{ord(char):04X}）" in result.stderr
    assert "提示：改为" in result.stderr
    assert "KP001" not in result.stderr and "应为列表" not in result.stderr  # not the confusing echo


def test_a_full_width_dash_in_a_block_list_is_named(cli, write_variant, plan_text):
    text = replace_once(plan_text, "units: [[各区政府]]", "units:\n              － [各区政府]")
    result = cli("validate", write_variant(text))
    assert result.exit_code == 1
    assert "KP006" in result.stderr and "「－」（全角短横线，U+FF0D）" in result.stderr


@pytest.mark.parametrize(
    ("group", "char"),
    [
        ("[[市科技局，市科协]]", "，"),
        ("[[市委宣传部, 市科技局；市科协]]", "；"),
        ("[[市科技局、市科协]]", "、"),
    ],
)
def test_a_full_width_comma_inside_a_unit_group_is_not_an_unknown_unit(
    cli, write_variant, plan_text, group, char
):
    written = f"units: {group}"
    path = write_variant(replace_once(plan_text, "units: [[各区政府]]", written))
    result = cli("validate", path)
    assert result.exit_code == 1
    line, col = col_of(path.read_text(encoding="utf-8"), written, char)
    assert f"2025.yaml:{line}:{col}: 错误 KP006" in result.stderr, result.stderr
    assert f"「{char}」" in result.stderr and "不分隔单位" in result.stderr
    names = re.split("[，；、,] ?", group.strip("[]"))
    assert f"提示：组内的单位用半角逗号加空格分开：[{', '.join(names)}]" in result.stderr
    assert "KP011" not in result.stderr  # no "did you mean 市有关单位?"


def test_a_registered_name_with_a_dunhao_is_left_alone(cli, write_variant, plan_text):
    """市、区科协 is one collective: its 「、」 is part of the name."""
    path = write_variant(replace_once(plan_text, "units: [[各区政府]]", "units: [[市、区科协]]"))
    result = cli("validate", path)
    assert result.exit_code == 0, result.stderr
    assert "KP006" not in result.stderr


def test_an_unknown_name_with_a_dunhao_is_still_an_unknown_unit(cli, write_variant, plan_text):
    path = write_variant(replace_once(plan_text, "units: [[各区政府]]", "units: [[市科技厅、市科协]]"))
    result = cli("validate", path)
    assert "KP011" in result.stderr and "KP006" not in result.stderr


def test_a_flat_unit_list_shows_the_nested_shape_it_needs(cli, write_variant, plan_text):
    written = "units: [各区政府, 市科协]"
    path = write_variant(replace_once(plan_text, "units: [[各区政府]]", written))
    result = cli("validate", path)
    assert result.exit_code == 1
    line = line_of(path.read_text(encoding="utf-8"), written)
    assert result.stderr.count("KP005") == 1  # once for the field, not once per name
    assert f"2025.yaml:{line}:20: 错误 KP005 「units」是单位分组的列表" in result.stderr
    assert "units: [[各区政府, 市科协]]" in result.stderr
    assert "units: [[各区政府], [市科协]]" in result.stderr


def test_rules_explains_full_width_syntax(cli):
    output = cli("rules", "full-width-syntax").output
    assert output.startswith("KP006 full-width-syntax（错误）")
    assert "units: [[市科技局，市科协]]" in output
