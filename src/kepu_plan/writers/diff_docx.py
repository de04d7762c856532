"""A comparison of two plans as Word documents: a 新旧对照表, and a redline with real tracked changes.

Built on the document primitives of :mod:`.officedoc` (page, fonts, styles, page numbers, the table
builder, reproducible saving) and the plan's own paragraphs from :mod:`.docx_official`; this module
adds only what a comparison needs:

* `render_comparison_table`: a landscape table, one row per changed task or part, old text | new text |
  what changed, deletions struck through in red in the old column, insertions underlined in the new;
* `render_redline`: the new plan in official layout with Word revisions (`w:ins` / `w:del`, deleted
  text in `w:delText`, inserted and deleted paragraph marks) against the old, so that a reviewer can
  accept or reject each change in Word or WPS: all accepted gives the new plan, all rejected the old.

Every paragraph is first rendered exactly as the official writer renders it (`block_xml`), then its
runs are cut where the character-level differences fall. So the redline's fonts, styles and numbering
are the official document's own, and a paragraph nobody changed is byte-for-byte the official one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..diffing import ChangeKind, PartChange, PlanDiff, bigrams, dice, text_diff
from ..layout import Block, Kind, blocks
from ..model import Plan
from .diff_text import FIELD_LABEL, KIND_LABEL, summary_line
from .docx_official import blocks_xml
from .officedoc import (
    BODY,
    TABLE_HEADING,
    TABLE_TEXT,
    W_DECL,
    W_NS,
    Column,
    OwnDocument,
    cell_text,
    paragraph_xml,
    reproducible_timestamp,
    save_reproducibly,
    table_document,
    table_xml,
    title_xml,
    xml_attr,
    xml_text,
)


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


#: Who the tracked changes are by when `--author` names nobody.
AUTHOR = "kepu-plan"
DELETED_COLOUR = "FF0000"

# -- a paragraph as runs of characters ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """One rendered paragraph: its `w:pPr` and its text cut into runs, each with its `w:rPr` (as XML)."""

    ppr: str
    runs: tuple[tuple[str, str], ...]  # (rPr XML or "", text)

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.runs)

    def styles(self) -> list[str]:
        """The rPr of each character."""
        return [rpr for rpr, text in self.runs for _ in text]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _parse(paragraph: str) -> _Paragraph:
    element = etree.fromstring(paragraph.replace("<w:p>", f"<w:p {W_DECL}>", 1))
    ppr = element.find(_w("pPr"))
    runs = []
    for run in element.iterchildren(_w("r")):
        rpr = run.find(_w("rPr"))
        text = []
        for node in run:
            if node.tag == _w("t"):
                text.append(node.text or "")
            elif node.tag == _w("tab"):
                text.append("\t")
            elif node.tag == _w("br"):
                text.append("\n")
        if text:
            runs.append((_xml(rpr) if rpr is not None else "", "".join(text)))
    return _Paragraph(_xml(ppr) if ppr is not None else "", tuple(runs))


def _xml(element: Any) -> str:
    """An element as XML text without namespace declarations (it goes back inside a w: document)."""
    text = etree.tostring(element, encoding="unicode")
    return text.replace(f" {W_DECL}", "")


def _rendered(plan: Plan) -> list[tuple[Block, _Paragraph]]:
    """Each block of the plan with its paragraph exactly as the official writer renders it."""
    laid_out = blocks(plan)
    return list(zip(laid_out, (_parse(p) for p in blocks_xml(laid_out)), strict=True))


def _text_xml(tag: str, text: str) -> str:
    """Text in `w:t` or `w:delText`, tabs and line breaks as Word's own elements."""
    out = []
    for k, piece in enumerate(text.replace("\r\n", "\n").split("\n")):
        if k:
            out.append("<w:br/>")
        for m, part in enumerate(piece.split("\t")):
            if m:
                out.append("<w:tab/>")
            if part:
                out.append(f'<{tag} xml:space="preserve">{xml_text(part)}</{tag}>')
    return "".join(out)


def _styled_pieces(text: str, styles: Sequence[str], start: int) -> list[tuple[str, str]]:
    """`text` (which begins at character `start` of a paragraph) cut where the run style changes."""
    pieces: list[tuple[str, str]] = []
    for offset, char in enumerate(text):
        style = styles[start + offset] if start + offset < len(styles) else ""
        if pieces and pieces[-1][0] == style:
            pieces[-1] = (style, pieces[-1][1] + char)
        else:
            pieces.append((style, char))
    return pieces


