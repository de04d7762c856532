"""Lines stage: the paragraphs a reader (sources/) extracted, made ready for the structure stage.

Page numbers a viewer added are left out (named in a note), lines cut by a page's width joined
again (wraps.py), pinyin glosses of mirror sites taken
out (counted in a note), flattened runs cut at their numbers (runs.py), rows of a task table read
into tasks (tables.py). Everything else passes through unchanged and in order."""

from __future__ import annotations

import re

from ..sources import SourceParagraph
from .chunks import unchunk
from .context import NORMALISED, UNSURE, Context, Element
from .runs import RunSplitter
from .tables import TableReader, header_columns, narrow_cells, narrow_header, text_cells
from .wraps import rewrap

PAGE_NUMBER = re.compile(
    r"^(?:[-—－–\s]*\d{1,3}[-—－–\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})$"
)
#: Mirror sites gloss characters with pinyin: 建設(shè). Not the authors' words: taken out (reported).
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[a-z\u00e0-\u01dc]*[\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8"
    r"\u012b\u00ed\u01d0\u00ec\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc])"
    r"[a-z\u00e0-\u01dc]{1,7}\)"
)


def prepare(
    ctx: Context, paragraphs: list[SourceParagraph], runs: RunSplitter, tables: TableReader
) -> list[Element]:
    """Page numbers out, flattened runs split at their numbers, task tables read into tasks."""
    out: list[Element] = []
    table: list[SourceParagraph] = []
    text_rows: list[SourceParagraph] = []
    width = 0  # cells of the header of a table flattened with single spaces

    def flush_table() -> None:
        if table:
            out.extend(tables.table(list(table)))
            table.clear()

    glossed = 0
    glosses: dict[str, None] = {}  # each gloss taken out, once, in order: named in the note
    for paragraph in rewrap(ctx, unchunk(ctx, paragraphs)):
        if "(" in paragraph.text and _PINYIN_GLOSS.search(paragraph.text):
            text, n = _PINYIN_GLOSS.subn("", paragraph.text)
            glossed += n
            for gloss in _PINYIN_GLOSS.findall(paragraph.text):
                ctx.ledger.left_out.append((paragraph.line, gloss))
                glosses.setdefault(gloss)
            paragraph = SourceParagraph(
                text, paragraph.line, paragraph.where, paragraph.table, paragraph.row, paragraph.col
            )
        if paragraph.table:
            if table and table[0].table != paragraph.table:
                flush_table()
            table.append(paragraph)
            continue
        flush_table()
        if PAGE_NUMBER.match(paragraph.text):
            ctx.leave_out(
                UNSURE, paragraph, paragraph.text, f"「{paragraph.text}」像是阅读器加上的页码，已略去"
            )
            continue
        cells = narrow_cells(paragraph.text, width) if width else text_cells(paragraph.text)
        if text_rows and len(cells) >= 2:
            text_rows.append(paragraph)
            continue
        if text_rows:
            out.extend(tables.text_table(text_rows, width))
            text_rows, width = [], 0
            cells = text_cells(paragraph.text)
        if len(cells) >= 3 and header_columns(cells) is not None:
            text_rows.append(paragraph)
            continue
        width = narrow_header(paragraph.text)  # a table flattened with single spaces
        if width:
            text_rows.append(paragraph)
            continue
        out.extend(runs.split(paragraph))
    flush_table()
    if text_rows:
        out.extend(tables.text_table(text_rows, width))
    if glossed and paragraphs:
        ctx.note(
            NORMALISED,
            paragraphs[0],
            f"文中有 {glossed} 处网页镜像加上的拼音注音（如“建設(shè)”），不是原文，已去掉：{''.join(glosses)}",
        )
    return out
