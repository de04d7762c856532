"""A user's reference document (.docx or .dotx), taken from an allow-list: only its page setup,
styles, theme, fonts, numbering and headers and footers (with the pictures they embed) reach our
output.

Everything else a template can carry is left behind because it is never asked for: its body, comments
with their authors, the core, app and custom properties (we write our own), customXml, a macro project,
footnotes, the `attachedTemplate` link and every other relationship to something outside the package
(`TargetMode="External"`: a header picture linked by URL would make LibreOffice fetch it when
converting to PDF). An attribute that pointed to a relationship left behind is removed, so no part
refers to what is not there. The copied parts get our own names (word/header1.xml, word/media/…), not
the template's.

Values we compute with (the page's size and margins) are read through `ooxml`, with Word's defaults
for what the template leaves out; a value the schema does not allow is an option error naming the file.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from ...ooxml import W_NS, OoxmlValueError, Page, read_page
from .. import WriterOptionError
from .blank import settings_xml
from .opc import CONTENT_TYPES, R_NS, RELS_NS, Part, Rel, WordDocument, document_part
from .page import page_number_footer, section_xml
from .styles import STYLES, StyleSpec, styles_xml
from .xmltext import W_DECL

_PACKAGE_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: Main parts we take a document from: a document, a template, and their macro-enabled forms (whose
#: macros are never copied).
_MAIN_TYPES = {
    CONTENT_TYPES["document"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
#: Parts the main document refers to that we copy, by relationship type: our name for each.
_DOCUMENT_PARTS = {
    "styles": "word/styles.xml",
    "fontTable": "word/fontTable.xml",
    "numbering": "word/numbering.xml",
    "theme": "word/theme/theme1.xml",
}
#: What a copied part may keep of its own relationships: embedded pictures and fonts, by content type.
_EMBEDDED = {"image": ("image/", "word/media/image"), "font": ("font", "word/fonts/font")}
#: The children of the final `w:sectPr` that make a page (not its printer settings or revision marks).
_SECTION = ("headerReference", "footerReference", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType",
            "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
            "rtlGutter", "docGrid")  # fmt: skip
#: The settings that shape pages and lines, in the schema's order (not protection, tracking, mail merge,
#: document variables, an attached template, footnote separators …).
_SETTINGS = ("zoom", "mirrorMargins", "gutterAtTop", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit",
             "hyphenationZone", "doNotHyphenateCaps", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
             "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
             "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
             "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin",
             "noPunctuationKerning", "characterSpacingControl", "strictFirstAndLastChars", "noLineBreaksAfter",
             "noLineBreaksBefore", "compat", "themeFontLang", "clrSchemeMapping", "decimalSymbol",
             "listSeparator")  # fmt: skip
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_HINT = "请在 Word 或 WPS 中另存为 .docx 格式后再用"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def _r(name: str) -> str:
    return f"{{{R_NS}}}{name}"


def _local(element: Any) -> str:
    return str(etree.QName(element).localname) if isinstance(element.tag, str) else ""


def _serialised(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def open_reference(path: Path) -> ReferenceDocument:
    """The allowed parts of the user's reference document, with a clear Chinese message (exit 2) for
    a file that is missing, not a Word document, damaged, or holds a page value the schema forbids."""
    from ...archives import read_ooxml
    from ...diagnostics import LoadError

    if not path.exists() and not path.is_symlink():
        raise WriterOptionError(f"找不到参考文档：{path}")
    try:
        # the one reader and the one archive guard: a regular file, size-capped, expanded-size limits
        data = read_ooxml(path, str(path), what="Word 文档")
    except LoadError as exc:
        raise WriterOptionError(f"参考文档 {path} 无法使用：{exc.diagnostics[0].message}；{_HINT}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _Copier(archive).document()
    except OoxmlValueError as exc:
        raise WriterOptionError(f"参考文档 {path} 无法使用：{exc}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        detail = "；不是 Word 文档" if isinstance(exc, ValueError | KeyError) else "；文件已损坏"
        raise WriterOptionError(f"参考文档 {path} 无法使用{detail}（.docx）。{_HINT}") from None


class _Copier:
    """Reads the reference package and copies the allowed parts under our names."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.names = set(archive.namelist())
        types = etree.fromstring(archive.read("[Content_Types].xml"), _PARSER)
        self.overrides = {
            (o.get("PartName") or "").lstrip("/").lower(): o.get("ContentType") or ""
            for o in types.iter(f"{_PACKAGE_TYPES}Override")
        }
        self.defaults = {
            (d.get("Extension") or "").lower(): d.get("ContentType") or ""
            for d in types.iter(f"{_PACKAGE_TYPES}Default")
        }
        self.parts: list[Part] = []
        self.rels: list[Rel] = []  # the document's relationships to the parts copied
        self.copied: dict[str, str] = {}  # the reference's embedded picture or font → our name

    def content_type(self, name: str) -> str:
        extension = posixpath.splitext(name)[1][1:].lower()
        return self.overrides.get(name.lower(), self.defaults.get(extension, ""))

    def related(self, name: str) -> list[tuple[str, str, str]]:
        """The internal relationships of part `name` whose target is in the package: (id, the type's
        last segment, the target's part name). External ones are never followed."""
        folder, _, base = name.rpartition("/")
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if rels_name not in self.names:
            return []
        found = []
        for rel in etree.fromstring(self.archive.read(rels_name), _PARSER).iter(f"{{{RELS_NS}}}Relationship"):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External" or not target or "://" in target:
                continue
            resolved = posixpath.normpath(
                target[1:] if target.startswith("/") else posixpath.join(folder, target)
            )
            if resolved in self.names:
                found.append((rel.get("Id") or "", (rel.get("Type") or "").rpartition("/")[2], resolved))
        return found

    def document(self) -> ReferenceDocument:
        main = next((t for _, kind, t in self.related("") if kind == "officeDocument"), None)
        if main is None:
            raise KeyError("no main document")
        if self.content_type(main) not in _MAIN_TYPES:
            raise ValueError(f"not a Word document: {self.content_type(main)}")
        root = etree.fromstring(self.archive.read(main), _PARSER)
        body = root.find(_w("body"))
        section = body.find(_w("sectPr")) if body is not None else None
        related = {kind: target for _, kind, target in reversed(self.related(main))}  # the first of each kind
        styles, styles_rels = (
            self.embedded(related["styles"], "word/styles.xml") if "styles" in related else (None, ())
        )
        for kind, ours in _DOCUMENT_PARTS.items():
            if kind in related and kind != "styles":
                self.copy(related[kind], ours, kind)
        settings = None
        if "settings" in related:
            settings = _allowed_settings(etree.fromstring(self.archive.read(related["settings"]), _PARSER))
        if section is not None:
            section = self.section(main, section)
        return ReferenceDocument(self.parts, self.rels, (styles, styles_rels), settings, section)

    def embedded(self, name: str, ours: str) -> tuple[Any, tuple[Rel, ...]]:
        """Part `name`, to be written as `ours`, with only its embedded pictures and fonts (copied
        too): its root and its relationships; an attribute referring to any other is removed."""
        root = etree.fromstring(self.archive.read(name), _PARSER)
        rels = []
        for rel_id, kind, target in self.related(name):
            wanted = _EMBEDDED.get(kind)
            if wanted is None or wanted[0] not in self.content_type(target).lower():
                continue
            if target not in self.copied:
                extension = posixpath.splitext(target)[1].lower()
                extension = extension if extension[1:].isalnum() and extension.isascii() else ".bin"
                self.copied[target] = f"{wanted[1]}{len(self.copied) + 1}{extension}"
                self.parts.append(
                    Part(self.copied[target], self.content_type(target), self.archive.read(target))
                )
            rels.append(Rel(rel_id, kind, posixpath.relpath(self.copied[target], posixpath.dirname(ours))))
        drop_dangling(root, {rel.rel_id for rel in rels})
        return root, tuple(rels)

    def copy(self, name: str, ours: str, kind: str) -> str:
        """Copy part `name` as `ours` (`embedded`), related from the document by a new id, returned."""
        root, rels = self.embedded(name, ours)
        self.parts.append(Part(ours, CONTENT_TYPES[kind], _serialised(root), rels))
        self.rels.append(Rel(f"rId{len(self.rels) + 3}", kind, ours.removeprefix("word/")))
        return self.rels[-1].rel_id

    def section(self, main: str, section: Any) -> Any:
        """The final section's page children, its header and footer parts copied under new ids."""
        for child in list(section):
            if _local(child) not in _SECTION:
                section.remove(child)
        related = {rel_id: (kind, target) for rel_id, kind, target in self.related(main)}
        ids: dict[str, str] = {}  # the reference's part name → our relationship id
        for reference in section:
            kind, target = related.get(reference.get(_r("id")) or "", ("", ""))
            if _local(reference) not in ("headerReference", "footerReference") or kind not in (
                "header",
                "footer",
            ):
                continue
            if target not in ids:
                count = sum(1 for rel in self.rels if rel.kind == kind)
                ids[target] = self.copy(target, f"word/{kind}{count + 1}.xml", kind)
            reference.set(_r("id"), ids[target])
        drop_dangling(section, set(ids.values()))
        for reference in list(section):
            if (
                _local(reference) in ("headerReference", "footerReference")
                and reference.get(_r("id")) is None
            ):
                section.remove(reference)
        return section


