"""Document-viewer page chunks: sharing sites show a file as its pages' text, each page flattened
onto one paragraph and numbered 1、 2、 … in front. Such a number is the viewer's, not the plan's:
a page chunk is told from a numbered item by holding the plan's own higher-level numbers
(一、 （一）) inside it. The number is taken out (named in a note), and a page that ends in the
middle of a sentence is joined to the next one, so a word split over two pages is whole again."""

from __future__ import annotations

from ..numbering import SENTENCE_END_ANY_WIDTH, inline_number, number_at, parse_number
from ..sources import SourceParagraph
from .context import UNSURE, Context

#: A page of a document holds far more than an item does; shorter paragraphs are never chunks.
CHUNK_MIN_CHARS = 150


def holds_headings(text: str) -> bool:
    """Whether `text` has a 一、 or （一） number at its start or inside it after a sentence end or
    a space."""
    own = parse_number(text)
    if own is not None and own.level in ("一", "（一）"):
        return True
    for match in inline_number().finditer(text, 1):
        found = number_at(text, match.start())
        before = text[match.start() - 1]
        if found and found[0] in ("一", "（一）") and (before.isspace() or before in "。；;：:！？!?"):
            return True
    return False


def unchunk(ctx: Context, paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
    """The paragraphs with viewer page numbers taken out and pages split mid-sentence joined."""
    out: list[SourceParagraph] = []
    expected = 1
    last_chunk: SourceParagraph | None = None
    for paragraph in paragraphs:
        number = parse_number(paragraph.text)
        if (
            paragraph.table
            or number is None
            or number.level != "1."
            or number.value != expected
            or len(number.rest) < CHUNK_MIN_CHARS
            or not holds_headings(number.rest)
        ):
            out.append(paragraph)
            continue
        marker = paragraph.text[: len(paragraph.text) - len(number.rest)].strip()
        ctx.leave_out(UNSURE, paragraph, marker, f"开头的「{marker}」像是文档阅读器加上的分页编号，已略去")
        expected += 1
        text = number.rest
        cut_mid_sentence = last_chunk is not None and last_chunk.text[-1] not in SENTENCE_END_ANY_WIDTH
        if last_chunk is not None and out and out[-1] is last_chunk and cut_mid_sentence:
            ctx.note(UNSURE, paragraph, "上一页在句子中间断开，已与这一页接为一段")
            joined = SourceParagraph(last_chunk.text + text, last_chunk.line, last_chunk.where)
            out[-1] = last_chunk = joined
            continue
        last_chunk = SourceParagraph(text, paragraph.line, paragraph.where)
        out.append(last_chunk)
    return out
