"""Document-viewer page chunks: sharing sites show a file as its pages' text, each page flattened
onto one paragraph and numbered 1、 2、 … in front. Such a number is the viewer's, not the plan's:
a page chunk is told from a numbered item by holding the plan's own higher-level numbers
(一、 （一）) inside it. The number is taken out (named in a note), and a page that ends in the
middle of a sentence is joined to the next one, so a word split over two pages is whole again."""

from __future__ import annotations

import re

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


#: A page's footer run into the text of a flattened page: 第 1 页 共 3 页, 共3页 第1页.
_PAGE_FOOTER = re.compile(
    r"\s*(?:第\s*\d+\s*页\s*[，,/]?\s*共\s*\d+\s*页|共\s*\d+\s*页\s*[，,/]?\s*第\s*\d+\s*页)\s*"
)
#: A viewer's page label, the file's name and its page: 某县科普工作方案 --第2页 (on later pages the
#: page's running head, the same name, follows it).
_PAGE_LABEL = re.compile(r"(?:^|(?<=\s))(\S{4,60}?)\s*[-—－–]{1,2}\s*第\s*(\d+)\s*页\s*")


_CJK = re.compile(r"[\u3400-\u9fff]")


def page_marks(ctx: Context, paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
    """Page footers and viewer page labels run into flattened text taken out (named in a note); a
    page that was cut in the middle of a sentence joined to the next one."""
    out: list[SourceParagraph] = []
    cut_open = False  # the last paragraph ended at a page break, in the middle of a sentence
    for paragraph in paragraphs:
        text = paragraph.text
        if paragraph.table or ("页" not in text) or (_PAGE_FOOTER.fullmatch(text) and not cut_open):
            out.append(paragraph)  # a footer alone on its line is the lines stage's (PAGE_NUMBER)
            cut_open = False
            continue
        removed = [m.group().strip() for m in _PAGE_FOOTER.finditer(text)]
        text = _PAGE_FOOTER.sub(" ", text)
        label_at_start = False
        for match in list(_PAGE_LABEL.finditer(text))[::-1]:
            name, page = match.group(1), int(match.group(2))
            end = match.end()
            if page > 1 and text.startswith(name, end):  # the running head of a later page
                end += len(name)
            removed.append(text[match.start() : end].strip())
            text = text[: match.start()] + " " + text[end:]
            label_at_start = label_at_start or not text[: match.start()].strip()
        if not removed:
            out.append(paragraph)
            cut_open = False
            continue
        text = " ".join(text.split()) if text != paragraph.text else text
        ctx.note(UNSURE, paragraph, f"阅读器加上的页码和页眉「{'」「'.join(removed)}」已略去")
        ctx.ledger.left_out.extend((paragraph.line, mark) for mark in removed)  # named: accounted for
        if cut_open and out and label_at_start and text:
            ctx.note(UNSURE, paragraph, "上一页在句子中间断开，已与这一页接为一段")
            last = out[-1]
            glue = "" if _CJK.match(last.text[-1]) and _CJK.match(text[0]) else " "  # 各乡|镇 is one word
            out[-1] = SourceParagraph(last.text + glue + text, last.line, last.where)
        elif text:
            out.append(SourceParagraph(text, paragraph.line, paragraph.where))
        tail = out[-1].text if out else ""
        cut_open = (
            bool(tail)
            and tail[-1] not in SENTENCE_END_ANY_WIDTH
            and bool(_PAGE_FOOTER.search(paragraph.text))
        )
    return out


def unchunk(ctx: Context, paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
    """The paragraphs with viewer page numbers taken out and pages split mid-sentence joined."""
    paragraphs = page_marks(ctx, paragraphs)
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
