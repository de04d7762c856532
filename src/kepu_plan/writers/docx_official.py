"""The plan as an official Word document (公文), laid out to GB/T 9704-2012.

Two layers:

* document primitives, reusable by every official document we write (this plan, a unit's task list):
  `new_official_document` (A4, margins, fonts, styles, page-number footers, or a user's reference
  document), `apply_page_setup`, `add_paragraph` / `add_paragraphs` / `paragraph_xml`, and
  `save_reproducibly` (fixed properties and zip entries, so the same input gives the same bytes);
* `render_docx(plan)`: one paragraph per `layout.blocks(plan)` block, each in one of our own styles.

Fonts are written as documents name them (仿宋_GB2312, 楷体_GB2312, 黑体, 方正小标宋简体) with `w:eastAsia`
set explicitly on our own styles, which are referred to by style id: Word matches built-in styles by
their (localised) names and keeps the theme's font for Chinese text unless `w:eastAsia` says otherwise.
Paragraphs are built as XML text and parsed in one go: for 3,000 task paragraphs that takes 0.04 s,
against 1.7 s through python-docx's object API (which looks styles up by name for every run).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.document import Document
from docx.enum.section import WD_HEADER_FOOTER
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from lxml import etree

from ..layout import Block, Kind, blocks
from ..model import Plan
from ..output import os_error_text
from . import WriterError, WriterOptionError

# -- measures (GB/T 9704-2012; the facts are in the team's shared docs/official-format.md) ---------------------------------------

TWIPS_PER_MM = 1440 / 25.4
A4_TWIPS = (11906, 16838)  # 210 × 297 mm
#: top, bottom, left, right: a 156 × 225 mm text block.
MARGINS_TWIPS = {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}
#: Landscape pages (tables): the portrait block turned a quarter, the binding edge on top.
LANDSCAPE_MARGINS_TWIPS = {"top": 1587, "bottom": 1474, "left": 2098, "right": 1984}
LINE_PITCH = 579  # exact line spacing in twips (28.95 pt): 22 lines fill the 225 mm block
BODY_SIZE = 32  # half-points: 三号 16 pt
TITLE_SIZE = 44  # 二号 22 pt
PAGE_NUMBER_SIZE = 28  # 四号 14 pt
CHAR_TWIPS = 320  # one 三号 character
#: Body characters are set 98 % wide (15.68 pt), so 28 fill the 156 mm line (16 pt gives 27).
#: Condensing by 0.25 pt (`w:spacing -5`) also gives 28, but LibreOffice then drops the punctuation
#: mark that hangs at the end of a justified line (19 、，。 missing from the 2025 plan's PDF).
BODY_SCALE = 98
HEADER_DISTANCE = 851  # 15 mm
FOOTER_DISTANCE = 1417  # 25 mm: the page number's dash ~7 mm below the text block

LATIN_FONT = "Times New Roman"
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"

# -- style ids (never style names: Chinese Word renames built-in styles) ---------------------------

TITLE = "KepuTitle"
BODY = "KepuBody"
HEADING1 = "KepuHeading1"
HEADING2 = "KepuHeading2"
SIGNATURE = "KepuSignature"
PAGE_NUMBER = "KepuPageNumber"
LEAD = "KepuLead"  # character style: a task's lead sentence, bold
RUN_IN_HEADING = "KepuRunInHeading"  # character style: （一）加强统筹协调。 in 楷体

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_PIECES = re.compile(r"(\t|\r\n|\n|\r)")


@dataclass(frozen=True)
class StyleSpec:
    """One of our styles, written in full (no inheritance) so every client reads the same values."""

    style_id: str
    name: str
    alias: str  # the Chinese name Word shows beside it
    kind: str = "paragraph"  # or "character"
    east_asia: str | None = FANGSONG
    latin: str = LATIN_FONT
    size: int | None = BODY_SIZE
    bold: bool = False
    condense: int = 0  # twips between characters (negative: condensed)
    scale: int = 100  # character width in per cent
    jc: str | None = "both"
    first_line_chars: int = 200  # hundredths of a character
    keep_next: bool = False
    outline_level: int | None = None
    space_after: int = 0
    line: int | None = LINE_PITCH  # exact twips; None: single spacing

    def xml(self) -> str:
        ppr = ""
        if self.kind == "paragraph":
            ppr = (
                "<w:pPr>"
                + ("<w:keepNext/>" if self.keep_next else "")
                + '<w:widowControl w:val="0"/>'
                + '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
                + '<w:snapToGrid w:val="0"/>'
                + (
                    f'<w:spacing w:before="0" w:after="{self.space_after}" w:line="{self.line}" w:lineRule="exact"/>'
                    if self.line
                    else f'<w:spacing w:before="0" w:after="{self.space_after}" w:line="240" w:lineRule="auto"/>'
                )
                + (
                    f'<w:ind w:firstLineChars="{self.first_line_chars}" '
                    f'w:firstLine="{self.first_line_chars * CHAR_TWIPS // 100}"/>'
                    if self.first_line_chars
                    else '<w:ind w:firstLine="0"/>'
                )
                + (f'<w:jc w:val="{self.jc}"/>' if self.jc else "")
                + (f'<w:outlineLvl w:val="{self.outline_level}"/>' if self.outline_level is not None else "")
                + "</w:pPr>"
            )
        fonts = ""
        if self.east_asia:
            fonts = (
                f"<w:rFonts w:ascii={quoteattr(self.latin)} w:hAnsi={quoteattr(self.latin)} "
                f'w:eastAsia={quoteattr(self.east_asia)} w:cs={quoteattr(self.latin)} w:hint="eastAsia"/>'
            )
        rpr = (
            "<w:rPr>"
            + fonts
            + ("<w:b/><w:bCs/>" if self.bold else "")
            + (f'<w:spacing w:val="{self.condense}"/>' if self.condense else "")
            + (f'<w:w w:val="{self.scale}"/>' if self.scale != 100 else "")
            + (f'<w:sz w:val="{self.size}"/><w:szCs w:val="{self.size}"/>' if self.size else "")
            + "</w:rPr>"
        )
        return (
            f'<w:style {nsdecls("w")} w:type="{self.kind}" w:customStyle="1" '
            f"w:styleId={quoteattr(self.style_id)}>"
            f"<w:name w:val={quoteattr(self.name)}/><w:aliases w:val={quoteattr(self.alias)}/>"
            + ('<w:basedOn w:val="Normal"/>' if self.kind == "paragraph" else "")
            + "<w:qFormat/>"
            + ppr
            + rpr
            + "</w:style>"
        )


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(TITLE, "Kepu Title", "公文标题", east_asia=XIAOBIAOSONG, size=TITLE_SIZE,
              jc="center", first_line_chars=0, keep_next=True, space_after=LINE_PITCH),
    StyleSpec(BODY, "Kepu Body", "公文正文", scale=BODY_SCALE),
    StyleSpec(HEADING1, "Kepu Heading 1", "公文一级标题", east_asia=HEITI, scale=BODY_SCALE, keep_next=True,
              outline_level=0),
    StyleSpec(HEADING2, "Kepu Heading 2", "公文二级标题", east_asia=KAITI, scale=BODY_SCALE, keep_next=True,
              outline_level=1),
    StyleSpec(SIGNATURE, "Kepu Signature", "公文署名", scale=BODY_SCALE, jc="right", first_line_chars=0),
    StyleSpec(PAGE_NUMBER, "Kepu Page Number", "公文页码", east_asia=SONGTI, latin=SONGTI,
              size=PAGE_NUMBER_SIZE, jc=None, first_line_chars=0, line=None),
    StyleSpec(LEAD, "Kepu Lead", "公文任务首句", kind="character", east_asia=None, size=None, bold=True),
    StyleSpec(RUN_IN_HEADING, "Kepu Run-in Heading", "公文段首标题", kind="character", east_asia=KAITI,
              size=None),
)  # fmt: skip

#: Fonts as Word's font table lists them: the charset says "Chinese (GB2312)", `altName` names the
#: face Word should use where the document's own is not installed (仿宋_GB2312 is not on plain Windows).
FONT_TABLE = (
    (FANGSONG, "仿宋", "modern", "fixed"),
    (KAITI, "楷体", "modern", "fixed"),
    (HEITI, "SimHei", "modern", "fixed"),
    (XIAOBIAOSONG, "宋体", "script", "default"),
    (SONGTI, "SimSun", "auto", "variable"),
)


# -- runs and paragraphs -------------------------------------------------------------------------------


class Run(NamedTuple):
    """A stretch of text in one character style (None: the paragraph style's own font)."""

    text: str
    style: str | None = None


def _text_xml(text: str) -> str:
    """Text as `w:t`, with tabs and line breaks as the elements Word uses for them."""
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>'
    out = []
    for piece in _TEXT_PIECES.split(text):
        if not piece:
            continue
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r\n", "\r"):
            out.append("<w:br/>")
        else:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def run_xml(run: Run) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{run.style}"/></w:rPr>' if run.style else ""
    return f"<w:r>{rpr}{_text_xml(run.text)}</w:r>"


def paragraph_xml(style_id: str, runs: Iterable[Run | str], *, properties: str = "") -> str:
    """One `w:p` as XML text: the paragraph style, extra `w:pPr` children in schema order, the runs."""
    body = "".join(
        run_xml(r if isinstance(r, Run) else Run(r)) for r in runs if (r.text if isinstance(r, Run) else r)
    )
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{properties}</w:pPr>{body}</w:p>'


def add_paragraphs(doc: Document, paragraphs: Iterable[str]) -> None:
    """Append paragraphs (and tables: any body-level XML) given as text, before the final section.

    Each parsed element is copied before it is moved into the document. Moving an element whose
    namespace is declared on an ancestor (the fragment's `w:body`) makes lxml reconcile the namespace
    of every descendant against a cache that grows with the subtree: quadratic in a table's rows (a
    table of 3,000 rows took a minute). A copy declares the namespace on its own root, so the move
    finds it there and drops it as redundant: linear, and the same bytes."""
    fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(paragraphs)}</w:body>")
    body = doc.element.body
    anchor = body.find(qn("w:sectPr"))
    for element in fragment:
        element = copy.deepcopy(element)
        if anchor is None:
            body.append(element)
        else:
            anchor.addprevious(element)


