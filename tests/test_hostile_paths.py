"""Hostile input, family 5: names that are not safe as paths, and outputs that cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kepu_plan.filenames import safe_filename
from kepu_plan.output import OutputError, write_atomically

from conftest import PLAN_2025, replace_once, write_plan


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("市/区科普联盟", "市_区科普联盟"),
        ("../../etc/passwd", "_etc_passwd"),
        ("..", "未命名"),
        ("CON", "_CON"),
        ("aux.docx", "_aux.docx"),
        ('科协<>:"|?*', "科协_"),
        ("  科协.  ", "科协"),
        ("科" * 500, "科" * 75),  # 225 bytes: room for a suffix and the temporary file
    ],
)
def test_safe_filename_is_valid_on_every_file_system(name, expected):
    assert safe_filename(name) == expected


def test_a_title_with_slashes_and_dots_stays_inside_the_output_folder(cli, tmp_path, plan_text, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = replace_once(plan_text, "title: 2025年广州市科普工作计划", "title: ../../2025年/科普:计划")
    plan = write_plan(tmp_path / "plans", text)
    result = cli("render", plan, "--format", "txt")
    assert result.exit_code == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == Path("out") and written.name == "_2025年_科普_计划.txt"
    assert (tmp_path / written).is_file()


def test_unit_names_that_are_not_safe_paths_give_safe_file_names(cli, tmp_path, plan_text, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plan = write_plan(
        tmp_path / "plans",
        replace_once(plan_text, "units: [[市妇联, 市科技局]]", "units: [[../坏/单位, 市科技局]]"),
    )
    units = plan.parent / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "units:\n", "units:\n  - {name: ../坏/单位, full_name: 坏单位, kind: 其他, level: 市}\n", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "lists"
    result = cli("render", plan, "--all-units", "--format", "txt", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert (out / "_坏_单位.txt").is_file()
    assert all(p.parent == out for p in out.rglob("*"))  # nothing escaped the folder
    single = cli("render", plan, "--unit", "../坏/单位", "--format", "txt")
    assert single.exit_code == 0
    assert single.stdout.strip() == "out/2025年广州市科普工作计划 _坏_单位任务清单.txt"
    assert (tmp_path / single.stdout.strip()).is_file()


def test_output_folders_are_created(cli, tmp_path):
    target = tmp_path / "a" / "b" / "c" / "plan.docx"
    assert cli("render", PLAN_2025, "-o", target).exit_code == 0
    assert target.is_file()


def test_an_output_path_that_cannot_exist_is_a_usage_error(cli, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    result = cli("render", PLAN_2025, "-o", blocker / "plan.docx")
    assert result.exit_code == 2 and "无法" in result.stderr and "Traceback" not in result.output


def test_a_read_only_folder_is_a_usage_error(cli, tmp_path, monkeypatch):
    # Tests run as root in CI, where chmod cannot make a folder read-only: refuse the temporary file
    # the way the operating system would.
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "ro" / "plan.docx"
    result = cli("render", PLAN_2025, "-o", target)
    assert result.exit_code == 2 and "无法在" in result.stderr and "没有写入权限" in result.stderr
    assert not target.exists()


def test_a_plan_file_is_never_overwritten_by_output_without_force(cli, tmp_path):
    target = tmp_path / "2025.yaml"
    target.write_text("keep", encoding="utf-8")
    result = cli("render", PLAN_2025, "--format", "txt", "-o", target)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old document")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OutputError, match="写入"):
        write_atomically(target, b"new document" * 1000)
    assert target.read_bytes() == b"old document"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]


def test_a_keyboard_interrupt_during_a_write_cleans_up(tmp_path, monkeypatch):
    target = tmp_path / "plan.txt"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["plan.txt"]


def test_a_missing_plan_and_a_folder_given_as_plan_are_usage_errors(cli, tmp_path):
    for command in (["validate"], ["render"], ["units"], ["diff", str(PLAN_2025)]):
        for bad in (tmp_path / "none.yaml", tmp_path):
            result = cli(*command, bad)
            assert result.exit_code == 2, (command, bad, result.output)
            assert "Traceback" not in result.output


def test_replacing_a_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "shared.txt"
    target.write_bytes(b"old")
    target.chmod(0o664)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o664


def test_output_through_a_symbolic_link_is_refused_and_both_stay_as_they_were(cli, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    result = cli("render", PLAN_2025, "--format", "txt", "-o", link, "--force")
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep"


def test_output_to_a_named_pipe_is_written_into_it_not_replaced(cli, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert cli("render", PLAN_2025, "--format", "txt", "-o", fifo).exit_code == 0
    reader.join(10)
    assert "将科普作纳入" in received[0].decode("utf-8")
    assert fifo.is_fifo()


def test_a_folder_as_output_gets_the_default_name_inside_it(cli, tmp_path):
    result = cli("new", "2099", "--from", PLAN_2025, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2099.yaml").is_file()
