"""Hard-wrapped lines: text taken from a PDF or a fixed-width page breaks every sentence at the
width of the page, so one task stands on two or three lines and its second line (…为居民讲解
健康知识。（责任单位：区科协）) would read as a task of its own. A line is joined to the one before
it when that one stops in the middle of a sentence: it does not end in closing punctuation and
reads as running text, and the line itself opens no number, label or heading. One note names the
joins; no character is changed."""

from __future__ import annotations

from ..numbering import parse_number
from ..sources import SourceParagraph
from .context import NORMALISED, Context
from .fields import detail_line, field_line
from .tables import text_cells

#: Marks a sentence, a bracketed note or a quotation can end with: a line ending in one is whole.
_CLOSING = "。！？!?；;：:）)】]」』”\"'…—"
#: Marks inside a sentence: a line ending in one of them goes on.
_RUNNING_ON = "，,、"
#: The shortest line that breaks at the page's width; headings and titles are shorter.
WRAP_MIN_CHARS = 20


def stops_mid_sentence(text: str, widths: frozenset[int] | None = None) -> bool:
    """A line cut by the page's width: it ends inside a sentence (…，组织医疗、农业等领域专家).
    After a comma it surely goes on; after a character only when other lines of the text stop
    at about the same width (`widths`; None: any width), as lines cut by a page do: a single long
    line without a closing mark is a heading (坚持…，为…营造良好氛围), not a cut."""
    text = text.rstrip()
    if not text or text[-1] in _CLOSING:
        return False
    number = parse_number(text)
    if number is not None and number.depth <= 1:  # 一、 （一） headings stand on lines of their own
        return False
    if text[-1] in _RUNNING_ON:
        return len(text) >= 8
    return (
        len(text) >= WRAP_MIN_CHARS
        and any(c in text for c in "，,、")
        and (widths is None or len(text) in widths)
    )


def page_widths(paragraphs: list[SourceParagraph]) -> frozenset[int]:
    """The lengths at which two or more lines of the text stop mid-sentence (give or take two
    characters): the width of a page that cut them."""
    lengths = [len(p.text.rstrip()) for p in paragraphs if not p.table and stops_mid_sentence(p.text)]
    return frozenset(n for n in lengths if sum(1 for m in lengths if abs(m - n) <= 2) >= 2)


def opens_a_line(text: str) -> bool:
    """A line that starts something of its own: a number, a label, a bracketed note, a heading."""
    text = text.lstrip()
    return (
        not text
        or parse_number(text) is not None
        or field_line(text)
        or detail_line(text)
        or text[0] in '（(【[《“"•·-—*'
    )


def _row(paragraph: SourceParagraph) -> bool:
    """A row of a table copied as text (cells apart by tabs or wide spaces): a line of its own, the
    tables stage reads it; its last cell (2024年12月) does not run on into the next row."""
    return len(text_cells(paragraph.text)) > 1


def rewrap(ctx: Context, paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
    """The paragraphs with every line cut by the page's width joined to the line it continues."""
    out: list[SourceParagraph] = []
    joined: list[SourceParagraph] = []
    widths = page_widths(paragraphs) if len(paragraphs) > 1 else frozenset()
    for paragraph in paragraphs:
        last = out[-1] if out else None
        if (
            last is not None
            and not (last.table or paragraph.table)
            and not (_row(last) or _row(paragraph))
            and stops_mid_sentence(last.text, widths)
            and not opens_a_line(paragraph.text)
        ):
            out[-1] = SourceParagraph(last.text.rstrip() + paragraph.text.strip(), last.line, last.where)
            joined.append(paragraph)
            continue
        out.append(paragraph)
    if joined:
        lines = "、".join(p.where for p in joined[:3]) + ("等" if len(joined) > 3 else "")
        ctx.note(NORMALISED, joined[0], f"{len(joined)} 行（{lines}）是上一行在句子中间换的行，已接回上一行")
    return out
