"""Advice that fits what the user actually gave: a Word document, the registry, a plan left unnamed."""

from __future__ import annotations

import shutil

import pytest

from conftest import PLAN_2025, PLANS, UNITS, replace_once


def test_a_word_document_given_to_validate_points_to_import(cli, tmp_path):
    plan = tmp_path / "2024年科普工作计划.docx"
    assert cli("render", PLAN_2025, "-o", plan).exit_code == 0
    result = cli("validate", plan, "--units", UNITS)
    assert result.exit_code == 1
    assert "这是 Word 文档（.docx），不是计划 YAML 文件" in result.stderr
    assert f"kepu-plan import {plan}" in result.stderr
    assert "UTF-8" not in result.stderr  # not "re-save as UTF-8"


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("旧计划.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "旧版 Word 文档（.doc）"),
        ("计划.pdf", b"%PDF-1.7\n", "PDF 文件"),
        ("计划.txt", "2024年广州市科普工作计划\n一、指导思想\n".encode(), "文本文件（.txt）"),
        ("误改了后缀.yaml", b"PK\x03\x04" + b"\0" * 64, "Word 文档（.docx）"),
    ],
)
def test_other_documents_are_named_for_what_they_are(cli, tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_bytes(content)
    result = cli("validate", path, "--units", UNITS)
    assert result.exit_code == 1
    assert f"{kind}，不是计划 YAML 文件" in result.stderr
    assert "kepu-plan import" in result.stderr or "原稿" in result.stderr


def test_the_registry_given_to_validate_is_checked_as_a_registry(cli):
    result = cli("validate", PLANS / "units.yaml")
    assert result.exit_code == 0, result.stderr
    assert "units.yaml：通过校验" in result.stderr
    assert "year" not in result.stderr and "sections" not in result.stderr


def test_a_broken_registry_given_to_validate_reports_registry_problems(cli, tmp_path):
    registry = tmp_path / "units.yaml"
    text = UNITS.read_text(encoding="utf-8")
    registry.write_text(text.replace("\nunits:", "\nunit:", 1), encoding="utf-8")  # a misspelt top-level key
    result = cli("validate", registry)
    assert result.exit_code == 1
    assert "units.yaml" in result.stderr and "KP004" in result.stderr
    assert "缺少 year" not in result.stderr and "「year」" not in result.stderr


def test_a_plan_left_unnamed_says_which_plan_was_used(cli, tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copyfile(UNITS, plans / "units.yaml")
    shutil.copyfile(PLAN_2025, plans / "2025.yaml")
    draft = replace_once(PLAN_2025.read_text(encoding="utf-8"), "year: 2025", "year: 2026")
    (plans / "2026.yaml").write_text(
        draft.replace("2025年广州市科普工作计划", "2026年广州市科普工作计划"), encoding="utf-8"
    )
    result = cli("render", "--unit", "市科协", "--format", "json", "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    assert "使用 " in result.stderr and "2026.yaml（未指定计划时用最新的一份" in result.stderr
    named = cli("render", "2025", "--unit", "市科协", "--format", "json", "--plans-dir", plans)
    assert "未指定计划" not in named.stderr


def test_units_left_unnamed_says_which_plan_too(cli):
    result = cli("units", "--plans-dir", PLANS)
    assert result.exit_code == 0
    assert "2025.yaml（未指定计划时用最新的一份" in result.stderr
    assert "未指定计划" not in result.stdout
