"""Readers for existing plans: a .txt or .docx file → its paragraphs, each with where it stood.

A reader only extracts text; recognising titles, headings and tasks is the importer's job (importing/). Every
paragraph keeps its place (line of a text file, paragraph of a Word document, or table cell) so
that anything the importer is unsure of can be reported where an author can find it.
"""

from __future__ import annotations

from pathlib import Path

from .. import codes
from ..diagnostics import LoadError
from .docx import read_docx
from .html import read_html
from .paragraphs import Source, SourceNote, SourceParagraph, decode_text
from .text import read_txt
from .xlsx import read_xlsx

__all__ = ["READERS", "Source", "SourceNote", "SourceParagraph", "decode_text", "read_source"]


READERS = {
    ".txt": read_txt,
    ".text": read_txt,
    ".docx": read_docx,
    ".xlsx": read_xlsx,
    ".html": read_html,
    ".htm": read_html,
}


def read_source(path: Path, display: str) -> Source:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            f"不支持的文件类型「{path.suffix or '（无扩展名）'}」：只能导入 .docx、.xlsx、.txt 或网页（.html）",
            display,
            hint=".doc 请先用 Word 或 WPS 另存为 .docx",
        )
    return reader(path, display)
