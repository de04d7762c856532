"""The document primitives every Word writer shares: one table builder, no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import kepu_plan.writers as writers_package

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


@given(st.text(alphabet=st.sampled_from(list("ab&<>\"'\n\r\t 中文;#")), max_size=20))
def test_xml_escaping_is_saxutils_own(data):
    """xmltext escapes exactly as xml.sax.saxutils (which the writers no longer import: it pulls in
    urllib.request and the email package at every start of render)."""
    from xml.sax.saxutils import escape as sax_escape
    from xml.sax.saxutils import quoteattr as sax_quoteattr

    from kepu_plan.writers.officedoc.xmltext import escape, quoteattr

    assert escape(data) == sax_escape(data) and quoteattr(data) == sax_quoteattr(data)
