"""What a reader gives the importer: paragraphs with where each stood, notes, the file's encoding."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    text: str
    line: int  # 1-based line (txt) or paragraph number in the document body (docx)
    where: str  # how a person finds it: 第 12 行, 第 12 段, 表格 1 第 2 行第 3 列
    table: int = 0  # the table it stands in (1-based, in reading order; nested tables too), 0 outside
    row: int = 0  # its row and column in that table, columns counted through merged cells
    col: int = 0


@dataclass(frozen=True, slots=True)
class SourceNote:
    """A footnote or endnote: not part of the plan's running text, so reported rather than placed."""

    kind: str  # 脚注 or 尾注
    number: str
    text: str
    where: str  # where its reference mark stands


@dataclass(frozen=True)
class Source:
    path: Path
    paragraphs: list[SourceParagraph]
    encoding: str  # utf-8, utf-8-sig, gb18030, docx, xlsx
    notes: list[SourceNote] = field(default_factory=list)


def decode_text(raw: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK and GB2312)."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return raw.decode("gb18030"), "gb18030"