def add_paragraph(doc: Document, style_id: str, runs: Iterable[Run | str], *, properties: str = "") -> None:
    """Append one paragraph in one of our styles; each run is text, or `Run(text, character_style)`."""
    add_paragraphs(doc, [paragraph_xml(style_id, runs, properties=properties)])


def check_xml_text(text: str, path: tuple[str | int, ...] = ()) -> None:
    """Raise WriterError if `text` holds a character no XML document (so no .docx) can carry."""
    bad = _XML_INVALID.search(text)
    if bad:
        raise WriterError(
            f"含有 Word 文档无法容纳的字符 U+{ord(bad.group()):04X}（第 {bad.start() + 1} 个字符）",
            path=path,
            hint="删除该字符",
        )


# -- the document: base package, styles, page, footers ----------------------------------------------------


def _style_element(spec: StyleSpec) -> Any:
    return parse_xml(spec.xml())


def _base_styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{LATIN_FONT}" w:eastAsia="{FANGSONG}" w:hAnsi="{LATIN_FONT}" '
        f'w:cs="{LATIN_FONT}" w:hint="eastAsia"/>'
        f'<w:kern w:val="2"/><w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    builtin = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
    )
    return f"<w:styles {nsdecls('w')}>{defaults}{builtin}</w:styles>"


