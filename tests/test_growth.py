"""Every command is linear in its input (issue 10, class 9; issue 15): large inputs of the shapes that
used to grow faster than that come through whole. The suite asserts no timings: a quadratic or cubic
path shows up here as a test that takes minutes instead of a second."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import PLAN_2025, UNITS, write_plan

KNOWN = ["市科技局", "市科协", "市教育局", "各区政府", "市委宣传部"]


def test_one_bracket_of_four_thousand_names_imports_whole(cli, tmp_path: Path):
    # every 97th reference is 市、区科协, one registered name that contains the separator
    names = ["市、区科协" if i % 97 == 0 else KNOWN[i % len(KNOWN)] for i in range(4000)]
    text = (
        "2025年某市科普工作计划\n一、工作计划\n（一）加强协作。\n"
        f"开展科普活动。（责任单位：{'、'.join(names)}）\n"
    )
    source, target = tmp_path / "plan.txt", tmp_path / "imported.yaml"
    source.write_text(text, encoding="utf-8")
    result = cli("import", source, "-o", target, "--units", UNITS)
    assert result.exit_code == 1, result.stderr  # 1: the repeated names are reported after import
    task = YAML(typ="safe").load(target.read_text(encoding="utf-8"))["sections"][0]["groups"][0]["tasks"][0]
    assert task["units"] == [names]


def _bigger_plan(folder: Path, copies: int) -> Path:
    """The 2025 plan with every task repeated `copies` times under new ids, beside the registry."""
    lines = PLAN_2025.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        start = re.match(r"^(\s*)- id: (\S+)\s*$", lines[i])
        if not start:
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and len(lines[j]) - len(lines[j].lstrip()) > len(start.group(1)) + 1:
            j += 1
        for n in range(copies):
            out += [f"{start.group(1)}- id: {start.group(2)}-{n}\n", *lines[i + 1 : j]]
        i = j
    return write_plan(folder, "".join(out))


def _peak_mb(*args: str) -> float:
    """Peak resident memory of one run of the real command, in MB."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kepu_plan", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, process.stderr.read().decode() if process.stderr else ""
    return usage.ru_maxrss / 1024


@pytest.mark.slow  # a scale limit: memory of every unit's list of a 4-fold plan, in processes of their own
def test_writing_every_units_list_holds_one_document_at_a_time(tmp_path: Path):
    # Each Word document is freed once saved: sixty lists need no more memory than one list does
    # (before, every document stayed in memory until the end: +55 MB here, 990 MB at 3,000 tasks).
    plan = _bigger_plan(tmp_path / "plans", 4)
    one = _peak_mb("render", str(plan), "--unit", "市科技局", "-o", str(tmp_path / "one.docx"))
    every = _peak_mb("render", str(plan), "--all-units", "-o", str(tmp_path / "all"))
    assert len(list((tmp_path / "all").glob("*.docx"))) > 50
    assert every < one + 20, f"all units: {every:.0f} MB, one unit: {one:.0f} MB"
