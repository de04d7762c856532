"""The plan as an official Word document (公文), laid out to GB/T 9704-2012.

One paragraph per `layout.blocks(plan)` block, each in one of our own styles, on the document
primitives of :mod:`.officedoc` (page, styles with fonts in the eastAsia slots, paragraphs, page
numbers, reproducible saving), which every other Word document we write shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..layout import Block, Kind, blocks
from ..model import Plan, author_texts
from . import WriterError
from .officedoc import (
    BODY,
    HEADING1,
    HEADING2,
    LEAD,
    LINE_PITCH,
    RUN_IN_HEADING,
    SIGNATURE,
    TITLE,
    XML_INVALID,
    Run,
    add_paragraphs,
    check_xml_text,
    new_official_document,
    paragraph_xml,
    reproducible_timestamp,
    save_reproducibly,
    text_width,
)

# -- the plan ------------------------------------------------------------------------------------------------


def _check_plan_text(plan: Plan, laid_out: Sequence[Block]) -> None:
    """No text goes into XML that XML cannot hold. One search over everything the document will say;
    only when it finds something are the plan's words (the authors' text as model.py marks it, and the
    unit names) searched one by one, to locate the value by its YAML path."""
    if not XML_INVALID.search("".join(block.text for block in laid_out)):
        return
    try:
        for path, text in author_texts(plan):
            check_xml_text(text, path)
        for located in plan.tasks():
            for field, gi, group in located.task.unit_groups:
                for ui, name in enumerate(group):
                    check_xml_text(name, (*located.path, field, gi, ui))
    except WriterError as exc:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in exc.path).lstrip(".")
        raise WriterError(f"{where} {exc}", code=exc.code, path=exc.path, hint=exc.hint) from None
    check_xml_text("".join(block.text for block in laid_out))  # text not from the plan's own values


def signature_xml(plan: Plan, signature: list[Block]) -> list[str]:
    """GB/T 9704 7.3.5.2, unsealed: one blank line below the text, the issuer two characters from the
    right margin, the date on the next line starting two characters right of the issuer's start; a date
    too long for that is set two characters from the margin and the issuer moved left to keep the
    two-character step."""
    two = text_width("字字")
    issuer = signature[0].body if plan.issuer else None
    date = signature[-1].body if plan.date else None
    right = {"issuer": two, "date": two}
    if issuer and date:
        issuer_w, date_w = text_width(issuer), text_width(date)
        if issuer_w - date_w >= two:
            right["date"] = issuer_w - date_w
        else:
            right["issuer"] = 2 * two + date_w - issuer_w
    out = []
    for index, block in enumerate(signature):
        which = "issuer" if (issuer and index == 0) else "date"
        before = f'<w:spacing w:before="{LINE_PITCH}"/>' if index == 0 else ""
        out.append(
            paragraph_xml(SIGNATURE, [block.body], properties=f'{before}<w:ind w:right="{right[which]}"/>')
        )
    return out


def block_xml(block: Block) -> str:
    """One block of the layout as a paragraph in our styles."""
    kind = block.kind
    if kind is Kind.TITLE:
        return paragraph_xml(TITLE, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.HEADING1:
        return paragraph_xml(HEADING1, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.HEADING2:
        return paragraph_xml(HEADING2, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.TASK:
        return paragraph_xml(BODY, [Run(block.number + block.lead, LEAD), block.body, block.suffix])
    if kind is Kind.ITEM:
        return paragraph_xml(BODY, [Run(block.number + block.lead, RUN_IN_HEADING), block.body, block.suffix])
    return paragraph_xml(BODY, [block.number + block.lead, block.body, block.suffix])


def render_docx(plan: Plan, reference_doc: Path | str | None = None) -> bytes:
    """The plan as an official .docx; the same plan (and reference document) gives the same bytes."""
    laid_out = blocks(plan)
    _check_plan_text(plan, laid_out)
    when = reproducible_timestamp()
    doc = new_official_document(reference_doc)
    body = [block_xml(b) for b in laid_out if b.kind is not Kind.SIGNATURE]
    signature = [b for b in laid_out if b.kind is Kind.SIGNATURE]
    if signature:
        body.extend(signature_xml(plan, signature))
    add_paragraphs(doc, body)
    return save_reproducibly(doc, title=plan.title, timestamp=when)
