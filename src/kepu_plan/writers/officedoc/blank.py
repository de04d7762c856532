"""Our own empty official document, written as XML text: A4 with the standard's margins, our styles,
the odd and even page-number footers, a font table naming the faces to use where ours are missing.

Nothing here parses XML or imports python-docx or lxml: writing the plan costs only the text of its
parts (~40 ms of every `render` saved against building the empty document through python-docx). The
fixed parts of each kind of document (styles added, page turned, revisions tracked) are written once
per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from .measures import A4_TWIPS, CHAR_TWIPS
from .opc import CONTENT_TYPES, DECLARATION, LXML_DECLARATION, Part, Rel, WordDocument, document_part
from .page import own_margins, page_number_footer, section_xml
from .styles import STYLES, StyleSpec, font_table_xml, styles_xml
from .xmltext import W_DECL


def settings_xml(*, track_revisions: bool = False) -> str:
    """Our settings: odd and even footers, East Asian layout, Word 2013+ compatibility; with
    `track_revisions`, the reviewer's own edits are tracked too (a redline)."""
    tracked = "<w:trackRevisions/>" if track_revisions else ""
    return (
        f'<w:settings {W_DECL}><w:zoom w:percent="100"/>{tracked}'
        f'<w:defaultTabStop w:val="{CHAR_TWIPS * 2}"/><w:evenAndOddHeaders/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:useFELayout/><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


_RELS = (
    Rel("rId1", "styles", "styles.xml"),
    Rel("rId2", "settings", "settings.xml"),
    Rel("rId3", "fontTable", "fontTable.xml"),
    Rel("rId4", "footer", "footer1.xml"),
    Rel("rId5", "footer", "footer2.xml"),
)


@cache
def _fixed_parts(styles: tuple[StyleSpec, ...], tracked: bool) -> tuple[Part, ...]:
    """The parts beside document.xml, the same for every document with these styles and settings."""
    return (
        Part("word/styles.xml", CONTENT_TYPES["styles"], (LXML_DECLARATION + styles_xml(styles)).encode()),
        Part(
            "word/settings.xml",
            CONTENT_TYPES["settings"],
            (LXML_DECLARATION + settings_xml(track_revisions=tracked)).encode(),
        ),
        Part("word/fontTable.xml", CONTENT_TYPES["fontTable"], (DECLARATION + font_table_xml()).encode()),
        Part("word/footer1.xml", CONTENT_TYPES["footer"], page_number_footer(odd=True)),
        Part("word/footer2.xml", CONTENT_TYPES["footer"], page_number_footer(odd=False)),
    )


class OwnDocument(WordDocument):
    """Our empty official document: its styles (ours, then those a writer adds), its orientation and
    whether it tracks revisions are all it varies in."""

    def __init__(self) -> None:
        self.styles: list[StyleSpec] = list(STYLES)
        self.landscape = False
        self.tracked = False

    def add_styles(self, specs: Sequence[StyleSpec]) -> None:
        have = {spec.style_id for spec in self.styles}
        self.styles.extend(spec for spec in specs if spec.style_id not in have)

    def turn_landscape(self) -> None:
        self.landscape = True

    def track_revisions(self) -> None:
        """Keep tracking on, so that the reviewer's own edits are tracked too."""
        self.tracked = True

    @property
    def text_width(self) -> int:
        margins = own_margins(self.landscape)
        width = A4_TWIPS[1] if self.landscape else A4_TWIPS[0]
        return width - margins["left"] - margins["right"]

    def parts(self, body: str) -> list[Part]:
        section = section_xml(landscape=self.landscape, footers=("rId4", "rId5"))
        return [document_part(body, section, _RELS), *_fixed_parts(tuple(self.styles), self.tracked)]
