"""A unit's task list and the responsibility overview as official Word documents (tables).

Built on the official-document primitives of :mod:`.docx_official` (page, fonts, styles, page numbers,
reproducible saving); this module adds only what tables need: two table paragraph styles (smaller type
than the body, no first-line indent), the table XML itself, and the choice of orientation. A table is
laid out from column specifications: fixed columns take their width, flexible ones share the rest, and
when the flexible columns would be narrower than their minimum on a portrait page the document is
turned to landscape. So "landscape where the table needs it" is a measurement, not a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from docx.oxml.ns import qn

from ..assignments import Assignment, Overview, Part, PossibleAssignment, Role, UnitTasks
from ..numbering import level2
from .docx_official import (
    BODY,
    HEADING1,
    HEITI,
    TITLE,
    StyleSpec,
    add_paragraphs,
    apply_page_setup,
    ensure_styles,
    new_official_document,
    paragraph_xml,
    reproducible_timestamp,
    save_reproducibly,
)
from .unit_list import possible_text, responsible_units, summary

TABLE_SIZE = 24  # half-points: 小四 12 pt, the usual size for tables in official documents
TABLE_CHAR = TABLE_SIZE * 10  # twips in one 小四 character
TABLE_LINE = 360  # exact 18 pt lines
CELL_MARGIN = 85  # twips (1.5 mm) left and right inside a cell

TABLE_TEXT = "KepuTableText"
TABLE_HEADING = "KepuTableHeading"

#: Our table styles, added beside docx_official's own with its `ensure_styles`.
TABLE_STYLES = (
    StyleSpec(TABLE_TEXT, "Kepu Table Text", "公文表格文字", size=TABLE_SIZE, condense=0, jc="left",
              first_line_chars=0, line=TABLE_LINE),
    StyleSpec(TABLE_HEADING, "Kepu Table Heading", "公文表格标题行", east_asia=HEITI, size=TABLE_SIZE,
              condense=0, jc="center", first_line_chars=0, line=TABLE_LINE),
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


def _cell(text: str, width: int, *, style: str = TABLE_TEXT, centred: bool = False) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        + paragraph_xml(style, [text], properties=_CENTRE if centred else "")
        + "</w:tc>"
    )


def table_xml(columns: Sequence[Column], rows: Sequence[Sequence[str]], available: int) -> str:
    """A bordered table as body XML: a heading row repeated on every page, then one row per entry.

    Borders are set on the table itself, not through a table style, so that a user's reference
    document without a "Table Grid" style still prints them.
    """
    widths = column_widths(columns, available)
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head = "".join(_cell(c.heading, w, style=TABLE_HEADING) for c, w in zip(columns, widths, strict=True))
    body = "".join(
        "<w:tr>"  # rows may break across pages: a long task would otherwise leave half a page empty
        + "".join(_cell(text, w, centred=c.centred) for c, w, text in zip(columns, widths, row, strict=True))
        + "</w:tr>"
        for row in rows
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>{body}</w:tbl>"
    )


# -- page ---------------------------------------------------------------------------------------------


def text_block_width(doc: Document) -> int:
    """Twips between the margins of the document's (last) section, whatever page it has."""
    sect = doc.element.body.find(qn("w:sectPr"))
    pg_sz, pg_mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return int(pg_sz.get(qn("w:w"))) - int(pg_mar.get(qn("w:left"))) - int(pg_mar.get(qn("w:right")))


def turn_landscape(doc: Document, *, reference: bool) -> None:
    """Landscape pages: ours with the standard's landscape margins; a reference document's own page
    turned a quarter, its margins going round with it (top → left …), so its setup is kept."""
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
    old = {side: pg_mar.get(qn(f"w:{side}"), "0") for side in ("top", "right", "bottom", "left")}
    for new, was in (("top", "left"), ("right", "top"), ("bottom", "right"), ("left", "bottom")):
        pg_mar.set(qn(f"w:{new}"), old[was])


def _document(tables: Sequence[Sequence[Column]], reference_doc: Path | None) -> tuple[Document, int]:
    """A new official document, turned to landscape if the widest of `tables` needs it."""
    doc = new_official_document(reference_doc)
    ensure_styles(doc, TABLE_STYLES)
    if max(needed_width(t) for t in tables) > text_block_width(doc):
        turn_landscape(doc, reference=reference_doc is not None)
    return doc, text_block_width(doc)


def _title(first: str, second: str) -> str:
    """A two-line title: the plan's title, then what this document is."""
    return paragraph_xml(TITLE, [f"{first}\n{second}"])


def _spacer() -> str:
    """An empty paragraph: Word wants one after a table, and it separates the table from what follows."""
    return paragraph_xml(BODY, [])


# -- a unit's list ------------------------------------------------------------------------------------

UNIT_COLUMNS = (
    Column("序号", 2, centred=True),
    Column("所属部分", 5),
    Column("工作任务", 8),
    Column("具体内容", 14, flexible=True),
    Column("责任单位", 7),
    Column("角色", 5, centred=True),
)
POSSIBLE_COLUMNS = (*UNIT_COLUMNS[:-1], Column("涉及依据", 5, centred=True))


def _role_cell(role: Role, via: str | None) -> str:
    """牵头, or 牵头 over （通过市、区科协） in a narrow column."""
    return str(role) if via is None else f"{role}\n（通过{via}）"


def _part_text(part: Part) -> str:
    return f"{part.number}{part.heading}"


def _row(number: int, listed: Assignment | PossibleAssignment, last: str) -> list[str]:
    """One table row for a task on a unit's list; the last column says how the unit is concerned."""
    task = listed.task
    return [
        str(number),
        _part_text(listed.planned.part),
        task.title,
        task.text,
        responsible_units(task),
        last,
    ]