def _font_table_xml() -> str:
    fonts = "".join(
        f"<w:font w:name={quoteattr(name)}><w:altName w:val={quoteattr(alt)}/>"
        f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, alt, family, pitch in FONT_TABLE
    )
    latin = (
        f'<w:font w:name="{LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/>'
        '<w:pitch w:val="variable"/></w:font>'
    )
    return f"<w:fonts {nsdecls('w')}>{latin}{fonts}</w:fonts>"


_SETTINGS_XML = (
    f'<w:settings {nsdecls("w")}><w:zoom w:percent="100"/>'
    f'<w:defaultTabStop w:val="{CHAR_TWIPS * 2}"/><w:evenAndOddHeaders/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:useFELayout/><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

_DOCUMENT_XML = (
    f"<w:document {nsdecls('w', 'r')}><w:body><w:sectPr>"
    f'<w:pgSz w:w="{A4_TWIPS[0]}" w:h="{A4_TWIPS[1]}"/><w:pgMar w:top="0" w:right="0" w:bottom="0" '
    'w:left="0" w:header="0" w:footer="0" w:gutter="0"/><w:cols w:space="425"/>'
    f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr></w:body></w:document>'
)

_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = (
    f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_OFFICE_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_DOCUMENT_RELS = (
    f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_OFFICE_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_OFFICE_RELS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_OFFICE_RELS}/fontTable" Target="fontTable.xml"/>'
    "</Relationships>"
)
_CORE_XML = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
_APP_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>kepu-plan</Application><DocSecurity>0</DocSecurity></Properties>"
)


