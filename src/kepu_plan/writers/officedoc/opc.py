"""The one assembler of a Word package (.docx): parts we hold as bytes, zipped reproducibly.

Every Word document we write, ours or on a user's reference document, ends here as a list of `Part`s
(name, content type, bytes, relationships). This module writes what ties them together, the content
types and the relationship parts, the package relationships to the main document and to the core and
app properties (always our own: no author or company from a template), and the zip: members in a fixed
order, each with the document's time and fixed permissions, compressed once. The same parts and the
same time always give the same bytes.

The XML declaration of the parts that python-docx used to serialise is kept as lxml writes it (single
quotes), so that outputs stay byte for byte what they were.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from .. import WriterError
from .paragraphs import XML_INVALID
from .styles import StyleSpec
from .xmltext import W_DECL, xml_attr, xml_text

#: The XML declaration as lxml writes it, and as a hand-written part has it.
LXML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

#: Content types of the parts a Word document of ours can hold.
CONTENT_TYPES = {
    "document": f"{_WML}.document.main+xml",
    "styles": f"{_WML}.styles+xml",
    "settings": f"{_WML}.settings+xml",
    "fontTable": f"{_WML}.fontTable+xml",
    "numbering": f"{_WML}.numbering+xml",
    "header": f"{_WML}.header+xml",
    "footer": f"{_WML}.footer+xml",
    "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
}
DOCUMENT = "word/document.xml"


@dataclass(frozen=True)
class Rel:
    """A relationship from a part: its id, its type (the last segment of the officeDocument type, e.g.
    "styles", "image"), and the target's name relative to the part's folder."""

    rel_id: str
    kind: str
    target: str


@dataclass(frozen=True)
class Part:
    """One member of the package: its name in the zip, its content type, its bytes, its relationships."""

    name: str
    content_type: str
    data: bytes
    rels: tuple[Rel, ...] = ()


class WordDocument(ABC):
    """An empty official document about to receive its body: our own (`blank.OwnDocument`) or one on
    a user's reference document (`reference.ReferenceDocument`). Writers add the styles they use,
    turn the page for wide tables, lay out the body for `text_width` and hand it to `parts`."""

    @abstractmethod
    def add_styles(self, specs: Sequence[StyleSpec]) -> None:
        """Add each of `specs` the document lacks (a style it has is kept as it is)."""

    @abstractmethod
    def turn_landscape(self) -> None:
        """Landscape pages for the whole document."""

    @property
    @abstractmethod
    def text_width(self) -> int:
        """Twips between the margins of the document's page."""

    @abstractmethod
    def parts(self, body: str) -> list[Part]:
        """Every part of the document (not the properties) with `body`, body-level XML text, in
        document.xml before the final section."""


def document_part(body: str, section: str, rels: tuple[Rel, ...]) -> Part:
    """word/document.xml: `body` and the final `section`, both XML text (prefix `w` bound here)."""
    xml = f'{LXML_DECLARATION}<w:document {W_DECL} xmlns:r="{R_NS}"><w:body>{body}{section}</w:body></w:document>'
    return Part(DOCUMENT, CONTENT_TYPES["document"], xml.encode("utf-8"), rels)


def refuse_unwritable(text: str) -> None:
    """No text goes into a Word document that XML cannot hold (for the body: one search over it all)."""
    bad = XML_INVALID.search(text)
    if bad:
        raise WriterError(f"含有 Word 文档无法容纳的字符 U+{ord(bad.group()):04X}", hint="删除该字符")


def _rels_xml(rels: Sequence[Rel]) -> bytes:
    items = "".join(
        f'<Relationship Id={xml_attr(r.rel_id)} Type="{R_NS}/{r.kind}" Target={xml_attr(r.target)}/>'
        for r in rels
    )
    return f'{LXML_DECLARATION}<Relationships xmlns="{RELS_NS}">{items}</Relationships>'.encode()


_PACKAGE_RELS = (
    f'{LXML_DECLARATION}<Relationships xmlns="{RELS_NS}">'
    f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="{DOCUMENT}"/>'
    f'<Relationship Id="rId2" Type="{RELS_NS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{R_NS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
).encode()

_APP = Part(
    "docProps/app.xml",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    (
        f'{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>kepu-plan</Application><DocSecurity>0</DocSecurity></Properties>"
    ).encode(),
)

_CORE_ROOT = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)


def core_part(when: dt.datetime, title: str | None, author: str | None = None) -> Part:
    """docProps/core.xml with only what we set: the title, the language, revision 1, created and
    modified at `when`, and who last changed it when a reviser is named (a redline's author)."""
    for text in (title, author):
        refuse_unwritable(text or "")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    w3cdtf = 'xsi:type="dcterms:W3CDTF"'
    xml = (
        f"{LXML_DECLARATION}{_CORE_ROOT}>"
        + (f"<dc:title>{xml_text(title)}</dc:title>" if title else "")
        + "<dc:language>zh-CN</dc:language><cp:revision>1</cp:revision>"
        f"<dcterms:created {w3cdtf}>{stamp}</dcterms:created><dcterms:modified {w3cdtf}>{stamp}</dcterms:modified>"
        + (f"<cp:lastModifiedBy>{xml_text(author)}</cp:lastModifiedBy>" if author else "")
        + "</cp:coreProperties>"
    )
    return Part(
        "docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml", xml.encode()
    )


def _content_types(parts: Sequence[Part]) -> bytes:
    """`[Content_Types].xml`: the defaults for relationship parts and plain XML, one override per part
    (in name order, as python-docx wrote them)."""
    overrides = "".join(
        f"<Override PartName={xml_attr('/' + p.name)} ContentType={xml_attr(p.content_type)}/>"
        for p in sorted(parts, key=lambda p: p.name)
        if p.content_type != "application/xml"
    )
    return (
        f'{LXML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>"
    ).encode()


def _rels_name(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def assemble(parts: Sequence[Part], when: dt.datetime, core: Part) -> bytes:
    """The .docx of `parts` (the main document named `DOCUMENT` among them), with `core` and our app
    properties: every member in a fixed order with the time `when` and fixed permissions."""
    every = [*parts, _APP, core]
    entries = {p.name: p.data for p in every}
    entries["[Content_Types].xml"] = _content_types(every)
    entries["_rels/.rels"] = _PACKAGE_RELS
    for part in every:
        if part.rels:
            entries[_rels_name(part.name)] = _rels_xml(part.rels)
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