def render_unit_list_docx(unit_tasks: UnitTasks, reference_doc: Path | None = None) -> bytes:
    """「2025年广州市科普工作计划 市科协任务清单」: the unit, a summary, and its tasks as tables."""
    when = reproducible_timestamp()
    doc, width = _document([UNIT_COLUMNS, POSSIBLE_COLUMNS], reference_doc)
    unit = unit_tasks.unit
    body = [
        _title(unit_tasks.plan_title, f"{unit.name}任务清单"),
        paragraph_xml(BODY, [f"单位：{unit.name}（{unit.full_name}）"]),
        paragraph_xml(BODY, [summary(unit_tasks)]),
        paragraph_xml(HEADING1, [f"一、明确承担的任务（{len(unit_tasks.definite)}项）"]),
    ]
    if unit_tasks.definite:
        rows = [_row(i, a, _role_cell(a.role, a.via)) for i, a in enumerate(unit_tasks.definite, 1)]
        body += [table_xml(UNIT_COLUMNS, rows, width), _spacer()]
    else:
        body.append(paragraph_xml(BODY, ["无。"]))
    if unit_tasks.possibly_related:
        rows = [_row(i, p, possible_text(p.references)) for i, p in enumerate(unit_tasks.possibly_related, 1)]
        body += [
            paragraph_xml(HEADING1, [f"二、可能涉及的任务（{len(rows)}项，请确认）"]),
            paragraph_xml(BODY, ["以下任务的责任单位为泛指，可能涉及本单位，不计入明确承担的任务。"]),
            table_xml(POSSIBLE_COLUMNS, rows, width),
            _spacer(),
        ]
    add_paragraphs(doc, body)
    return save_reproducibly(doc, title=unit_tasks.title, timestamp=when)


# -- the overview -------------------------------------------------------------------------------------

#: Short names only: with full names the table no longer fits a portrait page (each unit's own list
#: carries its full name).
COUNT_COLUMNS = (
    Column("序号", 2.5, centred=True),
    Column("单位", 10.5, flexible=True),
    Column("明确任务", 5, centred=True),
    Column("其中牵头", 5, centred=True),
    Column("可能涉及", 5, centred=True),
)


def _part_labels(overview: Overview) -> list[str]:
    """（一） when every part lies in one section (narrow enough for a portrait page), else 二（一）."""
    if len({p.section_number for p in overview.parts}) == 1:
        return [level2(p.group_number) for p in overview.parts]
    return [p.number for p in overview.parts]


def _matrix_columns(labels: Sequence[str]) -> tuple[Column, ...]:
    return (
        Column("单位", 10.5, flexible=True),
        *(Column(label, len(label) + 0.5, centred=True) for label in labels),
    )


def render_overview_docx(overview: Overview, reference_doc: Path | None = None) -> bytes:
    """The responsibility overview: counts per unit, units × parts, and the tasks no unit owns."""
    from .unit_list import overview_title

    when = reproducible_timestamp()
    labels = _part_labels(overview)
    matrix_columns = _matrix_columns(labels)
    doc, width = _document([COUNT_COLUMNS, matrix_columns], reference_doc)
    counts = [
        [
            str(i),
            u.unit.name,
            str(len(u.definite)),
            str(u.leads),
            str(len(u.possibly_related)),
        ]
        for i, u in enumerate(overview.units, 1)
    ]
    matrix = [[u.unit.name, *(str(n) if n else "" for n in row)] for u, row in overview.matrix()]
    body = [
        _title(overview.plan_title, "责任分工总览"),
        paragraph_xml(HEADING1, ["一、各单位任务数"]),
        table_xml(COUNT_COLUMNS, counts, width),
        _spacer(),
        paragraph_xml(HEADING1, ["二、各部分明确任务分布"]),
        table_xml(matrix_columns, matrix, width),
        _spacer(),
        *(
            paragraph_xml(BODY, [f"{label}{p.heading}"])
            for label, p in zip(labels, overview.parts, strict=True)
        ),
        paragraph_xml(HEADING1, ["三、没有明确任务的单位"]),
    ]
    if overview.without_tasks:
        body += [
            paragraph_xml(
                BODY,
                [
                    f"{u.unit.name}（{u.unit.full_name}）"
                    + (f"：另有 {len(u.possibly_related)} 项可能涉及" if u.possibly_related else "")
                ],
            )
            for u in overview.without_tasks
        ]
    else:
        body.append(paragraph_xml(BODY, ["无：名录中每个单位都有明确承担的任务。"]))
    body.append(paragraph_xml(HEADING1, ["四、只有泛指责任单位的任务"]))
    if overview.vague_only:
        body += [
            paragraph_xml(BODY, [f"{p.part.number} {p.task.title}（责任单位：{responsible_units(p.task)}）"])
            for p in overview.vague_only
        ]
    else:
        body.append(paragraph_xml(BODY, ["无。"]))
    if overview.unassigned or overview.unresolved:
        body.append(paragraph_xml(HEADING1, ["五、无法归属的任务"]))
        body += [
            paragraph_xml(BODY, [f"{p.part.number} {p.task.title}：没有名录中登记的责任单位"])
            for p in overview.unassigned
        ]
        body += [
            paragraph_xml(BODY, [f"{task_id}：责任单位「{reference}」不在单位名录中"])
            for task_id, reference in overview.unresolved
        ]
    add_paragraphs(doc, body)
    return save_reproducibly(doc, title=overview_title(overview), timestamp=when)
