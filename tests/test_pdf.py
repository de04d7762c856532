"""PDF through LibreOffice: one conversion for every Word document, and the fonts it had to replace."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from kepu_plan.loading import load_plan
from kepu_plan.writers.docx_official import render_docx
from kepu_plan.writers.pdf import convert, font_warning, requested_fonts

from conftest import PLAN_2025, make_project

FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"


def needs_soffice(test):  # type: ignore[no-untyped-def]
    test = pytest.mark.skipif(
        shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
    )(test)
    return pytest.mark.soffice(test)


@pytest.fixture
def no_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.mark.parametrize(
    "args",
    [
        ["render", str(PLAN_2025), "--format", "pdf"],
        ["render", str(PLAN_2025), "--unit", "市科协", "--format", "pdf"],
        ["diff", str(PLAN_2025.parent.parent / "2024.yaml"), str(PLAN_2025), "--format", "pdf"],
    ],
)
def test_pdf_without_libreoffice_names_the_package_and_writes_nothing(  # type: ignore[no-untyped-def]
    cli, args, no_libreoffice, tmp_path: Path
) -> None:
    target = tmp_path / "out.pdf"
    result = cli(*args, "-o", str(target))
    assert result.exit_code == 2
    assert "LibreOffice" in result.stderr and "libreoffice-writer-nogui" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_the_fonts_a_document_asks_for_are_read_from_its_styles_and_footers() -> None:
    fonts = requested_fonts(render_docx(load_plan(PLAN_2025).model))
    assert {"仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体", "Times New Roman"} <= set(fonts)


def fc_family(name: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["fc-match", "-f", "%{family}", name], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.split(",")[0]


@needs_soffice
def test_pdf_warning_names_each_missing_font_and_its_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed")
    monkeypatch.setenv("FONTCONFIG_FILE", str(FONTCONFIG))
    env = {**os.environ}
    data = render_docx(load_plan(PLAN_2025).model)
    (result,) = convert([("计划", data)])
    assert result.pdf.startswith(b"%PDF")
    missing = {s.requested: s.used for s in result.substitutions}
    for name in result.requested:
        stand_in = fc_family(name, env)
        if stand_in.casefold() != name.casefold():
            assert missing[name] == stand_in
    warning = font_warning(result)
    if missing:
        assert warning is not None and all(
            f"{name}（以 {used} 代替）" in warning for name, used in missing.items()
        )
    if result.embedded is not None:  # pdffonts: the PDF holds fonts, and none of the missing ones
        assert result.embedded
        assert not {name.replace(" ", "") for name in missing} & {e.split("-")[0] for e in result.embedded}


@needs_soffice
def test_render_format_pdf_writes_the_pdf_and_warns_about_stand_in_fonts(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", str(FONTCONFIG))
    monkeypatch.chdir(make_project(tmp_path / "项目"))  # tests start in an empty folder (conftest)
    target = tmp_path / "市科协.pdf"
    result = cli("render", PLAN_2025, "--unit", "市科协", "--format", "pdf", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("fc-match") is not None and fc_family("仿宋_GB2312", dict(os.environ)) != "仿宋_GB2312":
        assert "仿宋_GB2312（以" in result.stderr and "代替）" in result.stderr


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig is not installed")
def test_a_missing_chinese_face_is_reported_with_the_chinese_face_that_stands_in(monkeypatch):
    from kepu_plan.writers.pdf import substitutions

    def chinese(family: str) -> bool:
        listed = subprocess.run(
            ["fc-list", f":family={family}:lang=zh-cn", "family"], capture_output=True, text=True
        )
        return bool(listed.stdout.strip())

    if not subprocess.run(
        ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True
    ).stdout.strip():
        pytest.skip("no Chinese font installed: nothing could stand in")
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)  # the machine's own configuration, not the stand-ins
    [found] = substitutions(["仿宋_GB2312"])
    assert found.used is not None and chinese(found.used), found  # not the Latin default (DejaVu Sans)