class ReferenceDocument(WordDocument):
    """The allowed parts of a reference document: its styles and settings and final section held as
    trees (our styles are added to them, the page may turn), the other parts as they were copied."""

    def __init__(
        self,
        parts: list[Part],
        rels: list[Rel],
        styles: tuple[Any, tuple[Rel, ...]],
        settings: Any,
        section: Any,
    ) -> None:
        self.copied, self.rels = parts, rels
        self.styles, self.styles_rels = styles
        if self.styles is None:
            self.styles = etree.fromstring(styles_xml(()))
        self.settings = settings if settings is not None else etree.fromstring(settings_xml())
        if section is None:
            section = etree.fromstring(
                section_xml(landscape=False, footers=None).replace("<w:sectPr", f"<w:sectPr {W_DECL}", 1)
            )
        self.section = section
        self.page: Page = read_page(section)  # a value the schema does not allow: the reference's fault
        self._write_page()
        self.add_styles(STYLES)
        if section.find(_w("footerReference")) is None:
            self._add_page_numbers()

    def add_styles(self, specs: Sequence[StyleSpec]) -> None:
        """Add each of our styles the document lacks; a style it already has (by id, or by name after
        Word renamed the id) is the user's and is kept as it is."""
        styles = self.styles
        by_id = {s.get(_w("styleId")): s for s in styles.iterchildren(_w("style"))}
        by_name = {}
        for element in styles.iterchildren(_w("style")):
            name = element.find(_w("name"))
            if name is not None:
                by_name[name.get(_w("val"))] = element
        for spec in specs:
            if spec.style_id in by_id:
                continue
            found = by_name.get(spec.name)
            if found is not None and found.get(_w("type")) == spec.kind:
                _rename_style(styles, found.get(_w("styleId")), spec.style_id)
                continue
            by_id[spec.style_id] = etree.fromstring(spec.xml())
            styles.append(by_id[spec.style_id])

    def turn_landscape(self) -> None:
        """The reference's own page turned a quarter, its margins going round with it (top → left …),
        so its setup is kept and the page number keeps its distance from the text block."""
        page = self.page
        if page.width > page.height:
            return
        old = page.margins
        margins = {
            **old,
            "top": old["left"],
            "right": old["top"],
            "bottom": old["right"],
            "left": old["bottom"],
        }
        margins["footer"] = max(0, old["right"] - (old["bottom"] - old["footer"]))
        self.page = Page(page.height, page.width, True, margins)
        self._write_page()

    def _write_page(self) -> None:
        """The page we lay out for, written out in twips (Word's defaults and universal measures
        spelt out): every application then pages the document as the text width was computed."""
        size = _child(self.section, "pgSz")
        size.set(_w("w"), str(self.page.width))
        size.set(_w("h"), str(self.page.height))
        if self.page.landscape:
            size.set(_w("orient"), "landscape")
        elif size.get(_w("orient")) is not None:
            del size.attrib[_w("orient")]
        margin = _child(self.section, "pgMar")
        for side, value in self.page.margins.items():
            margin.set(_w(side), str(value))

    @property
    def text_width(self) -> int:
        return self.page.text_width

    def _add_page_numbers(self) -> None:
        """Our odd and even page-number footers for a section without footers. Switching odd/even on
        must not take the template's header off its even pages, nor leave a different first page (a
        red masthead) without its number: where the section has no even header or no first-page
        footer, it refers to the part it already uses for odd pages."""
        ids = []
        for odd in (True, False):
            name = f"footer{sum(1 for rel in self.rels if rel.kind == 'footer') + 1}.xml"
            self.copied.append(Part(f"word/{name}", CONTENT_TYPES["footer"], page_number_footer(odd)))
            self.rels.append(Rel(f"rId{len(self.rels) + 3}", "footer", name))
            ids.append(self.rels[-1].rel_id)
        references = {(_local(r), r.get(_w("type")) or "default"): r.get(_r("id")) for r in self.section}
        wanted = [("footerReference", "default", ids[0]), ("footerReference", "even", ids[1])]
        odd_header = references.get(("headerReference", "default"))
        if odd_header and ("headerReference", "even") not in references:
            wanted.append(("headerReference", "even", odd_header))
        title_page = self.section.find(_w("titlePg"))
        if title_page is not None and title_page.get(_w("val"), "1") not in ("0", "false", "off"):
            wanted.append(("footerReference", "first", ids[0]))
        position = sum(1 for r in self.section if _local(r) in ("headerReference", "footerReference"))
        for offset, (tag, kind, rel_id) in enumerate(wanted):
            element = etree.Element(_w(tag), nsmap={"w": W_NS, "r": R_NS})
            element.set(_w("type"), kind)
            element.set(_r("id"), rel_id)
            self.section.insert(position + offset, element)
        if self.settings.find(_w("evenAndOddHeaders")) is None:
            self.settings.append(etree.Element(_w("evenAndOddHeaders")))
            self.settings = _allowed_settings(self.settings)

    def parts(self, body: str) -> list[Part]:
        rels = (Rel("rId1", "styles", "styles.xml"), Rel("rId2", "settings", "settings.xml"), *self.rels)
        section = etree.tostring(self.section, encoding="unicode", with_tail=False)
        return [
            document_part(body, section, rels),
            Part("word/styles.xml", CONTENT_TYPES["styles"], _serialised(self.styles), self.styles_rels),
            Part("word/settings.xml", CONTENT_TYPES["settings"], _serialised(self.settings)),
            *self.copied,
        ]


