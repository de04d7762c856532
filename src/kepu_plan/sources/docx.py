"""Word (.docx): body paragraphs and table cells in document order, list numbers as Word shows them,
revisions read as accepted, footnotes and endnotes reported apart."""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import codes
from ..archives import read_ooxml
from ..charsets import CONTROL as _CONTROL
from ..diagnostics import LoadError
from ..ooxml import OoxmlValueError, decimal
from .paragraphs import Source, SourceNote, SourceParagraph


def read_docx(path: Path, display: str) -> Source:
    """Body paragraphs and table cells in document order; revisions are read as accepted."""
    data = read_ooxml(path, display, what="Word 文档")  # regular file, size and expanded size limits
    try:  # the whole walk: a number the schema forbids anywhere is the file's fault, located here
        body = _document_body(data)
        walker = _WordWalker(_notes_text(data), _ListNumbers(data))  # a damaged numbering part too
        walker.blocks(body)
    except OoxmlValueError as exc:
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            f"Word 文档中有无法读取的数值：{exc}",
            display,
            hint="用 Word 或 WPS 打开后另存为 .docx",
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError):
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
    return Source(path, walker.paragraphs, "docx", walker.notes)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORD_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _document_body(data: bytes) -> Any:
    """The w:body of the package's main document part, found as python-docx's Document() finds it:
    the package relationship of type officeDocument names the part, and [Content_Types].xml must
    call it a Word document (a template, a macro document or a workbook is refused with ValueError,
    a missing part with KeyError). Only that part is parsed, with python-docx's parser settings:
    python-docx would import itself (~35 ms) and parse and wrap every part of the package — styles,
    settings, headers, fonts — of which the importer reads none (~20 ms more on the 100x plan)."""
    from lxml import etree

    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # checked by read_ooxml already
        relationships = etree.fromstring(archive.read("_rels/.rels"), parser)
        targets = [
            r.get("Target", "")
            for r in relationships.iter(_RELATIONSHIP)
            if r.get("Type") == _OFFICE_DOCUMENT and r.get("TargetMode") != "External"
        ]
        if not targets:
            raise KeyError("no officeDocument relationship")
        partname = posixpath.normpath(posixpath.join("/", targets[0]))
        types = etree.fromstring(archive.read("[Content_Types].xml"), parser)
        overrides = {
            (o.get("PartName") or "").lower(): o.get("ContentType")
            for o in types.iter(f"{_CONTENT_TYPES}Override")
        }
        defaults = {
            (d.get("Extension") or "").lower(): d.get("ContentType")
            for d in types.iter(f"{_CONTENT_TYPES}Default")
        }
        extension = posixpath.splitext(partname)[1][1:].lower()
        content_type = overrides.get(partname.lower(), defaults.get(extension))
        if content_type != _WORD_DOCUMENT:
            raise ValueError(f"not a Word document: {content_type}")
        root = etree.fromstring(archive.read(partname[1:]), parser)
    body = root.find(_w("body"))
    return body if body is not None else []


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


class _LocalNames(dict[Any, str]):
    """Element tag → its local name ({…/main}t → t; "" for a comment or processing instruction),
    worked out once per tag: the walker asks for every element of the document."""

    def __missing__(self, tag: Any) -> str:
        local = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
        self[tag] = local
        return local


_LOCAL_NAMES = _LocalNames()


def _local(node: Any) -> str:
    return _LOCAL_NAMES[node.tag]


#: Block-level wrappers whose content is read as if it stood in their place: content controls
#: (w:sdt → w:sdtContent), custom XML, smart tags, tracked insertions and moves to a new place.
_TRANSPARENT = {"sdtContent", "customXml", "smartTag", "ins", "moveTo", "body", "tc", "txbxContent"}
#: Content that is not (or no longer) part of the text: tracked deletions, the old place of a moved
#: text, properties, and field instructions.
_SKIPPED = {"del", "moveFrom", "delText", "moveFromRangeStart", "pPr", "rPr", "tblPr", "sdtPr", "instrText"}


def _alternate(node: Any) -> Any:
    """mc:AlternateContent holds the same content twice: read the first Choice, else the Fallback."""
    for child in node:
        if _local(child) == "Choice":
            return child
    for child in node:
        if _local(child) == "Fallback":
            return child
    return None