# -- the redline ----------------------------------------------------------------------------------------------


class _Revisions:
    """Revision ids (unique in the document), author and date for each `w:ins` / `w:del`."""

    def __init__(self, date: str, author: str):
        self.next_id = 1
        self.date = date
        self.author = xml_attr(author)

    def attributes(self) -> str:
        rid = self.next_id
        self.next_id += 1
        return f'w:id="{rid}" w:author={self.author} w:date="{self.date}"'

    def run(self, rpr: str, text: str) -> str:
        return f"<w:r>{rpr}{_text_xml('w:t', text)}</w:r>"

    def inserted(self, rpr: str, text: str) -> str:
        return f"<w:ins {self.attributes()}><w:r>{rpr}{_text_xml('w:t', text)}</w:r></w:ins>"

    def deleted(self, rpr: str, text: str) -> str:
        return f"<w:del {self.attributes()}><w:r>{rpr}{_text_xml('w:delText', text)}</w:r></w:del>"

    def paragraph(self, ppr: str, runs: str, mark: str | None = None) -> str:
        """A paragraph; `mark` "ins" or "del" marks its paragraph mark as inserted or deleted."""
        if mark is not None:
            revision = f"<w:rPr><w:{mark} {self.attributes()}/></w:rPr>"
            ppr = ppr.replace("</w:pPr>", revision + "</w:pPr>") if ppr else f"<w:pPr>{revision}</w:pPr>"
        return f"<w:p>{ppr}{runs}</w:p>"


def _changed_paragraph(old: _Paragraph, new: _Paragraph, revisions: _Revisions) -> str:
    """The new paragraph with the old one's text shown as tracked deletions and insertions."""
    if old.text == new.text:
        return revisions.paragraph(new.ppr, "".join(revisions.run(rpr, text) for rpr, text in new.runs))
    old_styles, new_styles = old.styles(), new.styles()
    out: list[str] = []
    i = j = 0
    for segment in text_diff(old.text, new.text):
        if segment.op == "equal":
            out.extend(revisions.run(rpr, text) for rpr, text in _styled_pieces(segment.text, new_styles, j))
            i += len(segment.text)
            j += len(segment.text)
        elif segment.op == "delete":
            out.extend(
                revisions.deleted(rpr, text) for rpr, text in _styled_pieces(segment.text, old_styles, i)
            )
            i += len(segment.text)
        else:
            out.extend(
                revisions.inserted(rpr, text) for rpr, text in _styled_pieces(segment.text, new_styles, j)
            )
            j += len(segment.text)
    return revisions.paragraph(new.ppr, "".join(out))


def _whole_paragraph(paragraph: _Paragraph, revisions: _Revisions, mark: str) -> str:
    make = revisions.inserted if mark == "ins" else revisions.deleted
    return revisions.paragraph(paragraph.ppr, "".join(make(rpr, text) for rpr, text in paragraph.runs), mark)


def _key(block: Block, pairs: dict[str, str], side: str) -> tuple[str, str]:
    """What must be equal for two paragraphs to be the same one: a task's match, else kind and words
    (numbers aside, so a renumbered heading is the same heading)."""
    if block.kind is Kind.TASK:
        assert block.task_id is not None
        if side == "old":
            partner = pairs.get(block.task_id)
            return ("task", partner) if partner is not None else ("task-removed", block.task_id)
        return ("task", block.task_id)
    if block.kind is Kind.TITLE:
        return ("title", "")
    return (str(block.kind), block.lead + block.body + block.suffix)


def _aligned(
    old: list[tuple[Block, _Paragraph]], new: list[tuple[Block, _Paragraph]], pairs: dict[str, str]
) -> Iterable[tuple[_Paragraph | None, _Paragraph | None]]:
    """(old, new) paragraph pairs in document order; None where a paragraph was inserted or deleted."""
    matched_new = set(pairs.values())
    old_keys = [_key(b, pairs, "old") for b, _ in old]
    new_keys = [
        _key(b, pairs, "new")
        if b.kind is not Kind.TASK or b.task_id in matched_new
        else ("task-added", b.task_id or "")
        for b, _ in new
    ]
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                yield old[i1 + k][1], new[j1 + k][1]
            continue
        start = j1
        for i in range(i1, i2):
            block, paragraph = old[i]
            partner = None
            for j in range(start, j2):
                candidate = new[j][0]
                if candidate.kind is not block.kind:
                    continue
                if block.kind is Kind.TASK:
                    if new_keys[j] == old_keys[i]:
                        partner = j
                        break
                elif dice(bigrams(block.text), bigrams(candidate.text)) >= 0.3:
                    partner = j
                    break
            if partner is None:
                yield paragraph, None
                continue
            for j in range(start, partner):
                yield None, new[j][1]
            yield paragraph, new[partner][1]
            start = partner + 1
        for j in range(start, j2):
            yield None, new[j][1]


