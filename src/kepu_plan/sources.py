"""Readers for existing plans: a .txt or .docx file → its paragraphs, each with where it stood.

A reader only extracts text; recognising titles, headings and tasks is importing.py's job. Every
paragraph keeps its place (line of a text file, paragraph of a Word document, or table cell) so
that anything the importer is unsure of can be reported where an author can find it.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import codes
from .archives import read_ooxml
from .diagnostics import LoadError
from .inputs import read_input
from .limits import MAX_SOURCE_BYTES


@dataclass(frozen=True, slots=True)
class SourceParagraph:
    text: str
    line: int  # 1-based line (txt) or paragraph number in the document body (docx)
    where: str  # how a person finds it: 第 12 行, 第 12 段, 表格 1 第 2 行第 3 列


@dataclass(frozen=True)
class Source:
    path: Path
    paragraphs: list[SourceParagraph]
    encoding: str  # utf-8, utf-8-sig, gb18030, docx


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


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_txt(path: Path, display: str) -> Source:
    raw = read_input(path, display, limit=MAX_SOURCE_BYTES)
    try:
        text, encoding = decode_text(raw)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            "无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）",
            display,
            line,
            1,
            "请用 UTF-8 编码另存此文件",
        ) from None
    paragraphs = []
    # split on line feeds only: str.splitlines() also breaks at \x0c, \x1c-\x1e and U+2028, which would
    # split a paragraph and shift every line number after it
    for number, raw_line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        bad = _CONTROL.search(raw_line)
        if bad:
            raise LoadError.at(
                codes.UNREADABLE_FILE,
                f"文件含有控制字符 U+{ord(bad.group()):04X}，Word 文档无法容纳",
                display,
                number,
                bad.start() + 1,
                "删除该字符",
            )
        if raw_line.strip():
            paragraphs.append(SourceParagraph(raw_line.strip(), number, f"第 {number} 行"))
    return Source(path, paragraphs, encoding)


def read_docx(path: Path, display: str) -> Source:
    """Body paragraphs and table cells in document order; revisions are read as accepted."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    data = read_ooxml(path, display, what="Word 文档")  # regular file, size and expanded size limits
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            "无法作为 Word 文档（.docx）打开：文件不是 .docx，或已损坏",
            display,
            hint="用 Word 或 WPS 打开后另存为 .docx",
        ) from None
    except Exception as exc:  # lxml errors in a damaged document: still the file's fault, not ours
        raise LoadError.at(
            codes.UNREADABLE_FILE, f"Word 文档已损坏，无法读取（{type(exc).__name__}）", display
        ) from None
    paragraphs: list[SourceParagraph] = []
    number = 0
    tables = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
            text = _paragraph_text(child).strip()
            if text:
                paragraphs.append(SourceParagraph(text, number, f"第 {number} 段"))
        elif tag == "tbl":
            tables += 1
            for r, row in enumerate(child.iter(_w("tr")), 1):
                for c, cell in enumerate(row.iter(_w("tc")), 1):
                    for cell_paragraph in cell.iter(_w("p")):
                        number += 1
                        text = _paragraph_text(cell_paragraph).strip()
                        if text:
                            where = f"表格 {tables} 第 {r} 行第 {c} 列"
                            paragraphs.append(SourceParagraph(text, number, where))
    return Source(path, paragraphs, "docx")


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _paragraph_text(p: Any) -> str:
    """A paragraph's text with tracked changes accepted: w:t (also inside w:ins), never w:delText."""
    parts = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("noBreakHyphen")):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "noBreakHyphen":
            parts.append("-")
        else:
            parts.append(" ")
    return _CONTROL.sub("", "".join(parts))


READERS = {".txt": read_txt, ".text": read_txt, ".docx": read_docx}


def read_source(path: Path, display: str) -> Source:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            f"不支持的文件类型「{path.suffix or '（无扩展名）'}」：只能导入 .docx 或 .txt",
            display,
            hint=".doc 请先用 Word 或 WPS 另存为 .docx",
        )
    return reader(path, display)
