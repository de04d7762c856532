"""Small inputs for the tests of one importer stage: paragraphs numbered as lines of a text file, and
the context every stage is given (no registry unless one is passed)."""

from __future__ import annotations

from pathlib import Path

from kepu_plan.importing.context import Context
from kepu_plan.sources import Source, SourceNote, SourceParagraph
from kepu_plan.units import Registry


def paragraphs(*texts: str) -> list[SourceParagraph]:
    """One paragraph per text, on lines 1, 2, 3 … as a .txt file gives them."""
    return [SourceParagraph(text, line, f"第 {line} 行") for line, text in enumerate(texts, 1)]


def context(
    *texts: str, registry: Registry | None = None, notes: list[SourceNote] | None = None
) -> tuple[Context, list[SourceParagraph]]:
    """The context of an import of `texts` (and its paragraphs), displayed as plan.txt."""
    found = paragraphs(*texts)
    source = Source(Path("plan.txt"), found, "utf-8", notes or [])
    return Context(source, registry, "plan.txt"), found


def messages(ctx: Context, code: str | None = None) -> list[tuple[int, str]]:
    """(line, message) of every note so far, or of those with `code`."""
    return [(n.line, n.message) for n in ctx.report.notes if code is None or n.code == code]