@cache
def _base_package() -> bytes:
    """A minimal .docx of our own: no theme fonts, no 900 KB of built-in styles, no thumbnail."""
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "docProps/app.xml": _APP_XML,
        "docProps/core.xml": _CORE_XML,
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/document.xml": _DOCUMENT_XML,
        "word/fontTable.xml": _font_table_xml(),
        "word/settings.xml": _SETTINGS_XML,
        "word/styles.xml": _base_styles_xml(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, declaration + xml)
    return buffer.getvalue()


def _open_reference(path: Path) -> Document:
    """The user's reference .docx (or .dotx), with a clear Chinese message for anything else."""
    if not path.exists():
        raise WriterOptionError(f"找不到参考文档：{path}")
    if not path.is_file():
        raise WriterOptionError(f"参考文档 {path} 不是文件")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WriterOptionError(f"无法读取参考文档 {path}：{os_error_text(exc)}") from None
    hint = "请在 Word 或 WPS 中另存为 .docx 格式后再用"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WriterOptionError(f"参考文档 {path} 不是 Word 文档（.docx）；{hint}")
    try:
        data = _template_as_document(data)
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        detail = "；不是 Word 文档" if isinstance(exc, ValueError | KeyError) else "；文件已损坏"
        raise WriterOptionError(f"参考文档 {path} 无法使用{detail}（.docx）。{hint}") from None


def _template_as_document(data: bytes) -> bytes:
    """A Word template (.dotx) opened as a document: only its main part's content type differs."""
    template = b"wordprocessingml.template.main+xml"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
        if template not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                content = archive.read(info)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(template, b"wordprocessingml.document.main+xml")
                copy.writestr(info, content)
    return out.getvalue()


def ensure_styles(doc: Document, specs: Sequence[StyleSpec] = STYLES) -> None:
    """Add each of our styles the document lacks; a style it already has (by id, or by name after Word
    renamed the id) is the user's and is kept as it is."""
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    by_name = {}
    for element in styles.iterchildren(qn("w:style")):
        name = element.find(qn("w:name"))
        if name is not None:
            by_name[name.get(qn("w:val"))] = element
    for spec in specs:
        if spec.style_id in by_id:
            continue
        found = by_name.get(spec.name)
        if found is not None and found.get(qn("w:type")) == spec.kind:
            _rename_style(styles, found.get(qn("w:styleId")), spec.style_id)
            continue
        styles.append(_style_element(spec))


def _rename_style(styles: Any, old: str, new: str) -> None:
    for element in styles.iterchildren(qn("w:style")):
        if element.get(qn("w:styleId")) == old:
            element.set(qn("w:styleId"), new)
        for ref in ("w:basedOn", "w:next", "w:link"):
            child = element.find(qn(ref))
            if child is not None and child.get(qn("w:val")) == old:
                child.set(qn("w:val"), new)


def apply_page_setup(section: Section, *, landscape: bool = False) -> None:
    """A4 with the standard's margins (turned a quarter for landscape tables), as exact twips."""
    sect = section._sectPr
    width, height = A4_TWIPS
    margins = LANDSCAPE_MARGINS_TWIPS if landscape else MARGINS_TWIPS
    pg_sz = sect.get_or_add_pgSz()
    pg_sz.set(qn("w:w"), str(height if landscape else width))
    pg_sz.set(qn("w:h"), str(width if landscape else height))
    if landscape:
        pg_sz.set(qn("w:orient"), "landscape")
    elif qn("w:orient") in pg_sz.attrib:
        del pg_sz.attrib[qn("w:orient")]
    pg_mar = sect.get_or_add_pgMar()
    for side, value in margins.items():
        pg_mar.set(qn(f"w:{side}"), str(value))
    pg_mar.set(qn("w:header"), str(HEADER_DISTANCE))
    pg_mar.set(qn("w:footer"), str(FOOTER_DISTANCE))
    pg_mar.set(qn("w:gutter"), "0")


def _page_number_xml(odd: bool) -> str:
    """ "— 1 —": 宋体 四号, odd pages right and even pages left, one character in from the margin."""
    one_char = PAGE_NUMBER_SIZE * 10  # twips in one 四号 character
    if odd:
        placement = f'<w:ind w:rightChars="100" w:right="{one_char}"/><w:jc w:val="right"/>'
    else:
        placement = f'<w:ind w:leftChars="100" w:left="{one_char}"/><w:jc w:val="left"/>'
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{PAGE_NUMBER}"/>{placement}</w:pPr>'
        f'<w:r><w:t xml:space="preserve">— </w:t></w:r>{field}<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


