"""The page: A4 with the standard's margins, portrait or landscape, and the page-number footers,
written as XML text (`section_xml`, `page_number_footer`) for our own documents and for a reference
document without footers."""

from __future__ import annotations

from .measures import (
    A4_TWIPS,
    HEADER_DISTANCE,
    LANDSCAPE_MARGINS_TWIPS,
    LINE_PITCH,
    MARGINS_TWIPS,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
)
from .opc import LXML_DECLARATION, R_NS
from .styles import PAGE_NUMBER
from .xmltext import W_DECL


def footer_distance(bottom_margin: int) -> int:
    """Where the footer goes so that the page number keeps its place just below the text block: the
    bottom margin less the portrait page's gap. A landscape page's bottom margin is 26 mm, not 35: the
    portrait footer distance (25 mm) would put the number inside the text block."""
    return max(0, bottom_margin - PAGE_NUMBER_GAP)


def own_margins(landscape: bool) -> dict[str, int]:
    """Our page's seven margins in twips (`w:pgMar`'s attributes in schema order); the page number
    stands the same distance below the text block on either orientation (`footer_distance`)."""
    margins = LANDSCAPE_MARGINS_TWIPS if landscape else MARGINS_TWIPS
    return {
        **{side: margins[side] for side in ("top", "right", "bottom", "left")},
        "header": HEADER_DISTANCE,
        "footer": footer_distance(margins["bottom"]),
        "gutter": 0,
    }


def section_xml(*, landscape: bool, footers: tuple[str, str] | None) -> str:
    """Our final `w:sectPr`: A4 with the standard's margins (turned a quarter for landscape tables),
    and the odd and even page-number footers under the relationship ids `footers`."""
    width, height = A4_TWIPS
    size = (
        f'<w:pgSz w:w="{height}" w:h="{width}" w:orient="landscape"/>'
        if landscape
        else f'<w:pgSz w:w="{width}" w:h="{height}"/>'
    )
    margins = "".join(f' w:{side}="{value}"' for side, value in own_margins(landscape).items())
    references = (
        f'<w:footerReference w:type="default" r:id="{footers[0]}"/>'
        f'<w:footerReference w:type="even" r:id="{footers[1]}"/>'
        if footers
        else ""
    )
    return (
        f'<w:sectPr>{references}{size}<w:pgMar{margins}/><w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/></w:sectPr>'
    )


#: The namespaces a header or footer part declares, as Word's (and python-docx's) own templates do.
_FOOTER_NAMESPACES = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in (
        ("m", "http://schemas.openxmlformats.org/officeDocument/2006/math"),
        ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
        ("mo", "http://schemas.microsoft.com/office/mac/office/2008/main"),
        ("mv", "urn:schemas-microsoft-com:mac:vml"),
        ("o", "urn:schemas-microsoft-com:office:office"),
        ("r", R_NS),
        ("v", "urn:schemas-microsoft-com:vml"),
        ("w10", "urn:schemas-microsoft-com:office:word"),
        ("w14", "http://schemas.microsoft.com/office/word/2010/wordml"),
        ("w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        ("wne", "http://schemas.microsoft.com/office/word/2006/wordml"),
        ("wp14", "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing"),
        ("wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
        ("wpc", "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"),
        ("wpg", "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"),
        ("wpi", "http://schemas.microsoft.com/office/word/2010/wordprocessingInk"),
        ("wps", "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"),
    )
)


def page_number_footer(odd: bool) -> bytes:
    """A footer part holding the page number 「— 1 —」 for odd (or even) pages."""
    paragraph = _page_number_xml(odd).replace(f" {W_DECL}", "", 1)
    return (
        f'{LXML_DECLARATION}<w:ftr {_FOOTER_NAMESPACES} mc:Ignorable="w14 wp14">{paragraph}</w:ftr>'.encode()
    )


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
