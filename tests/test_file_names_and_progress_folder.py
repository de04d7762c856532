"""Names that become files (one allocator) and the progress folder read by the key it is written with."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from kepu_plan.filenames import MAX_STEM_BYTES, NAME_MAX_BYTES, TEMP_EXTRA_BYTES, allocate, safe_filename

from conftest import PLAN_2025, UNITS, invoke
from formfill import fill

SLASHED, UNDERSCORED = "科普中心/一部", "科普中心_一部"


# -- the allocator --------------------------------------------------------------------------------------


def test_two_names_that_map_to_one_safe_name_get_distinct_stable_names():
    first = allocate([SLASHED, UNDERSCORED, "市科协"])
    again = allocate(["市科协", UNDERSCORED, SLASHED])
    assert first == again  # independent of order
    assert first[UNDERSCORED] == UNDERSCORED  # the name that needed no change keeps it
    assert first[SLASHED] != UNDERSCORED and first[SLASHED].startswith("科普中心_一部_")
    assert first["市科协"] == "市科协"  # no collision, no suffix
    upper = allocate(["ABC", "abc"])  # one file on a case-insensitive disk
    assert len({s.casefold() for s in upper.values()}) == 2


@pytest.mark.parametrize("char", ["科", "𠀀", "a", "é"])
def test_every_name_fits_in_bytes_with_its_suffix_and_temporary_file(char):
    names = [char * 400 + "甲", char * 400 + "乙", char * 95]
    stems = allocate(names)
    assert len(set(stems.values())) == 3  # cut to the same bytes, still distinct
    for stem in stems.values():
        assert len(stem.encode()) <= MAX_STEM_BYTES
        assert len(stem.encode()) + len(".xlsx") + TEMP_EXTRA_BYTES <= NAME_MAX_BYTES


@pytest.mark.parametrize("name", ["NUL", "con", "Aux.txt", "COM1", "lpt9"])
def test_reserved_device_names_are_mapped(name):
    assert safe_filename(name).startswith("_")


def test_a_round_named_like_a_device_is_refused(tmp_path):
    shutil.copytree(PLAN_2025.parent, tmp_path / "plans")
    for round_name in ("NUL", "con"):
        result = invoke(
            "forms", tmp_path / "plans" / "2025.yaml", "--round", round_name, "-o", tmp_path / "f"
        )
        assert result.exit_code == 2, result.output
        assert "保留设备名" in result.stderr
    assert not (tmp_path / "f").exists()


# -- forms, collect and render with names that are hard to make files of ----------------------------------


def _renamed_project(root: Path, renames: dict[str, str], title: str | None = None) -> Path:
    """The 2025 plan and registry with units renamed everywhere (and the title replaced)."""
    (root / "plans").mkdir(parents=True)
    plan, units = PLAN_2025.read_text(encoding="utf-8"), UNITS.read_text(encoding="utf-8")
    for old, new in renames.items():
        plan = plan.replace(old, new)
        units = units.replace(old, new)
    if title is not None:
        plan = plan.replace("title: 2025年广州市科普工作计划", f"title: {title}", 1)
    (root / "plans" / "2025.yaml").write_text(plan, encoding="utf-8")
    (root / "plans" / "units.yaml").write_text(units, encoding="utf-8")
    return root


def test_units_whose_names_collide_keep_their_own_form_and_progress_file(tmp_path, monkeypatch):
    root = _renamed_project(tmp_path, {"市科技局": SLASHED, "市科协": UNDERSCORED})
    monkeypatch.chdir(root)
    assert invoke("validate", "plans/2025.yaml").exit_code == 0
    result = invoke("forms", "2025", "-o", "forms")
    assert result.exit_code == 0, result.output
    stems = allocate([SLASHED, UNDERSCORED])
    forms = {p.stem for p in Path("forms").glob("*.xlsx")}
    assert {stems[SLASHED], stems[UNDERSCORED]} <= forms
    for stem in stems.values():
        fill(Path("forms") / f"{stem}.xlsx", lambda unit, task: {"进展状态": "按计划推进"})
    result = invoke("collect", "2025", *(f"forms/{s}.xlsx" for s in stems.values()), "--force")
    assert result.exit_code == 0, result.output
    stored = {p.stem for p in Path("progress/2025/2025-年度").glob("*.yaml")}
    assert stored == set(stems.values())
    report = json.loads(invoke("progress", "2025", "--format", "json").stdout)
    reported = {u["unit"] for u in report["units"] if u["reported"]}
    assert reported == {SLASHED, UNDERSCORED}


def test_a_valid_95_character_unit_name_does_not_stop_forms(tmp_path, monkeypatch):
    long_name = "广州市" + "科学技术普及" * 15 + "中心"  # 95 characters, 285 bytes
    assert len(long_name) == 95
    root = _renamed_project(tmp_path, {"市科协": long_name})
    monkeypatch.chdir(root)
    result = invoke("forms", "2025", "-o", "forms")
    assert result.exit_code == 0, result.output
    forms = list(Path("forms").glob("*.xlsx"))
    assert len(forms) == 63
    [own] = [p for p in forms if p.name.startswith("广州市科学技术普及")]
    fill(own, lambda unit, task: {"进展状态": "未启动"})
    result = invoke("collect", "2025", own)
    assert result.exit_code == 0, result.output
    assert len(list(Path("progress/2025/2025-年度").glob("*.yaml"))) == 1
    result = invoke("render", "2025", "--all-units", "--format", "md", "-o", "lists/")
    assert result.exit_code == 0, result.output


def test_a_long_title_gives_default_output_names_that_fit(tmp_path, monkeypatch):
    title = "2025年广州市" + "全面提升公民科学素质" * 20 + "科普工作计划"
    root = _renamed_project(tmp_path, {}, title=title)
    monkeypatch.chdir(root)
    for args in (
        ("render", "2025", "--format", "md"),
        ("render", "2025", "--unit", "市科协", "--format", "md"),
    ):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        written = Path(result.stdout.strip().splitlines()[-1])
        assert written.is_file() and len(written.name.encode()) <= NAME_MAX_BYTES - TEMP_EXTRA_BYTES


# -- the progress folder ----------------------------------------------------------------------------------


@pytest.fixture
def collected(cycle_project: Path) -> Path:
    """市科协's form filled (every task 已完成) and collected."""
    form = cycle_project / "forms" / "市科协.xlsx"
    fill(form, lambda unit, task: {"进展状态": "已完成", "完成情况": "已办。"})
    result = invoke("collect", "2025", form)
    assert result.exit_code == 0, result.output
    return cycle_project / "progress" / "2025" / "2025-年度"


