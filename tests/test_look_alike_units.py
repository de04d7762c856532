"""Look-alike unit names: the registry refuses a second name that differs from one already registered only
by traditional/simplified characters, full/half width, spaces of any width or invisible characters
(KP040); KP025 warns about invisible characters and edge spaces in the unit names of a plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hanziconv.charmap import simplified_charmap, traditional_charmap  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.units import name_key

from conftest import PLAN_2025, UNITS, replace_once

#: Every character of hanziconv's two maps, and some that are in neither.
_HANZI_SAMPLE = sorted(set(traditional_charmap + simplified_charmap + "市科协ＩＴ科協 \u3000a"))

SECOND = "  - {{name: '{name}', full_name: 另一个单位{n}, kind: 群团组织, level: 市}}\n"


def registry_with(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(PLAN_2025, folder / "2025.yaml")
    text = UNITS.read_text(encoding="utf-8")
    added = "".join(SECOND.format(name=name, n=i) for i, name in enumerate(names))
    (folder / "units.yaml").write_text(text.replace("units:\n", "units:\n" + added, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "name",
    ["市科協", "市科协\u3000", "市科协\u00a0", "市科协\u200b", "市\u202e科协", "\u200d市科协"],
    ids=["traditional", "ideographic-space", "nbsp", "zero-width-space", "bidi-override", "zwj"],
)
def test_a_look_alike_of_a_registered_unit_is_refused(cli, tmp_path, name):
    folder = registry_with(tmp_path, name)
    result = cli("validate", "2025", "--plans-dir", folder, "-f", "json")
    assert result.exit_code == 1, result.output
    codes = {d["code"] for d in json.loads(result.stdout)["diagnostics"]}
    assert codes == {"KP040"}
    for raw in ("\u202e", "\u200b", "\u200d"):
        assert raw not in result.stdout  # shown escaped, never acting on the terminal


def test_full_width_letters_collide_with_half_width_ones(cli, tmp_path):
    folder = registry_with(tmp_path, "IT科普联盟", "ＩＴ科普联盟")
    result = cli("units", "2025", "--plans-dir", folder)
    assert result.exit_code == 1 and "KP040" in result.stderr and "看起来相同" in result.stderr


def test_the_key_folds_what_looks_the_same_and_nothing_else():
    assert name_key("廣州市科學技術協會") == name_key("广州市科学技术协会")
    assert name_key("市科协\u3000") == name_key("市科协") == name_key("市科\u200b协")
    assert name_key("市科协") != name_key("区科协")


def test_an_alias_may_be_the_traditional_form_of_its_own_unit(cli, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copyfile(PLAN_2025, folder / "2025.yaml")
    text = UNITS.read_text(encoding="utf-8")
    start = text.index("  - name: 市科协\n")
    aliases = text.index("aliases: [", start)
    text = text[:aliases] + "aliases: [市科協, " + text[aliases + len("aliases: [") :]
    (folder / "units.yaml").write_text(text, encoding="utf-8")
    result = cli("validate", "2025", "--plans-dir", folder)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("written", ["市科协\u200b", "市科协\u3000", "\u00a0市科协"])
def test_kp025_warns_about_invisible_characters_in_a_plans_unit_names(cli, tmp_path, plan_text, written):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copyfile(UNITS, folder / "units.yaml")
    plan = folder / "2025.yaml"
    plan.write_text(
        replace_once(plan_text, "units: [[各区政府]]", f"units: [[各区政府, {json.dumps(written)}]]"),
        encoding="utf-8",
    )
    result = cli("validate", plan, "-f", "json")
    found = json.loads(result.stdout)["diagnostics"]
    assert any(d["code"] == "KP025" and "单位名称" in d["message"] for d in found), found


def test_import_add_units_does_not_register_the_traditional_form_of_a_known_unit(cli, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    shutil.copyfile(UNITS, folder / "units.yaml")
    source = tmp_path / "plan.txt"
    source.write_text(
        "2025年测试市科普工作计划\n一、总体要求\n（一）做好科普工作。\n1.开展科普活动。多种形式开展。（责任单位：市科協）\n",
        encoding="utf-8",
    )
    before = (folder / "units.yaml").read_text(encoding="utf-8")
    cli("import", source, "--plans-dir", folder, "--add-units", "-o", tmp_path / "x.yaml")
    assert (folder / "units.yaml").read_text(encoding="utf-8") == before
    assert cli("validate", tmp_path / "x.yaml", "--units", folder / "units.yaml").exit_code == 1


@given(st.text(alphabet=st.sampled_from(_HANZI_SAMPLE), max_size=12))
def test_the_look_alike_key_simplifies_exactly_as_hanziconv_does(name):
    """name_key translates with hanziconv's table in one C call (units._to_simplified): the same
    characters as HanziConv.toSimplified, character for character."""
    from hanziconv import HanziConv  # type: ignore[import-untyped]

    from kepu_plan.units import _to_simplified

    assert name.translate(_to_simplified()) == HanziConv.toSimplified(name)
