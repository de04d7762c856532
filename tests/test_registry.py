"""The unit registry: names, aliases, collectives that expand, vague ones that do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from kepu_plan.diagnostics import LoadError
from kepu_plan.loading import load_registry

from conftest import UNITS

DISTRICTS = ["越秀", "海珠", "荔湾", "天河", "白云", "黄埔", "番禺", "花都", "南沙", "从化", "增城"]


@pytest.fixture(scope="module")
def registry():
    return load_registry(UNITS)


def test_short_name_full_name_and_alias_resolve_to_the_same_unit(registry):
    for name in ("市科协", "广州市科学技术协会", "广州市科协"):
        resolved = registry.resolve(name)
        assert resolved is not None and resolved.canonical == "市科协"
        assert resolved.members == ("市科协",)
        assert resolved.reference == name


def test_all_district_governments_expand_to_the_eleven_districts(registry):
    resolved = registry.resolve("各区政府")
    assert resolved.members == tuple(f"{d}区政府" for d in DISTRICTS)
    assert not resolved.vague


def test_city_and_district_associations_is_one_reference_expanding_to_twelve(registry):
    resolved = registry.resolve("市、区科协")
    assert resolved.members == ("市科协", *(f"{d}区科协" for d in DISTRICTS))
    assert registry.resolve("市") is None


def test_science_departments_and_related_departments_expand_and_stay_partly_vague(registry):
    resolved = registry.resolve("市、区科技部门和有关部门")
    assert "市科技局" in resolved.members and "天河区科技局" in resolved.members
    assert resolved.vague and set(resolved.scope) == {"市", "区"}


def test_vague_collectives_do_not_expand(registry):
    for name in ("市有关单位", "各有关单位", "市、区有关部门"):
        resolved = registry.resolve(name)
        assert resolved.vague and resolved.members == ()


def test_misspelt_name_gets_the_closest_registered_names(registry):
    assert registry.resolve("市科技厅") is None
    assert registry.suggest("市科技厅")[0] == "市科技局"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    return path


UNIT = "  - {{name: {0}, full_name: 广州市{0}, kind: 政府部门, level: 市}}\n"


def test_a_name_used_by_two_units_is_an_error(tmp_path):
    path = write(tmp_path, "units:\n" + UNIT.format("市甲局") + UNIT.format("市甲局"))
    with pytest.raises(LoadError) as err:
        load_registry(path)
    assert err.value.diagnostics[0].code == "KP040"
    assert "重复" in err.value.diagnostics[0].message


def test_a_collective_with_an_unregistered_member_is_located(tmp_path):
    text = (
        "units:\n" + UNIT.format("市甲局") + "collectives:\n  - name: 各局\n    members: [市甲局, 市乙局]\n"
    )
    with pytest.raises(LoadError) as err:
        load_registry(write(tmp_path, text))
    d = err.value.diagnostics[0]
    assert d.code == "KP040" and "市乙局" in d.message and d.line == 5


def test_a_collective_that_contains_itself_is_refused(tmp_path):
    text = (
        "units:\n" + UNIT.format("市甲局") + "collectives:\n"
        "  - {name: 甲组, members: [乙组]}\n  - {name: 乙组, members: [甲组, 市甲局]}\n"
    )
    with pytest.raises(LoadError) as err:
        load_registry(write(tmp_path, text))
    assert any("自身" in d.message for d in err.value.diagnostics)


def test_a_vague_collective_must_say_whom_it_may_concern(tmp_path):
    text = "units:\n" + UNIT.format("市甲局") + "collectives:\n  - {name: 有关单位, vague: true}\n"
    with pytest.raises(LoadError) as err:
        load_registry(write(tmp_path, text))
    assert "scope" in err.value.diagnostics[0].message


def test_suggestions_are_exactly_difflibs_closest_names_without_comparing_every_name(registry):
    """The character index only skips names that cannot reach the cutoff: the answer stays difflib's."""
    import difflib

    names = registry.names()
    variants = [v for n in names[::3] for v in (n[:-1], n[1:] + "厅", n.replace("市", "区"))]
    variants += ["单位1", "市科学技术协", "广州市科技", "x", "科", "市市市市"]
    for reference in variants:
        for limit, cutoff in ((3, 0.5), (1, 0.7)):
            canonical: list[str] = []
            for name in difflib.get_close_matches(reference, names, n=limit * 3, cutoff=cutoff):
                if (c := registry.canonical(name)) not in canonical:
                    canonical.append(c)
            assert registry.suggest(reference, limit, cutoff) == canonical[:limit], reference
