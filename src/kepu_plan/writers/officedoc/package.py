"""The document as a package: our own minimal .docx or a user's reference document, and saving it so
that the same content always gives the same bytes.

python-docx builds every document (`new_official_document`), and is imported only where it is used:
our own empty documents are the same every time, so the ones the plan is written on are stored as
python-docx built them (blanks.py, `write_official`), and writing the plan imports neither python-docx
nor lxml (~40 ms of every `render`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ...epoch import source_date_epoch
from .. import WriterError, WriterOptionError
from .measures import A4_TWIPS, CHAR_TWIPS, LINE_PITCH
from .page import add_page_number_footers, apply_page_setup, final_has_footer, text_block_width
from .paragraphs import XML_INVALID, add_paragraphs
from .styles import StyleSpec, base_styles_xml, ensure_styles, font_table_xml
from .xmltext import W_DECL, W_NS, xml_text

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.packuri import PackURI

_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_SETTINGS_XML = (
    f'<w:settings {W_DECL}><w:zoom w:percent="100"/>'
    f'<w:defaultTabStop w:val="{CHAR_TWIPS * 2}"/><w:evenAndOddHeaders/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:useFELayout/><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

_DOCUMENT_XML = (
    f'<w:document {W_DECL} xmlns:r="{_OFFICE_RELS}"><w:body><w:sectPr>'
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
_CORE_ROOT = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)
_CORE_XML = _CORE_ROOT + "/>"
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
        "word/fontTable.xml": font_table_xml(),
        "word/settings.xml": _SETTINGS_XML,
        "word/styles.xml": base_styles_xml(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, declaration + xml)
    return buffer.getvalue()


def _open_reference(path: Path) -> Document:
    """The user's reference .docx (or .dotx), with a clear Chinese message for anything else."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from ...archives import read_ooxml
    from ...diagnostics import LoadError

    if not path.exists() and not path.is_symlink():
        raise WriterOptionError(f"找不到参考文档：{path}")
    hint = "请在 Word 或 WPS 中另存为 .docx 格式后再用"
    try:
        # the one reader and the one archive guard: a regular file, size-capped, expanded-size limits
        data = read_ooxml(path, str(path), what="Word 文档")
    except LoadError as exc:
        raise WriterOptionError(f"参考文档 {path} 无法使用：{exc.diagnostics[0].message}；{hint}") from None
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


def new_official_document(reference_doc: Path | str | None = None) -> Document:
    """An empty official document: our A4 page, styles and page-number footers, or, given a reference
    document, its page setup, styles, headers and footers (its body is dropped: content comes from
    the plan), with our styles added where it lacks them."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

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


_BODY_ONLY_RELATIONSHIPS = ("/image", "/hyperlink", "/chart", "/oleObject", "/package", "/diagramData")


def _drop_orphan_relationships(doc: Document) -> None:
    """Pictures and links of the reference document's dropped body would otherwise ride along."""
    from lxml import etree

    xml = etree.tostring(doc.element)
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(_BODY_ONLY_RELATIONSHIPS) and f'"{r_id}"'.encode() not in xml:
            del doc.part.rels[r_id]


# -- reproducible saving ---------------------------------------------------------------------------------


def reproducible_timestamp() -> dt.datetime:
    """The time a document is dated with (file properties, tracked changes): now, as Word's review
    pane should show it; `SOURCE_DATE_EPOCH` (reproducible-builds.org) when set, so that the same
    input gives the same bytes for golden tests and CI diffs (epoch.py checks it)."""
    return source_date_epoch() or dt.datetime.now(dt.UTC).replace(microsecond=0)


def _core_xml(when: dt.datetime, title: str | None, author: str | None = None) -> bytes:
    """docProps/core.xml as python-docx writes it after we set only what we set: the title, the
    language, revision 1, created and modified at `when`, and who last changed it when a reviser is
    named (no author, no last-printed time from a template)."""
    for text in (title, author):
        _refuse_unwritable(text or "")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    w3cdtf = 'xsi:type="dcterms:W3CDTF"'
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"{_CORE_ROOT}>"
        + (f"<dc:title>{xml_text(title)}</dc:title>" if title else "")
        + "<dc:language>zh-CN</dc:language><cp:revision>1</cp:revision>"
        f"<dcterms:created {w3cdtf}>{stamp}</dcterms:created><dcterms:modified {w3cdtf}>{stamp}</dcterms:modified>"
        + (f"<cp:lastModifiedBy>{xml_text(author)}</cp:lastModifiedBy>" if author else "")
        + "</cp:coreProperties>"
    )
    return xml.encode("utf-8")


class _Entries(dict[str, bytes]):
    """What python-docx's PackageWriter would put in the zip, kept in memory by member name: the
    archive is written once, by us, rather than compressed by python-docx, read back and compressed
    again (half the time of saving a 3,000-task plan went into that first, discarded compression)."""

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self[pack_uri.membername] = blob


