"""`import` of a .docx whose numbers the schema does not allow (issue 23, class 4): a located input
error naming the file (exit 1), never 「内部错误」; the schema's own number forms still read."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from typer.testing import Result

from kepu_plan.ooxml import OoxmlValueError, decimal, twips


def plan_docx(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """A small plan as Word makes it (a title, a heading, a task table), its document.xml through `edit`."""
    document = docx.Document()
    document.add_paragraph("2025年某区科普工作计划")
    document.add_paragraph("一、加强科普阵地建设")
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table.rows[0].cells + table.rows[1].cells,
        ["任务", "责任单位", "建设科普基地。", "区科协"],
        strict=True,
    ):
        cell.text = text
    made = io.BytesIO()
    document.save(made)
    path = tmp_path / "计划.docx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(path, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            out.writestr(name, data)
    return path


def span(value: str) -> Callable[[str], str]:
    return lambda xml: xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{value}"/>', 1)


def level(value: str) -> Callable[[str], str]:
    numbered = f'<w:numPr><w:ilvl w:val="{value}"/><w:numId w:val="1"/></w:numPr>'
    return lambda xml: re.sub(r"<w:p>(<w:r>)", rf"<w:p><w:pPr>{numbered}</w:pPr>\1", xml, count=1)


@pytest.mark.parametrize(
    ("edit", "named"),
    [(span("abc"), "w:gridSpan"), (span("²"), "w:gridSpan"), (level("²"), "w:ilvl"), (level("x1"), "w:ilvl")],
    ids=["span-abc", "span-superscript", "level-superscript", "level-abc"],
)
def test_a_number_the_schema_forbids_is_an_input_error_naming_the_file(
    cli: Callable[..., Result], tmp_path: Path, edit: Callable[[str], str], named: str
) -> None:
    source = plan_docx(tmp_path, edit)
    target = tmp_path / "out.yaml"
    result = cli("import", source, "-o", target)
    assert result.exit_code == 1, result.output
    assert "计划.docx" in result.stderr and named in result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("edit", [span("2"), span(""), level("0")], ids=["span-2", "span-empty", "level-0"])
def test_numbers_in_the_schemas_forms_import(
    cli: Callable[..., Result], tmp_path: Path, edit: Callable[[str], str]
) -> None:
    target = tmp_path / "out.yaml"
    result = cli("import", plan_docx(tmp_path, edit), "-o", target)
    assert result.exit_code == 0, result.output
    assert "导入结果：1 个一级部分" in result.stderr and "建设科普基地。" in target.read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1440", 1440),
        ("210mm", 11906),
        ("1in", 1440),
        ("12pt", 240),
        ("2.5cm", 1417),
        ("1pc", 240),
        (None, 7),
        ("", 7),
    ],
)
def test_twips_read_ecma_376_measures(value: str | None, expected: int) -> None:
    assert twips(value, 7, what="w:x") == expected


@pytest.mark.parametrize("value", ["abc", "²", "12.5", "-1", "1e3", "٣", "210 mm", "9" * 20])
def test_twips_refuse_what_the_schema_does_not_allow(value: str) -> None:
    with pytest.raises(OoxmlValueError, match="w:x"):
        twips(value, 0, what="w:x")


def test_decimal_numbers_are_ascii_digits_only() -> None:
    assert decimal("-3", 0, what="w:v") == -3
    assert decimal(None, 4, what="w:v") == 4
    for bad in ("²", "٣", "3.0", "三"):
        with pytest.raises(OoxmlValueError, match="w:v"):
            decimal(bad, 0, what="w:v")
