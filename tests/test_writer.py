"""The one writer: never through a link, never over a plan, registry, progress file or this run's input
without --force, every write checked (a full disk is exit 3), and `-o` naming a folder means the
default file name inside it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from conftest import PLAN_2025, PLANS, UNITS, kepu_process, make_project

TITLE = "2025年广州市科普工作计划"


def kepu(*args: object, cwd: Path | None = None, stdout=subprocess.PIPE, timeout: float = 60):  # type: ignore[no-untyped-def]
    return kepu_process(*args, cwd=cwd, stdout=stdout, text=False, timeout=timeout)


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    return make_project(tmp_path) / "plans"


# -- class 1: links and inputs ------------------------------------------------------------------------


def test_an_output_link_to_the_plan_is_refused_even_with_force(cli, plans, tmp_path):
    plan = plans / "2025.yaml"
    before = plan.read_bytes()
    link = tmp_path / "result.txt"
    link.symlink_to(plan)
    for extra in ([], ["--force"]):
        result = cli("render", plan, "-f", "txt", "-o", link, *extra)
        assert result.exit_code == 2, result.output
        assert "符号链接" in result.stderr and "Traceback" not in result.output
    assert plan.read_bytes() == before and link.is_symlink()


def test_a_dangling_link_is_not_followed_to_create_its_target(cli, tmp_path):
    target = tmp_path / "elsewhere" / "made.txt"
    target.parent.mkdir()
    link = tmp_path / "out.txt"
    link.symlink_to(target)
    result = cli("render", PLAN_2025, "-f", "txt", "-o", link)
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert not target.exists()


def test_the_default_output_path_is_checked_the_same_way(cli, plans, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / f"{TITLE}.txt").symlink_to(plans / "2025.yaml")
    before = (plans / "2025.yaml").read_bytes()
    result = cli("render", plans / "2025.yaml", "-f", "txt")
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert (plans / "2025.yaml").read_bytes() == before


def test_schema_does_not_write_through_a_link(cli, plans, tmp_path):
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "plan.schema.json").symlink_to(plans / "units.yaml")
    before = (plans / "units.yaml").read_bytes()
    result = cli("schema", "--out-dir", out)
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert (plans / "units.yaml").read_bytes() == before


def test_units_output_to_a_link_or_the_registry_is_refused(cli, plans, tmp_path):
    registry = plans / "units.yaml"
    before = registry.read_bytes()
    link = tmp_path / "overview.md"
    link.symlink_to(registry)
    assert cli("units", plans / "2025.yaml", "-f", "md", "-o", link).exit_code == 2
    result = cli("units", plans / "2025.yaml", "-f", "md", "-o", registry)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert registry.read_bytes() == before


def test_a_progress_file_is_never_replaced_without_force(cli, tmp_path):
    progress = tmp_path / "progress" / "2025" / "first" / "市科协.yaml"
    progress.parent.mkdir(parents=True)
    progress.write_text("tasks: []\n", encoding="utf-8")
    result = cli("render", PLAN_2025, "-f", "md", "-o", progress)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert progress.read_text(encoding="utf-8") == "tasks: []\n"


def test_import_output_equal_to_its_input_under_another_name_is_refused(cli, tmp_path):
    source = tmp_path / "old plan.txt"
    source.write_text("2025年测试市科普工作计划\n一、总体要求\n做好科普工作。\n", encoding="utf-8")
    before = source.read_bytes()
    other_spelling = tmp_path / "sub" / ".." / "old plan.txt"
    (tmp_path / "sub").mkdir()
    hard_link = tmp_path / "same.txt"
    os.link(source, hard_link)
    for target in (other_spelling, hard_link):
        result = cli("import", source, "--plans-dir", tmp_path / "plans", "-o", target)
        assert result.exit_code == 2, result.output
        assert "输入文件" in result.stderr or "--force" in result.stderr
    assert source.read_bytes() == before


def test_render_output_onto_its_own_reference_document_is_refused(cli, tmp_path):
    reference = tmp_path / "red-head.docx"
    document = docx.Document()
    document.add_paragraph("红头")
    document.save(str(reference))
    before = reference.read_bytes()
    result = cli("render", PLAN_2025, "--reference-doc", reference, "-o", tmp_path / "." / "red-head.docx")
    assert result.exit_code == 2 and "输入文件" in result.stderr
    assert reference.read_bytes() == before


# -- -o: a trailing slash or an existing folder means the default name inside it -------------------------


def test_output_with_a_trailing_slash_is_a_folder_for_the_default_name(cli, tmp_path):
    folder = tmp_path / "新文件夹"
    result = cli("render", PLAN_2025, "-o", f"{folder}/")
    assert result.exit_code == 0, result.output
    written = folder / f"{TITLE}.docx"
    assert written.is_file() and folder.is_dir()
    assert docx.Document(str(written)).paragraphs[0].text == TITLE


def test_an_existing_folder_as_output_gets_the_default_name(cli, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    for args, name in (
        (["render", PLAN_2025, "-f", "md"], f"{TITLE}.md"),
        (["diff", PLAN_2025, PLAN_2025, "-f", "docx"], f"{TITLE}新旧对照表.docx"),
        (["units", PLAN_2025, "-f", "md"], f"{TITLE}责任分工总览.md"),
    ):
        result = cli(*args, "-o", folder)
        assert result.exit_code == 0, result.output
        assert (folder / name).is_file(), sorted(p.name for p in folder.iterdir())


def test_import_into_a_folder_uses_the_year_as_the_name(cli, tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text("2025年测试市科普工作计划\n一、总体要求\n做好科普工作。\n", encoding="utf-8")
    result = cli("import", source, "--plans-dir", tmp_path / "plans", "-o", f"{tmp_path / 'drafts'}/")
    assert (tmp_path / "drafts" / "2025.yaml").is_file(), result.output


def test_all_units_into_a_file_name_is_refused_without_creating_it(cli, tmp_path):
    target = tmp_path / "x.docx"
    result = cli("render", PLAN_2025, "--all-units", "-o", target)
    assert result.exit_code == 2 and "文件夹" in result.stderr
    assert not target.exists()


def test_all_units_into_an_existing_folder_writes_the_set(cli, tmp_path):
    folder = tmp_path / "lists"
    folder.mkdir()
    result = cli("render", PLAN_2025, "--all-units", "-f", "md", "-o", f"{folder}/")
    assert result.exit_code == 0, result.output
    names = {p.name for p in folder.iterdir()}
    assert "责任分工总览.md" in names and "市科协.md" in names
    assert not [n for n in names if n.endswith(".tmp")]


# -- class 2: every write checked ------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs, filled up: writes on it fail with ENOSPC (skipped where mounting is not allowed)."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("needs root and mount(8) to make a small tmpfs")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace').strip()}")
    try:
        fill(mount / "filler")
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(path: Path) -> None:
    """Write to `path` until the disk is full."""
    with contextlib.suppress(OSError), open(path, "ab") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()


def leave_free(disk: Path, size: int) -> None:
    filler = disk / "filler"
    os.truncate(filler, max(0, filler.stat().st_size - size))


def test_a_file_on_a_full_disk_is_exit_3_and_leaves_nothing(full_disk):
    target = full_disk / "plan.docx"
    result = kepu("render", PLAN_2025, "-o", target)
    assert result.returncode == 3, result.stderr.decode()
    assert "磁盘空间不足" in result.stderr.decode()
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def test_an_existing_file_on_a_full_disk_is_kept_whole(full_disk):
    leave_free(full_disk, 8192)
    target = full_disk / "plan.md"
    target.write_bytes(b"old")
    result = kepu("render", PLAN_2025, "-f", "md", "-o", target)
    assert result.returncode == 3 and "磁盘空间不足" in result.stderr.decode()
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "plan.md"]


@pytest.mark.parametrize(
    ("args", "free"),
    [
        (["render", PLAN_2025, "-f", "txt", "-o", "-"], 4096),  # room for the first bytes: a short write
        (["render", PLAN_2025, "-f", "md", "-o", "-"], 4096),
        (["render", PLAN_2025, "--unit", "市科协", "-f", "json"], 0),
        (["diff", PLANS / "2025.yaml", PLAN_2025, "-f", "json"], 0),
        (["validate", PLAN_2025, "-f", "json"], 0),
    ],
    ids=["render-txt", "render-md", "unit-json", "diff-json", "validate-json"],
)
def test_standard_output_cut_short_by_a_full_disk_is_exit_3(full_disk, args, free):
    leave_free(full_disk, free)
    with open(full_disk / "result", "wb") as stdout:
        result = kepu(*args, stdout=stdout)
    assert result.returncode == 3, (result.returncode, result.stderr.decode())
    assert "磁盘空间不足" in result.stderr.decode() and "Traceback" not in result.stderr.decode()


def test_import_to_standard_output_on_a_full_disk_is_exit_3(full_disk, tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text(
        "2025年测试市科普工作计划\n一、总体要求\n" + "做好科普工作。" * 2000 + "\n", encoding="utf-8"
    )
    with open(full_disk / "result", "wb") as stdout:
        result = kepu("import", source, "--plans-dir", tmp_path / "plans", "-o", "-", stdout=stdout)
    assert result.returncode == 3 and "磁盘空间不足" in result.stderr.decode()


def test_standard_output_to_dev_full_is_exit_3():
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    for args in (["render", PLAN_2025, "-f", "txt", "-o", "-"], ["validate", PLAN_2025, "-f", "json"]):
        with open("/dev/full", "wb") as stdout:
            result = kepu(*args, stdout=stdout)
        err = result.stderr.decode()
        assert result.returncode == 3, err
        assert "磁盘空间不足" in err and "Traceback" not in err and "Exception ignored" not in err


def test_import_with_add_units_writes_plan_and_registry_together_or_neither(full_disk, tmp_path):
    # the registry lives on the full disk, the plan goes elsewhere: the registry write fails
    leave_free(full_disk, 40_000)
    plans = full_disk
    registry = plans / "units.yaml"
    shutil.copyfile(UNITS, registry)
    source = tmp_path / "plan.txt"
    source.write_text(
        "2025年测试市科普工作计划\n一、总体要求\n（一）做好科普工作。\n"
        "1.开展科普活动。多种形式开展活动。（责任单位：市科协、市新设科普中心）\n",
        encoding="utf-8",
    )
    target = tmp_path / "out" / "2025.yaml"
    before = registry.read_bytes()
    fill(full_disk / "filler")
    result = kepu("import", source, "--plans-dir", plans, "--add-units", "-o", target)
    assert result.returncode == 3, result.stderr.decode()
    assert not target.exists() and not target.parent.exists()
    assert registry.read_bytes() == before
