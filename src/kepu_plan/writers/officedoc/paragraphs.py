"""Paragraphs as XML text, written into document.xml as they are (`package.save_reproducibly`).

For 3,000 task paragraphs building the text takes a few hundredths of a second, against 1.7 s through
python-docx's object API (which looks styles up by name for every run).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from ...charsets import XML_INVALID_CLASS
from .. import WriterError
from .measures import BODY_SCALE, CHAR_TWIPS, LINE_PITCH, TEXT_BLOCK_TWIPS, TITLE_LINE
from .styles import TITLE
from .titles import title_lines
from .xmltext import W_NS, xml_text

#: What XML 1.0 cannot hold (charsets.XML_INVALID_CLASS), searched in every text a Word writer emits.
XML_INVALID = re.compile(f"[{XML_INVALID_CLASS}]")

__all__ = ["W_NS"]  # re-exported by officedoc
_TEXT_PIECES = re.compile(r"(\t|\r\n|\n|\r)")


# -- runs and paragraphs -------------------------------------------------------------------------------


class Run(NamedTuple):
    """A stretch of text in one character style (None: the paragraph style's own font)."""

    text: str
    style: str | None = None


def _text_xml(text: str) -> str:
    """Text as `w:t`, with tabs and line breaks as the elements Word uses for them."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return f'<w:t xml:space="preserve">{xml_text(text)}</w:t>'
    out = []
    for piece in _TEXT_PIECES.split(text):
        if not piece:
            continue
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r\n", "\r"):
            out.append("<w:br/>")
        else:
            out.append(f'<w:t xml:space="preserve">{xml_text(piece)}</w:t>')
    return "".join(out)


def run_xml(run: Run) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{run.style}"/></w:rPr>' if run.style else ""
    return f"<w:r>{rpr}{_text_xml(run.text)}</w:r>"


def paragraph_xml(style_id: str, runs: Iterable[Run | str], *, properties: str = "") -> str:
    """One `w:p` as XML text: the paragraph style, extra `w:pPr` children in schema order, the runs
    (empty ones left out). A plain string is a run in the paragraph style's own font."""
    out = [f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{properties}</w:pPr>']
    for run in runs:  # written out here, not through run_xml: 3,000 tasks make 9,000 runs
        if isinstance(run, str):
            if run:
                out.append(f"<w:r>{_text_xml(run)}</w:r>")
        elif run.text:
            out.append(run_xml(run))
    out.append("</w:p>")
    return "".join(out)


def check_xml_text(text: str, path: tuple[str | int, ...] = ()) -> None:
    """Raise WriterError if `text` holds a character no XML document (so no .docx) can carry."""
    bad = XML_INVALID.search(text)
    if bad:
        raise WriterError(
            f"含有 Word 文档无法容纳的字符 U+{ord(bad.group()):04X}（第 {bad.start() + 1} 个字符）",
            path=path,
            hint="删除该字符",
        )


#: LibreOffice sets a fifth of a character between Chinese characters and digits or Latin letters
#: (its "autospace"; it ignores the documents' `w:autoSpaceDE="0"`), measured on its PDFs.
AUTOSPACE_TWIPS = CHAR_TWIPS // 5


def text_width(text: str, *, autospace: bool = False) -> int:
    """Width in twips of text set in the body font: a full-width character is one 三号 character,
    a Latin letter or digit (Times New Roman) about half of one. `autospace` adds the space the PDF
    conversion (LibreOffice) puts wherever Chinese meets digits or Latin letters: 2025年3月5日 is six
    characters wide in Word and about seven in the PDF."""
    width = 0
    previous = None
    for char in text:
        full = unicodedata.east_asian_width(char) in "WFA"
        width += CHAR_TWIPS if full else CHAR_TWIPS // 2
        if autospace and previous is not None and previous != full:
            width += AUTOSPACE_TWIPS
        previous = full
    return width * BODY_SCALE // 100


def title_xml(*lines: str, width: int = TEXT_BLOCK_TWIPS) -> str:
    """A document's title (二号 小标宋, centred), one line or more, on its own exact spacing
    (`TITLE_LINE`), with one blank body line after it. A line too long for a text block `width`
    twips wide is broken where `title_lines` says (a `w:br`), not wherever the word processor would."""
    broken = [part for line in lines for part in title_lines(line, width)]
    spacing = f'<w:spacing w:before="0" w:after="{LINE_PITCH}" w:line="{TITLE_LINE}" w:lineRule="exact"/>'
    return paragraph_xml(TITLE, ["\n".join(broken)], properties=spacing)


def single_title_xml(title: str, width: int = TEXT_BLOCK_TWIPS) -> str:
    """A title that is one paragraph of its own text: in the title style alone while it fits on one
    line (as it always was), else broken by `title_xml` on the titles' spacing."""
    if len(title_lines(title, width)) == 1:
        return paragraph_xml(TITLE, [title])
    return title_xml(title, width=width)