def _statuses() -> tuple[dict[str, int], str]:
    result = invoke("progress", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data["summary"]["counts"], result.stderr


def test_a_copy_beside_a_units_file_is_named_and_never_read(collected):
    before, _ = _statuses()
    text = (collected / "市科协.yaml").read_text(encoding="utf-8").replace("status: 已完成", "status: 滞后")
    (collected / "市科协_旧版.yaml").write_text(text, encoding="utf-8")
    (collected / "zz-市科协.yaml").write_text(text, encoding="utf-8")
    after, stderr = _statuses()
    assert after == before
    assert "市科协_旧版.yaml" in stderr and "KP080" in stderr and "重复" in stderr


def test_a_units_file_that_says_another_unit_is_an_error(collected):
    path = collected / "市科协.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("unit: 市科协", "unit: 市科技局"), encoding="utf-8"
    )
    result = invoke("progress", "2025")
    assert result.exit_code == 1
    assert "KP077" in result.stderr and "市科协.yaml:" in result.stderr
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text.startswith("unit:")
    )
    assert f"市科协.yaml:{line}:" in result.stderr  # at the line that says whose data it is


def test_another_units_data_under_a_stray_name_is_named(collected):
    os.rename(collected / "市科协.yaml", collected / "科协旧.yaml")
    counts, stderr = _statuses()
    assert counts["已完成"] == 0
    assert "科协旧.yaml" in stderr and "市科协.yaml" in stderr