def render_redline(diff: PlanDiff, *, author: str | None = None) -> bytes:
    """The new plan in official layout, every difference from the old as a Word tracked change, by
    `author` (the reviser), dated now or at `SOURCE_DATE_EPOCH`."""
    when = reproducible_timestamp()
    revisions = _Revisions(when.strftime("%Y-%m-%dT%H:%M:%SZ"), author or AUTHOR)
    doc = OwnDocument()
    doc.track_revisions()
    paragraphs = []
    for old, new in _aligned(_rendered(diff.old), _rendered(diff.new), diff.pairs):
        if old is None:
            assert new is not None
            paragraphs.append(_whole_paragraph(new, revisions, "ins"))
        elif new is None:
            paragraphs.append(_whole_paragraph(old, revisions, "del"))
        else:
            paragraphs.append(_changed_paragraph(old, new, revisions))
    return save_reproducibly(
        doc, body=paragraphs, title=f"{diff.new.title}（修订稿）", timestamp=when, author=author
    )


# -- the 新旧对照表 ------------------------------------------------------------------------------------------

_STRUCK = f'<w:strike/><w:color w:val="{DELETED_COLOUR}"/>'
_UNDERLINED = '<w:u w:val="single"/>'


def _marked(rpr: str, mark: str) -> str:
    """The run's character style (if any) with strike-through or underline added, in schema order."""
    style = ""
    if rpr:
        element = etree.fromstring(rpr.replace("<w:rPr>", f"<w:rPr {W_DECL}>", 1))
        found = element.find(_w("rStyle"))
        if found is not None:
            style = f'<w:rStyle w:val="{found.get(_w("val"))}"/>'
    inner = style + mark
    return f"<w:rPr>{inner}</w:rPr>" if inner else "<w:rPr/>"  # as lxml writes an empty one (xmltext)


def _cell_paragraph(runs: Iterable[tuple[str, str]]) -> str:
    body = "".join(f"<w:r>{rpr}{_text_xml('w:t', text)}</w:r>" for rpr, text in runs if text)
    return f'<w:p><w:pPr><w:pStyle w:val="{TABLE_TEXT}"/></w:pPr>{body}</w:p>'


def _side_by_side(old: _Paragraph | None, new: _Paragraph | None) -> tuple[str, str]:
    """The old paragraph with deletions struck through, the new one with insertions underlined."""
    if old is None and new is None:
        return _cell_paragraph([]), _cell_paragraph([])
    if old is None:
        assert new is not None
        return _cell_paragraph([("", "（无）")]), _cell_paragraph(
            (_marked(r, _UNDERLINED), t) for r, t in new.runs
        )
    if new is None:
        return _cell_paragraph((_marked(r, _STRUCK), t) for r, t in old.runs), _cell_paragraph(
            [("", "（无）")]
        )
    old_runs: list[tuple[str, str]] = []
    new_runs: list[tuple[str, str]] = []
    old_styles, new_styles = old.styles(), new.styles()
    i = j = 0
    for segment in text_diff(old.text, new.text):
        if segment.op in ("equal", "delete"):
            mark = "" if segment.op == "equal" else _STRUCK
            old_runs.extend((_marked(r, mark), t) for r, t in _styled_pieces(segment.text, old_styles, i))
            i += len(segment.text)
        if segment.op in ("equal", "insert"):
            mark = "" if segment.op == "equal" else _UNDERLINED
            new_runs.extend((_marked(r, mark), t) for r, t in _styled_pieces(segment.text, new_styles, j))
            j += len(segment.text)
    return _cell_paragraph(old_runs), _cell_paragraph(new_runs)


def _plain(text: str, *, style: str = TABLE_TEXT, centred: bool = False) -> str:
    return cell_text(text, style=style, centred=centred)