def add_page_number_footers(doc: Document) -> None:
    """Page numbers in every section's odd and even footers (odd/even footers switched on).

    Switching odd/even on must not take a template's header off its even pages, nor leave a
    different first page (a red masthead) without its number: where the section has no even header
    or no first-page footer, it refers to the part it already uses for odd pages."""
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            footer.is_linked_to_previous = False
            element = footer._element
            for child in list(element):
                element.remove(child)
            element.append(parse_xml(_page_number_xml(odd)))
        sect = section._sectPr
        header = sect.get_headerReference(WD_HEADER_FOOTER.PRIMARY)
        if header is not None and sect.get_headerReference(WD_HEADER_FOOTER.EVEN_PAGE) is None:
            sect.add_headerReference(WD_HEADER_FOOTER.EVEN_PAGE, header.rId)
        if sect.titlePg_val and sect.get_footerReference(WD_HEADER_FOOTER.FIRST_PAGE) is None:
            odd_footer = sect.get_footerReference(WD_HEADER_FOOTER.PRIMARY)
            sect.add_footerReference(WD_HEADER_FOOTER.FIRST_PAGE, odd_footer.rId)


def new_official_document(reference_doc: Path | str | None = None) -> Document:
    """An empty official document: our A4 page, styles and page-number footers, or, given a reference
    document, its page setup, styles, headers and footers (its body is dropped: content comes from
    the plan), with our styles added where it lacks them."""
    if reference_doc is None:
        doc = docx.Document(io.BytesIO(_base_package()))
        ensure_styles(doc)
        apply_page_setup(doc.sections[0])
        add_page_number_footers(doc)
        return doc
    doc = _open_reference(Path(reference_doc))
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not final:
            body.remove(child)
    if final is None:
        body.append(parse_xml(_DOCUMENT_XML).find(f".//{qn('w:sectPr')}"))
        apply_page_setup(doc.sections[0])
    _drop_orphan_relationships(doc)
    ensure_styles(doc)
    if not final_has_footer(doc):
        add_page_number_footers(doc)
    return doc


def final_has_footer(doc: Document) -> bool:
    sect = doc.element.body.find(qn("w:sectPr"))
    return sect is not None and sect.find(qn("w:footerReference")) is not None


_BODY_ONLY_RELATIONSHIPS = ("/image", "/hyperlink", "/chart", "/oleObject", "/package", "/diagramData")


def _drop_orphan_relationships(doc: Document) -> None:
    """Pictures and links of the reference document's dropped body would otherwise ride along."""
    xml = etree.tostring(doc.element)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(_BODY_ONLY_RELATIONSHIPS) and f'"{r_id}"'.encode() not in xml:
            del doc.part.rels[r_id]


# -- reproducible saving ---------------------------------------------------------------------------------