class _WordWalker:
    """Reads a document body once, in order: every paragraph, table cell and text box exactly once."""

    def __init__(self, notes: dict[tuple[str, str], str], numbers: _ListNumbers | None = None):
        self.numbers = numbers
        self.paragraphs: list[SourceParagraph] = []
        self.notes: list[SourceNote] = []
        self.note_texts = notes
        self.number = 0
        self.tables = 0

    def blocks(self, container: Any, cell: tuple[int, int, int, str] | None = None) -> None:
        names = _LOCAL_NAMES
        for child in container:
            tag = names[child.tag]
            if tag == "p":
                self.paragraph(child, cell)
            elif tag == "tbl":
                self.table(child)
            elif tag == "sdt":
                for part in child:
                    if _local(part) == "sdtContent":
                        self.blocks(part, cell)
            elif tag == "AlternateContent":
                chosen = _alternate(child)
                if chosen is not None:
                    self.blocks(chosen, cell)
            elif tag in _TRANSPARENT:
                self.blocks(child, cell)

    def paragraph(self, p: Any, cell: tuple[int, int, int, str] | None) -> None:
        self.number += 1
        number = self.number
        parts: list[str] = []
        boxes: list[Any] = []
        refs: list[tuple[str, str]] = []
        _inline(p, parts, boxes, refs)
        for box in boxes:  # a text box's paragraphs are paragraphs of their own, read before its anchor
            self.blocks(box, cell)
        text = _CONTROL.sub("", _joined(parts)).strip()
        if (
            text and self.numbers is not None
        ):  # Word's own list numbers (一、 （一） 1.) are part of what is read
            text = self.numbers.label(p) + text
        if cell is None:
            where = f"第 {number} 段"
            table = row = col = 0
        else:
            table, row, col, where = cell
        if text:
            self.paragraphs.append(SourceParagraph(text, number, where, table, row, col))
        for kind, ident in refs:
            note = self.note_texts.get((kind, ident), "")
            self.notes.append(SourceNote("脚注" if kind == "footnote" else "尾注", ident, note, where))

    def table(self, tbl: Any) -> None:
        self.tables += 1
        index = self.tables
        for r, tr in enumerate(_children(tbl, "tr"), 1):
            c = 1
            for tc in _children(tr, "tc"):
                span = 1
                for prop in tc:
                    if _local(prop) == "tcPr":
                        for grid in prop:
                            if _local(grid) == "gridSpan":
                                span = decimal(grid.get(_w("val")), 1, what="w:gridSpan 的 w:val")
                self.blocks(tc, (index, r, c, f"表格 {index} 第 {r} 行第 {c} 列"))
                c += max(span, 1)


