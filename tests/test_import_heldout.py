"""A held-out set (tests/import_heldout/): small plans in our own words, each reproducing shapes of
published plans and of the pages that carry them, read by hand into truth.yaml. The importer was
not tuned on any one of them; it is held to the figures the issue asks of plans nobody here has
seen: tasks precision and recall ≥ 0.9, headings ≥ 0.9, unit names ≥ 0.8, the titles right, and
every import's YAML readable again (no KP001)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

HELDOUT = Path(__file__).resolve().parent / "import_heldout"
TRUTH: dict[str, Any] = YAML(typ="safe").load((HELDOUT / "truth.yaml").read_text(encoding="utf-8"))
_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\d+[.、]|\(\d+\))")


def norm(text: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def headings(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [norm(node["heading"])] if node.get("heading") else []
        return own + [h for value in node.values() for h in headings(value)]
    if isinstance(node, list):
        return [h for value in node for h in headings(value)]
    return []


def tasks(node: object) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [t for t in node.get("tasks", []) if isinstance(t, dict)]
        return own + [t for key, value in node.items() if key != "tasks" for t in tasks(value)]
    if isinstance(node, list):
        return [t for value in node for t in tasks(value)]
    return []


def names(task: dict[str, Any]) -> set[str]:
    return {norm(n) for field in ("units", "support") for group in task.get(field) or [] for n in group}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], str]]:
    from conftest import invoke

    out = tmp_path_factory.mktemp("heldout")
    results = {}
    for number in TRUTH:
        target = out / f"{number}.yaml"
        result = invoke(
            "import", HELDOUT / f"{number}.txt", "-o", target, "--year", "2025", "--plans-dir", out / "none"
        )
        assert result.exit_code == 0, result.output
        check = invoke("validate", target, "--plans-dir", out / "none")
        results[number] = (YAML(typ="safe").load(target.read_text(encoding="utf-8")), check.output)
    return results


def test_every_import_of_the_held_out_set_reads_back(imported):
    assert not [n for n, (_, checked) in imported.items() if "KP001" in checked]


def test_the_held_out_set_meets_the_figures_asked_of_unseen_plans(imported):
    true_tasks = found_tasks = matched_tasks = 0
    true_headings = matched_headings = true_units = matched_units = 0
    wrong_titles = []
    for number, truth in TRUTH.items():
        data, _ = imported[number]
        if norm(data.get("title")) != norm(truth["title"]):
            wrong_titles.append(number)
        found = [norm(_NUMBER.sub("", h, count=1)).rstrip("。.:;,、") for h in headings(data.get("sections"))]
        for heading in truth["headings"]:
            if norm(heading) in found:
                found.remove(norm(heading))
                matched_headings += 1
        true_headings += len(truth["headings"])
        produced = tasks(data.get("sections"))
        found_tasks += len(produced)
        for expected in truth["tasks"]:
            true_tasks += 1
            true_units += len(expected["units"]) + len(expected.get("support", []))
            key = norm(expected["key"])
            task = next(
                (t for t in produced if key in norm(t["title"] + t.get("text", ""))[: 20 + len(key)]), None
            )
            if task is not None:
                produced.remove(task)
                matched_tasks += 1
                wanted = {norm(n) for n in expected["units"] + expected.get("support", [])}
                matched_units += len(wanted & names(task))
    assert wrong_titles == []
    assert matched_tasks / found_tasks >= 0.9 and matched_tasks / true_tasks >= 0.9
    assert matched_headings / true_headings >= 0.9
    assert matched_units / true_units >= 0.8
