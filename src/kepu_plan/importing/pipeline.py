"""The importer's pipeline: read → lines → numbering → structure → fields → units → title → data →
accounting (every character of the input in the plan, in a note, or in the plan's shape).

Each stage is a module of this package; this one runs them in order over one source and puts
their results together in the shape of the model (yamlwriter.py writes it)."""

from __future__ import annotations

from typing import Any

from ..sources import Source, SourceParagraph
from ..units import Registry
from .accounting import account
from .context import SPLIT, UNSURE, Context, Element, ImportReport
from .headings import ATTACHMENT, heading_like, level
from .lines import prepare
from .runs import RunSplitter
from .structure import Structure
from .tables import TableReader
from .title import DRAFT_SUFFIX, YEAR_IN_TITLE, take_signature, take_title
from .units import UnitReader


def import_source(
    source: Source, registry: Registry | None, display: str, year: int | None = None
) -> tuple[dict[str, Any], ImportReport]:
    """Paragraphs of an existing plan → (plan data in the model's shape, ImportReport)."""
    ctx = Context(source, registry, display)
    data = run(ctx, year)
    account(ctx, data)  # the last stage: no character of the input dropped without a note
    return data, ctx.report


def run(ctx: Context, year: int | None) -> dict[str, Any]:
    """Every stage over the whole document."""
    for note in ctx.source.notes:
        anchor = SourceParagraph(note.text, 0, note.where)
        ctx.note(
            UNSURE,
            anchor,
            f"{note.kind} {note.number}：「{note.text}」不是正文，没有放进计划",
            "需要时把它写进相应段落",
        )
    units = UnitReader(ctx)
    structure = Structure(ctx, units)
    paragraphs = prepare(ctx, list(ctx.source.paragraphs), RunSplitter(ctx), TableReader(ctx, units))
    units.learn(paragraphs)
    signature = take_signature(ctx, paragraphs)
    before, title_lines, title = take_title(ctx, paragraphs)
    draft = DRAFT_SUFFIX.search(title)
    if draft and title_lines:  # the draft marker is not part of the name: kept before the preamble
        title = title[: draft.start()]
        marker = SourceParagraph(draft.group().strip(), title_lines[-1].line, title_lines[-1].where)
        paragraphs.insert(paragraphs.index(title_lines[-1]) + 1, marker)
        ctx.note(SPLIT, title_lines[-1], f"标题后的「{marker.text}」不是标题的一部分，已放入前言")
    if year is None and title:
        match = YEAR_IN_TITLE.search(title)
        year = int(match.group(1)) if match else None
    data: dict[str, Any] = {}
    if year is not None:
        data["year"] = year
    if title:
        data["title"] = title
    rest: list[Element] = [e for e in paragraphs if not (isinstance(e, SourceParagraph) and e in title_lines)]
    first_section = next((i for i, e in enumerate(rest) if level(e) == "一"), None)
    if first_section is None:  # no 一、 headings: a list of tasks, or an excerpt
        first_section = next(  # the body starts after the title: nothing above it is a task
            (i for i, e in enumerate(rest) if e not in before and structure.is_structure(e)), len(rest)
        )
        preamble, body = rest[:first_section], rest[first_section:]
        sections = [structure.section(None, body)] if body else []
    else:
        preamble, body = rest[:first_section], rest[first_section:]
        sections = structure.sections(body)
        midstream = _midstream(preamble, before)
        if midstream is not None:  # an excerpt that starts inside a section: （八）… before 四、
            sections.insert(0, structure.section(None, preamble[midstream:]))
            preamble = preamble[:midstream]
    for element in preamble:
        if isinstance(element, SourceParagraph) and element not in before:
            structure.report_stray(element, "前言")
    if preamble:
        data["preamble"] = [e.text for e in preamble if isinstance(e, SourceParagraph)]
    data["sections"] = sections
    ctx.report.sections = sum(1 for s in sections if s.get("heading"))
    data.update(signature)
    return data


def _midstream(preamble: list[Element], before: list[SourceParagraph]) -> int | None:
    """Where an excerpt starts inside a section (（八）… before 四、): the first numbered line below
    the 一、 level that is not in an attachment list (附件：1.…) nor above the title (a site's numbered
    notes). None when the text starts at 一、."""
    attachments = False
    for i, element in enumerate(preamble):
        found = level(element)
        text = element.text if isinstance(element, SourceParagraph) else ""
        if ATTACHMENT.match(text):
            attachments = True
        elif attachments and found is not None and heading_like(text):
            continue
        elif (
            found is not None and found != "一" and element not in before
        ):  # not a site's note above the title
            return i
        else:
            attachments = False
    return None