class _ListNumbers:
    """Numbers Word draws itself (w:numPr on a paragraph or its style): 一、 （一） 1. as the reader sees
    them, counted per list and level from word/numbering.xml."""

    def __init__(self, data: bytes):
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → level → (fmt, text, start)
        self.abstract_of: dict[str, str] = {}
        self.style_numbers: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            from lxml import etree

            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:  # checked by read_ooxml already
                names = set(archive.namelist())
                numbering = (
                    etree.fromstring(archive.read("word/numbering.xml"), parser)
                    if "word/numbering.xml" in names
                    else None
                )
                styles = (
                    etree.fromstring(archive.read("word/styles.xml"), parser)
                    if "word/styles.xml" in names
                    else None
                )
        except (zipfile.BadZipFile, OSError, KeyError, ValueError):
            return
        if numbering is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in numbering:
            if _local(node) == "abstractNum":
                levels = {}
                for lvl in _children(node, "lvl"):
                    fmt = _attr(lvl, "numFmt") or "decimal"
                    levels[decimal(lvl.get(_w("ilvl")), 0, what="w:lvl 的 w:ilvl")] = (
                        fmt,
                        _attr(lvl, "lvlText") or "",
                        decimal(_attr(lvl, "start"), 1, what="w:start 的 w:val"),
                    )
                abstract[node.get(_w("abstractNumId"), "")] = levels
        for node in numbering:
            if _local(node) == "num":
                ident = _attr(node, "abstractNumId") or ""
                self.abstract_of[node.get(_w("numId"), "")] = ident
                self.formats[node.get(_w("numId"), "")] = abstract.get(ident, {})
        for style in styles if styles is not None else []:
            if _local(style) == "style":
                found = _num_pr(style)
                if found is not None:
                    self.style_numbers[style.get(_w("styleId"), "")] = found

    def label(self, p: Any) -> str:
        if not self.formats:  # no list in word/numbering.xml: no paragraph can carry a number
            return ""
        found = _num_pr(p)
        if found is None:
            style = next((c for c in p if _local(c) == "pPr"), None)
            style_id = _attr(style, "pStyle") if style is not None else None
            found = self.style_numbers.get(style_id or "")
        if found is None:
            return ""
        num_id, level = found
        levels = self.formats.get(num_id)
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), [0] * 9)
        if not 0 <= level < len(counters):
            return ""
        counters[level] += 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        fmt, text, _start = levels[level]
        if fmt in ("bullet", "none"):
            return ""

        def value(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            if not 0 <= k < len(counters) or k not in levels:
                return ""
            n = counters[k] + levels[k][2] - 1 if counters[k] else levels[k][2]
            return _format_number(levels[k][0], n)

        return re.sub(r"%([1-9])", value, text)


def _attr(node: Any, tag: str) -> str | None:
    """The w:val of a child element, looking inside w:pPr too: numFmt, lvlText, start, pStyle …"""
    for child in node:
        local = _local(child)
        if local == tag:
            return str(child.get(_w("val"), ""))
        if local == "pPr":
            found = _attr(child, tag)
            if found is not None:
                return found
    return None


def _num_pr(node: Any) -> tuple[str, int] | None:
    for child in node:
        if _local(child) == "pPr":
            for prop in child:
                if _local(prop) == "numPr":
                    num_id = _attr(prop, "numId")
                    level = decimal(_attr(prop, "ilvl"), 0, what="w:ilvl 的 w:val")
                    if num_id and num_id != "0" and level >= 0:
                        return num_id, level
    return None


def _format_number(fmt: str, n: int) -> str:
    """A list counter in Word's number formats: decimal 3, chineseCounting 三, decimalEnclosedCircle ③ …"""
    from ..numbering import CIRCLED, chinese_number

    if fmt.startswith("chinese") or fmt in ("ideographDigital", "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n) if 0 < n < 100 else str(n)
    if fmt.startswith("decimalEnclosedCircle"):
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("lowerLetter", "upperLetter") and 0 < n <= 26:
        letter = chr(ord("a") + n - 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    return str(n)


def _children(node: Any, tag: str) -> Iterator[Any]:
    """Direct children named `tag`, looking through content controls and custom XML around them."""
    for child in node:
        local = _local(child)
        if local == tag:
            yield child
        elif local in ("sdt", "sdtContent", "customXml"):
            yield from _children(child, tag)


_LINE_BREAK = re.compile(r"([^\n]?)\n+([^\n]?)")


def _joined(parts: list[str]) -> str:
    """A paragraph's pieces as one line. A manual line break (w:br) between two Chinese characters
    joins them without a space, as a reader reads a title broken over two lines (Chinese has no
    spaces between words); between other characters it reads as a space."""

    def join(match: re.Match[str]) -> str:
        before, after = match.group(1), match.group(2)
        wide = any(c and unicodedata.east_asian_width(c) in "WF" for c in (before, after))
        return before + ("" if wide else " ") + after

    text = "".join(parts)
    return _LINE_BREAK.sub(join, text) if "\n" in text else text  # the search alone costs 3 µs


def _inline(node: Any, parts: list[str], boxes: list[Any], refs: list[tuple[str, str]]) -> None:
    """A paragraph's text with tracked changes accepted (w:t, never w:delText or a moved-away text);
    text boxes and note references collected for the caller."""
    names = _LOCAL_NAMES
    for child in node:
        tag = names[child.tag]
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "noBreakHyphen":
            parts.append("-")
        elif tag == "tab":
            parts.append(" ")
        elif tag in ("br", "cr"):
            parts.append("\n")  # joined by _joined: a break inside Chinese text is layout, not a space
        elif tag in _SKIPPED:
            continue
        elif tag == "txbxContent":
            boxes.append(child)
        elif tag == "AlternateContent":
            chosen = _alternate(child)
            if chosen is not None:
                _inline(chosen, parts, boxes, refs)
        elif tag in ("footnoteReference", "endnoteReference"):
            refs.append((tag[: -len("Reference")], child.get(_w("id"), "")))
        else:
            _inline(child, parts, boxes, refs)


def _notes_text(data: bytes) -> dict[tuple[str, str], str]:
    """Footnote and endnote texts by (kind, id), read from word/footnotes.xml and word/endnotes.xml."""
    from lxml import etree

    found: dict[tuple[str, str], str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # checked by read_ooxml already
            names = set(archive.namelist())
            for kind, name in (("footnote", "word/footnotes.xml"), ("endnote", "word/endnotes.xml")):
                if name not in names:
                    continue
                root = etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False))
                for note in root:
                    if _local(note) != kind or note.get(_w("type")) in ("separator", "continuationSeparator"):
                        continue
                    parts: list[str] = []
                    _inline(note, parts, [], [])
                    found[(kind, note.get(_w("id"), ""))] = _CONTROL.sub("", _joined(parts)).strip()
    except (zipfile.BadZipFile, OSError, etree.XMLSyntaxError, KeyError):
        return found
    return found
