"""The document primitives every Word writer shares: one table builder, no import cycles."""

from __future__ import annotations

import ast
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree
from typer.testing import Result

import kepu_plan.writers as writers_package
from kepu_plan.writers import WriterError
from kepu_plan.writers.officedoc import (
    BODY,
    LEAD,
    TEXT_BLOCK_TWIPS,
    Column,
    Run,
    cell_text,
    new_official_document,
    paragraph_xml,
    save_reproducibly,
    table_xml,
    title_xml,
    xml_attr,
)
from ooxml_package import package_problems

from conftest import PLAN_2025, replace_once

WRITERS = Path(writers_package.__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    """The writers-relative modules a module imports (`.unit_list` → "unit_list"), lazy imports included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_unit_list_writers_do_not_import_each_other_in_a_cycle() -> None:
    docx_imports = imported_modules(WRITERS / "unit_list_docx.py")
    assert "unit_list" not in docx_imports
    assert "unit_wording" in docx_imports
    assert "unit_wording" in imported_modules(WRITERS / "unit_list.py")


def test_comparison_and_unit_lists_build_tables_with_the_shared_builder_only() -> None:
    for name in ("diff_docx.py", "unit_list_docx.py"):
        source = (WRITERS / name).read_text(encoding="utf-8")
        assert "<w:tbl>" not in source and "<w:tc>" not in source, name
        assert "table_xml" in source, name
    assert "unit_list_docx" not in imported_modules(WRITERS / "diff_docx.py")


def test_the_plan_writer_holds_no_page_or_style_primitives() -> None:
    plan_writer = imported_modules(WRITERS / "docx_official.py")
    assert "officedoc" in plan_writer
    source = (WRITERS / "docx_official.py").read_text(encoding="utf-8")
    for primitive in ("<w:pgMar", "<w:style ", "w:eastAsia=", "PAGE </w:instrText>"):
        assert primitive not in source, primitive


# -- the body goes into document.xml as the XML text it was built as ---------------------------------------

#: Text that escaping must get right: markup characters, both quotes, a tab and a line break, a lone
#: space, characters beyond the Basic Multilingual Plane.
AWKWARD = "R&D <科普> “引号” \"双\" 'single'\t制表\n换行 𠀀"


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def as_lxml_writes_it(xml: bytes) -> bytes:
    """The document parsed as python-docx parses it and serialised as python-docx saves a part."""
    return etree.tostring(parse_xml(xml), encoding="UTF-8", standalone=True)


def awkward_body() -> list[str]:
    columns = [Column("序号", 2, centred=True), Column("内容", 10, flexible=True)]
    rows = [[cell_text("1"), cell_text(AWKWARD)], [cell_text("2"), cell_text("")]]
    return [
        title_xml("关于印发《2025年某某市“科普&创新”工作计划与各区科普工作任务分工方案》的通知"),
        paragraph_xml(BODY, [Run("一、", LEAD), AWKWARD, " "]),
        paragraph_xml(BODY, []),
        table_xml(columns, rows, TEXT_BLOCK_TWIPS),
        paragraph_xml(BODY, ["   "], properties='<w:ind w:firstLine="0"/>'),
    ]


def test_a_body_written_as_text_is_what_lxml_writes_for_it() -> None:
    body = awkward_body()
    as_text = save_reproducibly(new_official_document(), body=body)
    xml = document_xml(as_text)
    assert as_lxml_writes_it(xml) == xml
    texts = [p.text for p in docx.Document(io.BytesIO(as_text)).paragraphs]
    assert "一、" + AWKWARD + " " in texts


def test_xml_attr_is_what_lxml_writes_for_the_value() -> None:
    for value in (AWKWARD, "a\rb", "", "王科员"):
        element = etree.Element("e")
        element.set("a", value)
        assert etree.tostring(element, encoding="UTF-8").decode() == f"<e a={xml_attr(value)}/>"


@pytest.mark.parametrize(
    "command",
    [
        ["render", "{plan}", "-o", "{out}/plan.docx"],
        ["render", "{plan}", "--all-units", "-o", "{out}/units"],
        ["diff", str(PLAN_2025), "{plan}", "-f", "docx", "-o", "{out}/table.docx"],
        [
            "diff",
            str(PLAN_2025),
            "{plan}",
            "-f",
            "redline",
            "--author",
            '王"科员" & <甲>',
            "-o",
            "{out}/r.docx",
        ],
    ],
    ids=["plan", "unit-lists", "comparison", "redline"],
)
def test_every_word_document_holds_document_xml_exactly_as_lxml_writes_it(
    cli: Callable[..., Result], write_variant: Callable[[str], Path], tmp_path: Path, command: list[str]
) -> None:
    """What goes in as text is what the tree would have written, whatever the words: a writer that
    built XML lxml writes differently (`<w:rPr></w:rPr>`, single quotes) would fail here."""
    text = replace_once(PLAN_2025.read_text(encoding="utf-8"), "引导各类单位", "引导R&D <各类> \"单位\" 'x'")
    plan = write_variant(text)
    out = tmp_path / "out"
    result = cli(*(part.format(plan=plan, out=out) for part in command))
    assert result.exit_code == 0, result.output
    written = sorted(out.rglob("*.docx"))
    assert written
    for path in written:
        xml = document_xml(path.read_bytes())
        assert as_lxml_writes_it(xml) == xml, path.name
    assert any("R&amp;D &lt;各类&gt;".encode() in document_xml(p.read_bytes()) for p in written)


def test_a_reference_document_with_another_prefix_for_word_gets_the_body_parsed_in(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """Word's namespace is usually `w:`; a document that calls it something else still gets the plan
    (lxml then writes the body in that document's own prefix)."""
    made = io.BytesIO()
    docx.Document().save(made)
    reference = tmp_path / "other-prefix.docx"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(reference, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = (
                    data.replace(b"xmlns:w=", b"xmlns:k=").replace(b"<w:", b"<k:").replace(b"</w:", b"</k:")
                )
                data = data.replace(b" w:", b" k:")
                assert b"w:" not in data.replace(b"w14:", b"").replace(b"w15:", b"").replace(b"w10:", b"")
            copy.writestr(info, data)
    target = tmp_path / "plan.docx"
    result = cli("render", PLAN_2025, "--reference-doc", reference, "-o", target)
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "2025年广州市科普工作计划" in paragraphs and len(paragraphs) > 40


def test_a_character_xml_cannot_hold_is_refused_when_saving() -> None:
    with pytest.raises(WriterError) as caught:
        save_reproducibly(new_official_document(), body=[paragraph_xml(BODY, ["科普\x0b活动"])])
    assert "U+000B" in str(caught.value)


# -- the package: one assembler for every Word writer -----------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["render", PLAN_2025],
        ["render", PLAN_2025, "--unit", "市科协"],
        ["units", PLAN_2025, "--format", "docx"],
        ["diff", PLAN_2025, PLAN_2025, "--format", "docx"],
        ["diff", PLAN_2025, PLAN_2025, "--format", "redline"],
    ],
    ids=["plan", "unit-list", "overview", "comparison", "redline"],
)
def test_every_word_writer_writes_a_whole_package(
    cli: Callable[..., Result], tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "out.docx"
    result = cli(*command, "-o", target)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert package_problems(data) == []
    assert docx.Document(io.BytesIO(data)).sections[0].footer.paragraphs


def test_no_generated_python_and_no_private_python_docx_in_the_writers() -> None:
    sources = {path: path.read_text(encoding="utf-8") for path in WRITERS.rglob("*.py")}
    assert not any(path.name.startswith("blanks") for path in sources)
    assert not [path.name for path, text in sources.items() if "PackageWriter" in text or "pkgwriter" in text]


def test_render_writes_the_plan_without_importing_python_docx(tmp_path: Path) -> None:
    from conftest import modules_loaded_by

    target = tmp_path / "plan.docx"
    assert not {"docx", "lxml"} & modules_loaded_by("render", PLAN_2025, "-o", target)
    assert docx.Document(str(target)).paragraphs[0].text == "2025年广州市科普工作计划"
