"""Plain text (.txt): decoded, split into lines, each line with its number."""

from __future__ import annotations

from pathlib import Path

from .. import codes
from ..charsets import CONTROL as _CONTROL
from ..diagnostics import LoadError
from ..inputs import read_input
from ..limits import MAX_SOURCE_BYTES
from .paragraphs import Source, SourceParagraph, decode_text


def read_txt(path: Path, display: str) -> Source:
    raw = read_input(path, display, limit=MAX_SOURCE_BYTES)
    try:
        text, encoding = decode_text(raw)
    except UnicodeDecodeError as exc:
        bad_line = raw.count(b"\n", 0, exc.start) + 1
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            "无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）",
            display,
            bad_line,
            1,
            "请用 UTF-8 编码另存此文件",
        ) from None
    paragraphs = []
    # split on line feeds only: str.splitlines() also breaks at \x0c, \x1c-\x1e and U+2028, which would
    # split a paragraph and shift every line number after it
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        bad = _CONTROL.search(line)
        if bad:
            raise LoadError.at(
                codes.UNREADABLE_FILE,
                f"文件含有控制字符 U+{ord(bad.group()):04X}，Word 文档无法容纳",
                display,
                number,
                bad.start() + 1,
                "删除该字符",
            )
        if line.strip():
            paragraphs.append(SourceParagraph(line.strip(), number, f"第 {number} 行"))
    return Source(path, paragraphs, encoding)