DEFAULT_TIMESTAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def reproducible_timestamp(default: dt.datetime = DEFAULT_TIMESTAMP) -> dt.datetime:
    """`SOURCE_DATE_EPOCH` (reproducible-builds.org) when set, else a fixed time: never "now"."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return default
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise WriterOptionError(f"环境变量 SOURCE_DATE_EPOCH 应为整数秒数，而不是「{value}」") from None


def _set_core_properties(doc: Document, when: dt.datetime, title: str | None) -> None:
    """Only fixed values: no author, no revision count, no last-printed time from a template."""
    element = doc.core_properties._element
    for child in list(element):
        element.remove(child)
    props = doc.core_properties
    if title:
        props.title = title
    props.language = "zh-CN"
    props.revision = 1
    props.created = when.replace(tzinfo=None)
    props.modified = when.replace(tzinfo=None)


def _zip_entries(data: bytes) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            yield name, archive.read(name)


def save_reproducibly(
    doc: Document, *, title: str | None = None, timestamp: dt.datetime | None = None
) -> bytes:
    """The document as .docx bytes that depend only on its content: fixed core properties, entries
    in a fixed order with a fixed time and permissions."""
    when = timestamp or reproducible_timestamp()
    _set_core_properties(doc, when, title)
    raw = io.BytesIO()
    doc.save(raw)
    stamp = max(when.astimezone(dt.UTC).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in _zip_entries(raw.getvalue()):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, content, compresslevel=6)
    _release(doc)
    return out.getvalue()


def _release(doc: Document) -> None:
    """Free a saved document's XML at once: the document is spent.

    python-docx's package and its parts refer to each other (through their relationships, and through
    the list `OpcPackage.iter_parts` keeps in its recursive helper's default argument), cycles only
    the cyclic garbage collector finds. It counts Python objects, not the megabytes of XML the parts
    hold, so a command writing one document after another (`render --all-units`) kept every document
    it had written: 990 MB for a 3,000-task plan. A part without its element holds no XML."""
    for part in list(doc.part.package.iter_parts()):
        if hasattr(part, "_element"):
            part._element = None


# -- the plan ------------------------------------------------------------------------------------------------


def _check_plan_text(plan: Plan, laid_out: Sequence[Block]) -> None:
    """No text goes into XML that XML cannot hold. One search over everything the document will say;
    only when it finds something is the plan walked, to locate the value by its YAML path."""
    if not _XML_INVALID.search("".join(block.text for block in laid_out)):
        return

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(value, str):
            check_xml_text(value, path)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    try:
        walk(plan.model_dump(exclude_defaults=True), ())
    except WriterError as exc:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in exc.path).lstrip(".")
        raise WriterError(f"{where} {exc}", code=exc.code, path=exc.path, hint=exc.hint) from None
    check_xml_text("".join(block.text for block in laid_out))  # text not from the plan's own values


def text_width(text: str) -> int:
    """Width in twips of text set in the body font: a full-width character is one 三号 character,
    a Latin letter or digit (Times New Roman) about half of one."""
    width = 0
    for char in text:
        full = unicodedata.east_asian_width(char) in "WFA"
        width += CHAR_TWIPS if full else CHAR_TWIPS // 2
    return width * BODY_SCALE // 100


def signature_xml(plan: Plan, signature: list[Block]) -> list[str]:
    """GB/T 9704 7.3.5.2, unsealed: one blank line below the text, the issuer two characters from the
    right margin, the date on the next line starting two characters right of the issuer's start; a date
    too long for that is set two characters from the margin and the issuer moved left to keep the
    two-character step."""
    two = text_width("字字")
    issuer = signature[0].body if plan.issuer else None
    date = signature[-1].body if plan.date else None
    right = {"issuer": two, "date": two}
    if issuer and date:
        issuer_w, date_w = text_width(issuer), text_width(date)
        if issuer_w - date_w >= two:
            right["date"] = issuer_w - date_w
        else:
            right["issuer"] = 2 * two + date_w - issuer_w
    out = []
    for index, block in enumerate(signature):
        which = "issuer" if (issuer and index == 0) else "date"
        before = f'<w:spacing w:before="{LINE_PITCH}"/>' if index == 0 else ""
        out.append(
            paragraph_xml(SIGNATURE, [block.body], properties=f'{before}<w:ind w:right="{right[which]}"/>')
        )
    return out


def block_xml(block: Block) -> str:
    """One block of the layout as a paragraph in our styles."""
    kind = block.kind
    if kind is Kind.TITLE:
        return paragraph_xml(TITLE, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.HEADING1:
        return paragraph_xml(HEADING1, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.HEADING2:
        return paragraph_xml(HEADING2, [block.number + block.lead, block.body, block.suffix])
    if kind is Kind.TASK:
        return paragraph_xml(BODY, [Run(block.number + block.lead, LEAD), block.body, block.suffix])
    if kind is Kind.ITEM:
        return paragraph_xml(BODY, [Run(block.number + block.lead, RUN_IN_HEADING), block.body, block.suffix])
    return paragraph_xml(BODY, [block.number + block.lead, block.body, block.suffix])


def render_docx(plan: Plan, reference_doc: Path | str | None = None) -> bytes:
    """The plan as an official .docx; the same plan (and reference document) gives the same bytes."""
    laid_out = blocks(plan)
    _check_plan_text(plan, laid_out)
    when = reproducible_timestamp()
    doc = new_official_document(reference_doc)
    body = [block_xml(b) for b in laid_out if b.kind is not Kind.SIGNATURE]
    signature = [b for b in laid_out if b.kind is Kind.SIGNATURE]
    if signature:
        body.extend(signature_xml(plan, signature))
    add_paragraphs(doc, body)
    return save_reproducibly(doc, title=plan.title, timestamp=when)