@pytest.mark.parametrize("link_name", ["市科协.yaml", "dangling.yaml"])
def test_a_dangling_link_goes_through_the_reader(collected, link_name):
    (collected / "市科协.yaml").unlink()
    os.symlink("nowhere.yaml", collected / link_name)
    for args in (
        ("progress", "2025"),
        ("report", "2025", "-o", "r.docx"),
        ("new", "2026", "-o", "2026.yaml"),
    ):
        result = invoke(*args)
        assert result.exit_code in (0, 1), result.output
        assert link_name in result.stderr, result.stderr
        assert "无法写出结果" not in result.stderr and "内部错误" not in result.stderr


# -- collect: two runs at once, and one file that cannot be written ----------------------------------------

_RACER = r"""
import sys, time
from pathlib import Path
from typer.testing import CliRunner
from kepu_plan.cli import app

who, form, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
runner = CliRunner()
for i in range(rounds):
    Path(f"ready-{who}-{i}").touch()
    other = "b" if who == "a" else "a"
    deadline = time.monotonic() + 10
    while not Path(f"ready-{other}-{i}").exists() and time.monotonic() < deadline:
        time.sleep(0.001)
    result = runner.invoke(app, ["collect", "2025", form, "--progress-dir", f"p{i}"])
    print(i, result.exit_code, flush=True)
"""


def test_two_collects_at_once_never_lose_a_form(cycle_project):
    import subprocess
    import sys

    forms = cycle_project / "forms"
    fill(
        forms / "市科协.xlsx",
        lambda unit, task: {"进展状态": "已完成", "完成情况": "甲。"},
        target=forms / "a.xlsx",
    )
    fill(
        forms / "市科协.xlsx",
        lambda unit, task: {"进展状态": "滞后", "完成情况": "乙。"},
        target=forms / "b.xlsx",
    )
    rounds = 4
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, who, str(forms / f"{who}.xlsx"), str(rounds)],
            cwd=cycle_project,
            stdout=subprocess.PIPE,
            text=True,
        )
        for who in ("a", "b")
    ]
    codes = []
    for racer in racers:
        out, _ = racer.communicate(timeout=120)
        codes.append({int(i): int(code) for i, code in (line.split() for line in out.split("\n") if line)})
    for i in range(rounds):
        outcome = sorted((codes[0][i], codes[1][i]))
        assert outcome == [0, 1], (i, outcome)  # one stored, the other told it was collected already
        stored = (cycle_project / f"p{i}" / "2025" / "2025-年度" / "市科协.yaml").read_text(encoding="utf-8")
        winner = "甲。" if codes[0][i] == 0 else "乙。"
        assert winner in stored
        leftovers = [p.name for p in (cycle_project / f"p{i}" / "2025" / "2025-年度").iterdir()]
        assert leftovers == ["市科协.yaml"]


def test_one_write_error_does_not_drop_the_batch(cycle_project):
    forms = cycle_project / "forms"
    names = ["市科协", "市科技局", "市教育局"]
    for name in names:
        fill(forms / f"{name}.xlsx", lambda unit, task: {"进展状态": "未启动"})
    blocked = cycle_project / "progress" / "2025" / "2025-年度" / "市科技局.yaml"
    blocked.mkdir(parents=True)  # a folder where the file should go: it cannot be written
    result = invoke("collect", "2025", *(forms / f"{n}.xlsx" for n in names), "--force")
    assert result.exit_code == 2, result.output
    assert "KP081" in result.stderr and "市科技局.yaml" in result.stderr
    assert "共 3 份：收集 2 份，内容未变 0 份，未收集 1 份。" in result.stderr
    for name in ("市科协", "市教育局"):
        assert (blocked.parent / f"{name}.yaml").is_file()
    assert "内部错误" not in result.stderr
