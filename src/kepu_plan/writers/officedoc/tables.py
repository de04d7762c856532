"""Tables in official documents: one builder for every table we write (unit lists, the overview, the
新旧对照表, reports).

A table is laid out from column specifications: fixed columns take their width, flexible ones share
the rest, and when the flexible columns would be narrower than their minimum on a portrait page the
document is turned to landscape (`table_document`). So "landscape where the table needs it" is a
measurement, not a guess. Borders are set on the table itself, not through a table style, so that a
user's reference document without a "Table Grid" style still prints them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .measures import HEITI, KAITI
from .opc import WordDocument
from .package import new_official_document
from .paragraphs import paragraph_xml
from .styles import StyleSpec

TABLE_SIZE = 24  # half-points: 小四 12 pt, the usual size for tables in official documents
TABLE_CHAR = TABLE_SIZE * 10  # twips in one 小四 character
TABLE_LINE = 360  # exact 18 pt lines
CELL_MARGIN = 85  # twips (1.5 mm) left and right inside a cell

TABLE_TEXT = "KepuTableText"
TABLE_HEADING = "KepuTableHeading"
TABLE_GROUP = "KepuTableGroup"  # a row across the table naming the part the rows below belong to
GROUP_SHADING = "F2F2F2"

#: Our table styles, added beside the document's own (`WordDocument.add_styles`).
TABLE_STYLES = (
    StyleSpec(TABLE_TEXT, "Kepu Table Text", "公文表格文字", size=TABLE_SIZE, condense=0, jc="left",
              first_line_chars=0, line=TABLE_LINE),
    StyleSpec(TABLE_HEADING, "Kepu Table Heading", "公文表格标题行", east_asia=HEITI, size=TABLE_SIZE,
              condense=0, jc="center", first_line_chars=0, line=TABLE_LINE),
    StyleSpec(TABLE_GROUP, "Kepu Table Group", "公文表格分组行", east_asia=KAITI, size=TABLE_SIZE,
              condense=0, jc="left", first_line_chars=0, keep_next=True, line=TABLE_LINE),
)  # fmt: skip

_CENTRE = '<w:jc w:val="center"/>'
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading, and either a fixed width or a minimum for a flexible one (characters)."""

    heading: str
    chars: float  # fixed width, or the minimum width of a flexible column
    flexible: bool = False
    centred: bool = False

    @property
    def min_twips(self) -> int:
        return round(self.chars * TABLE_CHAR) + 2 * CELL_MARGIN


def needed_width(columns: Sequence[Column]) -> int:
    """The narrowest the table can be, in twips."""
    return sum(c.min_twips for c in columns)


def column_widths(columns: Sequence[Column], available: int) -> list[int]:
    """Fixed columns at their width; flexible ones share what is left in proportion to their minimum."""
    fixed = sum(c.min_twips for c in columns if not c.flexible)
    flexible_min = sum(c.min_twips for c in columns if c.flexible) or 1
    spare = max(0, available - fixed)
    widths = [c.min_twips if not c.flexible else spare * c.min_twips // flexible_min for c in columns]
    flexible = [i for i, c in enumerate(columns) if c.flexible]
    if flexible and sum(widths) < available:
        widths[flexible[-1]] += available - sum(widths)  # rounding: the table fills the text block
    return widths


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A row across the whole table naming what the rows below it share (二（一）明确科普职责定位…),
    so that no row repeats it; kept with the row that follows it."""

    text: str


def cell_text(text: str, *, style: str = TABLE_TEXT, centred: bool = False) -> str:
    """A cell's content: one paragraph of plain text in a table style."""
    return paragraph_xml(style, [text], properties=_CENTRE if centred else "")


def _cell(content: str, width: int, v_centre: bool) -> str:
    align = '<w:vAlign w:val="center"/>' if v_centre else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{align}</w:tcPr>{content}</w:tc>'


def _group_row(row: GroupRow, widths: Sequence[int]) -> str:
    return (
        f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{sum(widths)}" w:type="dxa"/>'
        f'<w:gridSpan w:val="{len(widths)}"/><w:shd w:val="clear" w:color="auto" w:fill="{GROUP_SHADING}"/>'
        f"</w:tcPr>{cell_text(row.text, style=TABLE_GROUP)}</w:tc></w:tr>"
    )


def _row(cells: Sequence[str], widths: Sequence[int], v_centre: bool) -> str:
    return "<w:tr>" + "".join(_cell(c, w, v_centre) for c, w in zip(cells, widths, strict=True)) + "</w:tr>"


def table_xml(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str] | GroupRow],
    available: int,
    *,
    v_centre: bool = False,
) -> str:
    """A bordered table as body XML: a heading row repeated on every page, then one row per entry.

    Each row gives its cells' content as paragraph XML (`cell_text`, or runs of the writer's own), or
    is a `GroupRow` across the table; `v_centre` centres the cells' content vertically. Rows may break
    across pages: a long task would otherwise leave half a page empty.
    """
    widths = column_widths(columns, available)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(
        _cell(cell_text(c.heading, style=TABLE_HEADING), w, v_centre)
        for c, w in zip(columns, widths, strict=True)
    )
    body = "".join(
        _group_row(row, widths) if isinstance(row, GroupRow) else _row(row, widths, v_centre) for row in rows
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>"
    )


def table_document(
    tables: Sequence[Sequence[Column]], reference_doc: Path | None = None, *, landscape: bool = False
) -> tuple[WordDocument, int]:
    """A new official document with the table styles, turned to landscape when asked or when the
    widest of `tables` needs it; and the width of its text block in twips."""
    doc = new_official_document(reference_doc)
    doc.add_styles(TABLE_STYLES)
    if landscape or max((needed_width(t) for t in tables), default=0) > doc.text_width:
        doc.turn_landscape()
    return doc, doc.text_width
