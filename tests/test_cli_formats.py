"""One vocabulary of output formats: the same names on every command, one rule for file vs stdout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kepu_plan.writers import ALIASES, WRITERS, OutputKind

from conftest import PLANS

FIXTURE_2024 = Path(__file__).resolve().parent / "fixtures" / "2024.yaml"

#: Every command that writes a result, with the arguments that name what to write.
COMMANDS = {
    OutputKind.PLAN: ["render", "2025"],
    OutputKind.UNIT_LIST: ["render", "2025", "--unit", "市科协"],
    OutputKind.OVERVIEW: ["units", "2025"],
    OutputKind.DIFF: ["diff", str(FIXTURE_2024), "2025"],
}


@pytest.fixture
def in_tmp(tmp_path):
    """Run in an empty folder, so default outputs (out/…) land where the test can see them."""
    old = Path.cwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(old)


def test_every_command_names_its_formats_from_the_one_registry(cli):
    for kind, args in COMMANDS.items():
        result = cli(*args, "--plans-dir", PLANS, "--format", "no-such-format")
        assert result.exit_code == 2
        listed = result.stderr.split("可选：")[1]
        assert listed.strip().split("、") == list(WRITERS[kind]), kind
    result = cli("validate", "--plans-dir", PLANS, "--format", "no-such-format")
    assert result.exit_code == 2 and "text" in result.stderr


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_txt_and_text_are_one_format_on_every_command(cli, kind):
    args = COMMANDS[kind]
    outputs = [cli(*args, "--plans-dir", PLANS, "--format", name, "-o", "-") for name in ("text", "txt")]
    assert [r.exit_code for r in outputs] == [0, 0], [r.stderr for r in outputs]
    assert outputs[0].stdout == outputs[1].stdout and outputs[0].stdout.strip()
    assert ALIASES["txt"] == "text" and "text" in WRITERS[kind] and "txt" not in WRITERS[kind]


def test_validate_takes_txt_for_text_too(cli):
    text = cli("validate", "2025", "--plans-dir", PLANS, "--format", "text")
    txt = cli("validate", "2025", "--plans-dir", PLANS, "--format", "txt")
    assert text.exit_code == txt.exit_code == 0 and text.stderr == txt.stderr


def test_units_writes_the_overview_as_a_word_document(cli, tmp_path):
    import docx

    target = tmp_path / "总览.docx"
    result = cli("units", "2025", "--plans-dir", PLANS, "--format", "docx", "-o", target)
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(target))
    assert document.tables and "市科协" in {
        cell.text for row in document.tables[0].rows for cell in row.cells
    }


@pytest.mark.parametrize("fmt", ["json", "text", "md", "docx"])  # pdf: tests/test_pdf.py
def test_render_writes_a_file_by_default_in_every_format_of_a_unit_list(cli, in_tmp, fmt):
    result = cli("render", "2025", "--plans-dir", PLANS, "--unit", "市科协", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    [written] = (in_tmp / "out").iterdir()
    assert result.stdout.strip() == str(Path("out") / written.name)
    assert written.suffix == WRITERS[OutputKind.UNIT_LIST][fmt].suffix
    if fmt == "json":
        assert json.loads(written.read_text(encoding="utf-8"))["unit"]["name"] == "市科协"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_dash_prints_every_text_format_of_a_unit_list(cli, in_tmp, fmt):
    result = cli("render", "2025", "--plans-dir", PLANS, "--unit", "市科协", "--format", fmt, "-o", "-")
    assert result.exit_code == 0 and "市科协" in result.stdout
    assert not (in_tmp / "out").exists()


@pytest.mark.parametrize("kind", [OutputKind.OVERVIEW, OutputKind.DIFF])
def test_commands_that_answer_a_question_print_text_and_file_documents(cli, in_tmp, kind):
    for fmt, spec in WRITERS[kind].items():
        if spec.pdf:
            continue  # LibreOffice is slow; tests/test_pdf.py covers the conversion
        result = cli(*COMMANDS[kind], "--plans-dir", PLANS, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
        if spec.binary:
            assert result.stdout.strip().startswith("out") and result.stdout.strip().endswith(spec.suffix)
        else:
            assert len(result.stdout.splitlines()) > 1, fmt  # the result itself, not a file name
    written = sorted(p.suffix for p in (in_tmp / "out").iterdir())
    assert written == sorted(s.suffix for s in WRITERS[kind].values() if s.binary and not s.pdf)


# -- the one -o rule: the suffix names the format unless --format does, and the two never disagree ------------

SUFFIX_CASES = [
    (["render", "2025"], "p.md", "# "),  # Markdown, not Word bytes under a .md name
    (["render", "2025"], "p.txt", "2025年广州市科普工作计划"),
    (["render", "2025", "--unit", "市科协"], "u.json", "{"),
    (["units", "2025"], "u.md", "# "),
    (["diff", str(FIXTURE_2024), "2025"], "d.json", "{"),
]


@pytest.mark.parametrize(("args", "name", "starts"), SUFFIX_CASES)
def test_without_format_the_suffix_of_o_names_the_format(cli, tmp_path, args, name, starts):
    target = tmp_path / name
    result = cli(*args, "--plans-dir", PLANS, "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")  # never a zip (Word) under a text name
    assert text.lstrip().startswith(starts) or starts in text.splitlines()[0], text[:80]


def test_a_pdf_name_asks_for_a_pdf_not_a_word_document_under_that_name(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # no LibreOffice: the pdf route says so
    target = tmp_path / "p.pdf"
    result = cli("render", "2025", "--plans-dir", PLANS, "-o", target)
    assert result.exit_code == 2 and "LibreOffice" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["render", "2025", "-f", "docx", "-o", "p.md"],
        ["render", "2025", "-f", "md", "-o", "p.pdf"],
        ["units", "2025", "-f", "json", "-o", "u.txt"],
        ["diff", str(FIXTURE_2024), "2025", "-f", "redline", "-o", "d.md"],
    ],
)
def test_a_suffix_that_contradicts_format_is_refused(cli, tmp_path, args):
    *command, flag, name = args
    result = cli(*command, "--plans-dir", PLANS, flag, tmp_path / name)
    assert result.exit_code == 2, result.output
    assert "扩展名" in result.stderr and "不符" in result.stderr
    assert not (tmp_path / name).exists()


def test_a_suffix_the_command_cannot_write_is_refused(cli, tmp_path):
    result = cli("render", "2025", "--plans-dir", PLANS, "-o", tmp_path / "p.xlsx")
    assert result.exit_code == 2 and ".xlsx" in result.stderr
    assert not (tmp_path / "p.xlsx").exists()
