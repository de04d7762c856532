"""The page: A4 with the standard's margins, portrait or landscape, and the page-number footers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .measures import (
    A4_TWIPS,
    HEADER_DISTANCE,
    LANDSCAPE_MARGINS_TWIPS,
    MARGINS_TWIPS,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
)
from .styles import PAGE_NUMBER
from .xmltext import W_DECL

if TYPE_CHECKING:
    from docx.document import Document
    from docx.section import Section


def apply_page_setup(section: Section, *, landscape: bool = False) -> None:
    """A4 with the standard's margins (turned a quarter for landscape tables), as exact twips; the
    page number stands the same distance below the text block on either (`footer_distance`)."""
    from docx.oxml.ns import qn

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
    pg_mar.set(qn("w:footer"), str(footer_distance(margins["bottom"])))
    pg_mar.set(qn("w:gutter"), "0")


def footer_distance(bottom_margin: int) -> int:
    """Where the footer goes so that the page number keeps its place just below the text block: the
    bottom margin less the portrait page's gap. A landscape page's bottom margin is 26 mm, not 35: the
    portrait footer distance (25 mm) would put the number inside the text block."""
    return max(0, bottom_margin - PAGE_NUMBER_GAP)


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
        f'<w:p {W_DECL}><w:pPr><w:pStyle w:val="{PAGE_NUMBER}"/>{placement}</w:pPr>'
        f'<w:r><w:t xml:space="preserve">— </w:t></w:r>{field}<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


def add_page_number_footers(doc: Document) -> None:
    """Page numbers in every section's odd and even footers (odd/even footers switched on).

    Switching odd/even on must not take a template's header off its even pages, nor leave a
    different first page (a red masthead) without its number: where the section has no even header
    or no first-page footer, it refers to the part it already uses for odd pages."""
    from docx.enum.section import WD_HEADER_FOOTER
    from docx.oxml import parse_xml

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
            if odd_footer is not None:
                sect.add_footerReference(WD_HEADER_FOOTER.FIRST_PAGE, odd_footer.rId)


def final_has_footer(doc: Document) -> bool:
    from docx.oxml.ns import qn

    sect = doc.element.body.find(qn("w:sectPr"))
    return sect is not None and sect.find(qn("w:footerReference")) is not None


def text_block_width(doc: Document) -> int:
    """Twips between the margins of the document's (last) section, whatever page it has."""
    from docx.oxml.ns import qn

    sect = doc.element.body.find(qn("w:sectPr"))
    pg_sz, pg_mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return int(pg_sz.get(qn("w:w"))) - int(pg_mar.get(qn("w:left"))) - int(pg_mar.get(qn("w:right")))


def turn_landscape(doc: Document, *, reference: bool) -> None:
    """Landscape pages: ours with the standard's landscape margins; a reference document's own page
    turned a quarter, its margins going round with it (top → left …), so its setup is kept."""
    from docx.oxml.ns import qn

    section = doc.sections[-1]
    if not reference:
        apply_page_setup(section, landscape=True)
        return
    sect = section._sectPr
    pg_sz, pg_mar = sect.get_or_add_pgSz(), sect.get_or_add_pgMar()
    width, height = int(pg_sz.get(qn("w:w"))), int(pg_sz.get(qn("w:h")))
    if width > height:
        return
    pg_sz.set(qn("w:w"), str(height))
    pg_sz.set(qn("w:h"), str(width))
    pg_sz.set(qn("w:orient"), "landscape")
    old = {side: pg_mar.get(qn(f"w:{side}"), "0") for side in ("top", "right", "bottom", "left", "footer")}
    for new, was in (("top", "left"), ("right", "top"), ("bottom", "right"), ("left", "bottom")):
        pg_mar.set(qn(f"w:{new}"), old[was])
    gap = int(old["bottom"]) - int(old["footer"])  # the page number keeps its distance from the block
    pg_mar.set(qn("w:footer"), str(max(0, int(old["right"]) - gap)))
