"""The plan as an official Word document (公文), laid out to GB/T 9704-2012.

One paragraph per `layout.document_blocks(plan)` block, each in one of our own styles, on the document
primitives of :mod:`.officedoc` (page, styles with fonts in the eastAsia slots, paragraphs, page
numbers, reproducible saving), which every other Word document we write shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..author_text import author_texts
from ..layout import Block, Kind, document_blocks, notice_title
from ..model import Plan
from . import WriterError
from .officedoc import (
    ATTACHMENT_LABEL,
    BODY,
    CHAR_TWIPS,
    HEADING1,
    HEADING2,
    LEAD,
    LINE_PITCH,
    NOTICE_STYLES,
    RUN_IN_HEADING,
    SIGNATURE,
    TEXT_BLOCK_TWIPS,
    Run,
    check_xml_text,
    paragraph_xml,
    reproducible_timestamp,
    single_title_xml,
    text_width,
    title_xml,
    write_official,
)

# -- the plan ------------------------------------------------------------------------------------------------


def _locate_unwritable(plan: Plan, laid_out: Sequence[Block]) -> None:
    """Saving found a character XML cannot hold (one search over the whole body): the plan's words (the
    authors' text as model.py marks it, and the unit names) are searched one by one, to raise the
    error located by the value's YAML path."""
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


def signature_xml(issuer: str | None, date: str | None, width: int = TEXT_BLOCK_TWIPS) -> list[str]:
    """The 落款 (GB/T 9704-2012 7.3.5.2, unsealed), one blank line below the text above it.

    The 署名 右空二字; the 成文日期 on the next line, its first character two characters right of the
    署名's first. When the date is the longer (it would then reach into the two blank characters),
    the date 右空二字 and the 署名 moves left to keep the two-character step. The line that is
    右空二字 is right-aligned, so it stands exactly there whatever the fonts; the other is left-aligned,
    placed from the anchored line's width. Widths count LibreOffice's space between Chinese and digits
    (`text_width(autospace=True)`), so the PDF we make is exact; in Word, which leaves that space out,
    a date-anchored 署名 may stand up to a character further left. `width` is the text block's.
    """
    two = text_width("字字")
    lines = [(text, which) for text, which in ((issuer, "issuer"), (date, "date")) if text]
    place = {which: _right(two) for _, which in lines}
    if issuer and date:
        issuer_w, date_w = text_width(issuer, autospace=True), text_width(date, autospace=True)
        if issuer_w - date_w >= two:  # the usual case: the 署名 anchors, the date starts two to its right
            place["date"] = _left(width - two - issuer_w + two)
        else:  # the date anchors; the 署名 starts two characters left of the date's start
            place["issuer"] = _left(width - two - date_w - two)
    out = []
    for index, (text, which) in enumerate(lines):
        before = f'<w:spacing w:before="{LINE_PITCH}"/>' if index == 0 else ""
        out.append(paragraph_xml(SIGNATURE, [text], properties=before + place[which]))
    return out


def _right(indent: int) -> str:
    return f'<w:ind w:right="{indent}"/>'


def _left(indent: int) -> str:
    return f'<w:ind w:left="{max(0, indent)}" w:right="0" w:firstLine="0"/><w:jc w:val="left"/>'


FIRST_LINE_TWIPS = 2 * CHAR_TWIPS  # the body's first-line indent (two characters, as the styles write it)

#: Paragraph properties of the notice's own paragraphs (schema order: keepNext, pageBreakBefore,
#: spacing, ind, jc).
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_CENTRED = f'{_NO_INDENT}<w:jc w:val="center"/>'


def _attachment_note(block: Block) -> str:
    """附件：2025年广州市科普工作计划, two characters in, one blank line above; a name that wraps goes
    on under its own first character (hanging indent the width of 附件：)."""
    lead = text_width(block.lead)
    indent = (
        f'<w:spacing w:before="{LINE_PITCH}"/>'
        f'<w:ind w:left="{FIRST_LINE_TWIPS + lead}" w:hangingChars="{len(block.lead) * 100}" w:hanging="{lead}"/>'
    )
    return paragraph_xml(BODY, [block.lead + block.body], properties=indent)


def block_xml(block: Block, width: int = TEXT_BLOCK_TWIPS) -> str:
    """One block of the layout as a paragraph in our styles (the 落款 is `signature_xml`'s); a title
    too long for a line of the text block (`width` twips) breaks where `title_lines` says."""
    kind = block.kind
    if kind is Kind.TITLE:
        return single_title_xml(block.number + block.lead + block.body + block.suffix, width)
    if kind is Kind.HEADING1:
        return paragraph_xml(HEADING1, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.HEADING2:
        return paragraph_xml(HEADING2, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.TASK:
        return paragraph_xml(BODY, [Run(block.number + block.lead, LEAD), block.body, block.suffix])
    if kind is Kind.ITEM:
        return paragraph_xml(BODY, [Run(block.number + block.lead, RUN_IN_HEADING), block.body, block.suffix])
    if kind is Kind.NOTICE_TITLE:
        return title_xml(block.text, width=width)
    if kind is Kind.NOTICE_NUMBER:
        return paragraph_xml(BODY, [block.text], properties=f'<w:spacing w:after="{LINE_PITCH}"/>{_CENTRED}')
    if kind is Kind.RECIPIENTS:  # 顶格
        return paragraph_xml(BODY, [block.text], properties=_NO_INDENT)
    if kind is Kind.ATTACHMENT_NOTE:
        return _attachment_note(block)
    if kind is Kind.ATTACHMENT_LABEL:  # a new page; the attachment's title on its third line
        return paragraph_xml(
            ATTACHMENT_LABEL,
            [block.text],
            properties=f'<w:pageBreakBefore/><w:spacing w:after="{LINE_PITCH}"/>',
        )
    return paragraph_xml(BODY, [block.number + block.lead, block.body, block.suffix])


def blocks_xml(laid_out: Sequence[Block], width: int = TEXT_BLOCK_TWIPS) -> list[str]:
    """One paragraph per block, in order: each 落款 (a 署名 and/or a 成文日期) laid out together."""
    out: list[str] = []
    index = 0
    while index < len(laid_out):
        block = laid_out[index]
        if block.kind not in (Kind.SIGNATURE, Kind.DATE):
            out.append(block_xml(block, width))
            index += 1
            continue
        issuer = block.body if block.kind is Kind.SIGNATURE else None
        index += 1
        date = None
        if block.kind is Kind.DATE:
            date = block.body
        elif index < len(laid_out) and laid_out[index].kind is Kind.DATE:
            date = laid_out[index].body
            index += 1
        out.extend(signature_xml(issuer, date, width))
    return out


def render_docx(plan: Plan, reference_doc: Path | str | None = None) -> bytes:
    """The plan as an official .docx, or with its `notice` the whole 公文 (the notice, then the plan
    as its 附件); the same plan (and reference document) gives the same bytes at the same time."""
    laid_out = document_blocks(plan)
    when = reproducible_timestamp()
    try:
        return write_official(
            lambda width: blocks_xml(laid_out, width),
            styles=NOTICE_STYLES if plan.notice is not None else (),
            reference_doc=reference_doc,
            title=notice_title(plan) if plan.notice else plan.title,
            timestamp=when,
        )
    except WriterError:
        _locate_unwritable(plan, laid_out)
        raise