def _child(section: Any, name: str) -> Any:
    """The section's child `w:name`, added in the schema's place where it is absent (its page size
    and margins)."""
    found = section.find(_w(name))
    if found is None:
        found = etree.Element(_w(name))
        later = _SECTION[_SECTION.index(name) + 1 :]
        follower = next((child for child in section if _local(child) in later), None)
        if follower is None:
            section.append(found)
        else:
            follower.addprevious(found)
    return found


def _rename_style(styles: Any, old: str, new: str) -> None:
    for element in styles.iterchildren(_w("style")):
        if element.get(_w("styleId")) == old:
            element.set(_w("styleId"), new)
        for ref in ("basedOn", "next", "link"):
            child = element.find(_w(ref))
            if child is not None and child.get(_w("val")) == old:
                child.set(_w("val"), new)


def drop_dangling(root: Any, kept: set[str]) -> None:
    """Remove every relationship attribute (`r:id`, `r:embed`, `r:link` …) not among `kept` ids."""
    for element in root.iter(etree.Element):
        for name in [n for n in element.attrib if n.startswith(f"{{{R_NS}}}") and element.get(n) not in kept]:
            del element.attrib[name]


def _allowed_settings(root: Any) -> Any:
    """The reference's settings that shape pages and lines (`_SETTINGS`), in the schema's order."""
    kept = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    for name in _SETTINGS:
        for child in root.findall(_w(name)):
            kept.append(child)
    return kept
