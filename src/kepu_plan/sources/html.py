"""A saved web page (.html): the text of its blocks, scripts and styles left out."""

from __future__ import annotations

import re
from pathlib import Path

from .. import codes
from ..charsets import CONTROL as _CONTROL
from ..diagnostics import LoadError
from ..inputs import read_input
from ..limits import MAX_SOURCE_BYTES
from .paragraphs import Source, SourceParagraph, decode_text

_HTML_BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
    "blockquote", "pre", "ul", "ol", "dd", "dt", "hr", "header", "footer", "title",
}  # fmt: skip
_HTML_SKIPPED = {"script", "style", "noscript", "template", "head"}
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


def read_html(path: Path, display: str) -> Source:
    """A plan saved from a web page: the page's visible text, one line per block, cells by tabs."""
    from html.parser import HTMLParser

    raw = read_input(path, display, limit=MAX_SOURCE_BYTES)
    declared = _HTML_CHARSET.search(raw[:4096])
    try:
        text = raw.decode(declared.group(1).decode("ascii")) if declared else decode_text(raw)[0]
    except (LookupError, UnicodeDecodeError):
        try:
            text = decode_text(raw)[0]
        except UnicodeDecodeError:
            raise LoadError.at(
                codes.UNREADABLE_FILE, "无法识别网页的编码（既不是 UTF-8，也不是 GBK/GB18030）", display
            ) from None

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skipping = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in _HTML_SKIPPED:
                self.skipping += 1
            elif tag in _HTML_BLOCKS:
                self.parts.append("\n")
            elif tag in ("td", "th"):
                self.parts.append("\t")

        def handle_endtag(self, tag: str) -> None:
            if tag in _HTML_SKIPPED:
                self.skipping = max(0, self.skipping - 1)
            elif tag in _HTML_BLOCKS:
                self.parts.append("\n")

        def handle_data(self, data: str) -> None:
            if not self.skipping:
                self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))

    parser = _Text()
    parser.feed(text)
    parser.close()
    paragraphs = []
    for number, line in enumerate("".join(parser.parts).split("\n"), 1):
        line = _CONTROL.sub("", line.replace("\xa0", " "))
        line = re.sub(r"^\t+|\t+$", "", line.strip(" "))  # a row's leading tab: cells start at the first
        if line.strip():
            paragraphs.append(SourceParagraph(line.strip(), number, f"网页第 {number} 行"))
    return Source(path, paragraphs, "html")