def _explanation(group: Sequence[Any]) -> list[str]:
    """What changed, one line each: 修改：正文、责任单位 / 位置 / 单位增减, in Chinese without
    spaces or arrows."""
    lines = []
    first = group[0]
    ref = first.new or first.old
    for change in group:
        if change.kind is ChangeKind.MODIFIED:
            fields = "、".join(FIELD_LABEL[f] for f in change.fields) or "（内容未变）"
            lines.append(f"修改：{fields}")
            if change.units_added:
                lines.append("增加单位：" + "、".join(change.units_added))
            if change.units_removed:
                lines.append("减少单位：" + "、".join(change.units_removed))
            if change.probable:
                lines.append(f"按内容对应（相似度{change.similarity:.0%}），请核对")
        elif change.kind is ChangeKind.MOVED:
            lines.append(f"移动：由{change.old.label}移至{change.new.label}（{change.new.part.heading}）")
        elif change.kind is ChangeKind.REORDERED:
            lines.append(f"调整顺序：由第{change.old.position}项调至第{change.new.position}项")
        elif change.kind is ChangeKind.RENAMED:
            # the id is what changed: the one place a reader needs it, in a Chinese label
            lines.append(f"改编号：任务标识由{change.old.id}改为{change.new.id}（内容按文字对应）")
        else:
            lines.append(KIND_LABEL[change.kind])
    lines.append(f"位置：{ref.label}")  # where a reader finds it; the task's id is not for readers
    return lines


def summary_sentence(diff: PlanDiff) -> str:
    """The comparison in one Chinese sentence for a document (no spaces around numbers, no arrows)."""
    return summary_line(diff, document=True)


def _task_paragraphs(plan: Plan) -> dict[str, _Paragraph]:
    return {b.task_id: p for b, p in _rendered(plan) if b.kind is Kind.TASK and b.task_id}


def _part_paragraph(text: str | None) -> _Paragraph | None:
    return None if text is None else _Paragraph("", (("", text),))


def _part_row(part: PartChange) -> tuple[_Paragraph | None, _Paragraph | None, list[str]]:
    return (
        _part_paragraph(part.old),
        _part_paragraph(part.new),
        [KIND_LABEL[part.kind], f"位置：{part.where}"],
    )


def render_comparison_table(diff: PlanDiff) -> bytes:
    """新旧对照表: every changed task and part in a row: old text | new text | what changed."""
    when = reproducible_timestamp()
    doc, width = table_document([], landscape=True)
    old_label = f"{diff.old.year}年原文" if diff.old.year != diff.new.year else "原文"
    new_label = f"{diff.new.year}年新文" if diff.old.year != diff.new.year else "新文"
    columns = (
        Column("序号", 2),
        Column(old_label, 14, flexible=True),
        Column(new_label, 14, flexible=True),
        Column("变化说明", 9),
    )
    old_tasks, new_tasks = _task_paragraphs(diff.old), _task_paragraphs(diff.new)
    entries: list[tuple[_Paragraph | None, _Paragraph | None, list[str]]] = []
    entries.extend(_part_row(p) for p in diff.parts)
    for group in diff.changes_by_task():
        first = group[0]
        old = old_tasks.get(first.old.id) if first.old else None
        new = new_tasks.get(first.new.id) if first.new else None
        entries.append((old, new, _explanation(group)))
    rows = []
    for number, (old, new, notes) in enumerate(entries, 1):
        old_cell, new_cell = _side_by_side(old, new)
        rows.append(
            [_plain(str(number), centred=True), old_cell, new_cell, "".join(_plain(n) for n in notes)]
        )

    title = diff.new.title if diff.old.title == diff.new.title else f"{diff.old.title}与{diff.new.title}"
    body = [title_xml(title, "新旧对照表", width=width), _plain(summary_sentence(diff))]
    legend = "说明：原文中删去的文字以红色删除线标出，新文中增加的文字加下划线。"
    body.append(_plain(legend))
    if rows:
        body.append(table_xml(columns, rows, width))
    if diff.units:
        unit_columns = (
            Column("单位", 8),
            Column("新增任务", 14, flexible=True),
            Column("减少任务", 14, flexible=True),
        )
        unit_rows = [
            [
                _plain(u.unit),
                "".join(_plain(f"{r.label}：{r.title}") for r in u.gained) or _plain(""),
                "".join(_plain(f"{r.label}：{r.title}") for r in u.lost) or _plain(""),
            ]
            for u in diff.units
        ]
        body.append(paragraph_xml(BODY, []))
        body.append(_plain("各单位任务增减", style=TABLE_HEADING))
        body.append(table_xml(unit_columns, unit_rows, width))
    body.append(paragraph_xml(BODY, []))  # Word wants a paragraph after a table
    return save_reproducibly(doc, body=body, title=f"{title}新旧对照表", timestamp=when)