#: Where the body goes in the serialised document.xml: a comment only `_marked_entries` puts there.
_BODY_MARK = b"<!--kepu-plan: the body is written here-->"


@dataclass(frozen=True)
class Members:
    """A package's members by name, document.xml holding `_BODY_MARK` where the body goes, and the
    names of document.xml and of core.xml (whose content `_core_xml` writes for each document)."""

    entries: dict[str, bytes]
    document: str
    core: str


def _marked_entries(doc: Document) -> Members:
    """Every member of the saved document: the steps of `OpcPackage.save` and `PackageWriter.write`
    (before_marshal, content types, package relationships, each part and its relationships), with
    the body's mark before the final section."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.pkgwriter import PackageWriter
    from docx.oxml.ns import qn
    from lxml import etree

    package = doc.part.package
    doc.core_properties  # noqa: B018  (python-docx adds a core-properties part where there is none)
    core = package.part_related_by(RELATIONSHIP_TYPE.CORE_PROPERTIES).partname.membername
    body = doc.element.body
    mark = etree.Comment(_BODY_MARK.decode()[4:-3])
    final = body.find(qn("w:sectPr"))
    if final is None:
        body.append(mark)
    else:
        final.addprevious(mark)
    parts = package.parts
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)  # type: ignore[arg-type]  # it only calls write()
    body.remove(mark)
    return Members(dict(entries), doc.part.partname.membername, core)


def save_reproducibly(
    doc: Document,
    *,
    body: Iterable[str] = (),
    title: str | None = None,
    timestamp: dt.datetime | None = None,
    author: str | None = None,
) -> bytes:
    """The document as .docx bytes that depend only on its content and its time (`timestamp`, else
    `reproducible_timestamp()`): core properties we set, entries in a fixed order with that time and
    fixed permissions. `author` names who last changed it (a redline's reviser).

    `body` is the content as XML text (`paragraph_xml`, `table_xml`, …), in order, before the final
    section. It goes into document.xml as it is: not parsed into a tree, moved into the document and
    serialised back into the same text (for a 3,000-task plan those three steps took 0.06 s, more
    than building the text). The text is what lxml would write for that tree (`xmltext`; a test
    compares the two ways), so the bytes are the same. A reference document that binds the `w`
    prefix to anything else gets the body parsed into its tree (`add_paragraphs`), where lxml finds
    its own prefix."""
    when = timestamp or reproducible_timestamp()
    text = "".join(body)
    if text and doc.element.body.nsmap.get("w") != W_NS:
        _refuse_unwritable(text)
        add_paragraphs(doc, [text])
        text = ""
    members = _marked_entries(doc)
    _release(doc)
    return _archive(members, text, when, title, author)


def write_official(
    body: Callable[[int], Iterable[str]],
    *,
    styles: Sequence[StyleSpec] = (),
    reference_doc: Path | str | None = None,
    title: str | None = None,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """An official document: the empty one `new_official_document` makes (with `styles` beside our
    own), and as its content the XML text `body(width)` writes for a text block `width` twips wide.
    Our own empty documents are the same every time: those stored in blanks.py are taken from there,
    without python-docx (`python -m kepu_plan.writers.officedoc.blanks_build` writes them)."""
    when = timestamp or reproducible_timestamp()
    if reference_doc is None:
        from .blanks import BLANKS

        stored = BLANKS.get(tuple(spec.style_id for spec in styles))
        if stored is not None:
            width, members = stored
            return _archive(members, "".join(body(width)), when, title)
    doc = new_official_document(reference_doc)
    if styles:
        ensure_styles(doc, styles)
    return save_reproducibly(doc, body=body(text_block_width(doc)), title=title, timestamp=when)


def _refuse_unwritable(text: str) -> None:
    """No text goes into a Word document that XML cannot hold (for the body: one search over it all)."""
    bad = XML_INVALID.search(text)
    if bad:
        raise WriterError(f"含有 Word 文档无法容纳的字符 U+{ord(bad.group()):04X}", hint="删除该字符")


def _archive(
    members: Members, body: str, when: dt.datetime, title: str | None, author: str | None = None
) -> bytes:
    """The .docx: the body in document.xml at its mark, our core properties, every member in a fixed
    order with the document's time and fixed permissions, each compressed once."""
    _refuse_unwritable(body)
    entries = dict(members.entries)
    before, found, after = entries[members.document].partition(_BODY_MARK)
    assert found, "the body's place is marked in document.xml"
    entries[members.document] = b"".join((before, body.encode("utf-8"), after))
    entries[members.core] = _core_xml(when, title, author)
    stamp = max(when.astimezone(dt.UTC).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(entries, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, entries[name], compresslevel=6)
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
