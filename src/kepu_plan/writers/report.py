"""The 年度科普工作完成情况 report: plan + collected progress → an official .docx (or Markdown).

One list of blocks (:func:`report_blocks`) says what the report contains; two small writers dress it:
:func:`report_docx` on the official-document primitives of :mod:`.officedoc` (the plan's own GB/T 9704
house style: title, 黑体/楷体 headings, 仿宋 body, bordered tables, page numbers, reproducible bytes) and
:func:`report_md`. What a unit wrote is printed as it wrote it: the report adds the structure (the
plan's parts, numbering, the status words) and the figures, never rewords or leaves out a report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..numbering import level1, level2
from ..progress import (
    DATA_COLUMNS,
    LATE,
    NOT_FILLED,
    NOT_REPORTED,
    NOT_STARTED,
    Progress,
    TaskProgress,
    UnitReport,
    UnitStatus,
)
from .progress_text import md_escape, summary_sentence


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # title, p, h1, h2, task, unit, table
    text: str = ""
    lead: str = ""
    columns: tuple[tuple[str, float, bool, bool], ...] = ()  # heading, chars, flexible, centred
    rows: tuple[tuple[str, ...], ...] = ()


#: Heading slack: a column exactly as wide as its heading still breaks it in LibreOffice (活动场/次).
_SLACK = 0.3


def _halves(heading: str) -> str:
    """活动场次 → 活动 / 场次: a heading of four characters or more on two lines, broken in the middle."""
    if len(heading) < 4:
        return heading
    middle = (len(heading) + 1) // 2
    return f"{heading[:middle]}\n{heading[middle:]}"


def _column(heading: str, chars: float = 0, flexible: bool = False) -> tuple[str, float, bool, bool]:
    """A by-unit column at least as wide as the longest line of its heading, so a heading breaks
    only where it says (明确\n任务 on two lines of two), never inside a word (明确任/务)."""
    widest = max(len(line) for line in heading.split("\n"))
    return heading, max(chars, widest + _SLACK), flexible, not flexible


#: The table by unit, narrow enough for the portrait text block (a report is a portrait document,
#: like the plan): short headings whole on one line, longer ones broken between their two words.
BY_UNIT_COLUMNS = (
    _column("序号"),
    _column("单位", 6, flexible=True),
    _column("明确\n任务"),
    _column("已填报"),
    _column("已完成"),
    _column("滞后"),
    *(_column(_halves(name), 3.5) for name in DATA_COLUMNS),  # up to 7 digits on a line
    _column("报送", 3.3),
)


def _figures(reported: bool, said: Sequence[UnitReport], data: Sequence[int]) -> tuple[str, ...]:
    """A unit's counts in the table by unit: 已填报, 已完成, 滞后 and its figures; all — for a unit
    that never reported (it reported nothing, not zero)."""
    if not reported:
        return ("—",) * (3 + len(data))
    return (
        str(len(said)),
        str(sum(1 for r in said if r.status == "已完成")),
        str(sum(1 for r in said if r.status == LATE)),
        *(str(n) for n in data),
    )


def report_title(progress: Progress) -> str:
    """2025年广州市科普工作计划 → 2025年广州市科普工作完成情况."""
    title = progress.plan.title
    return title.replace("工作计划", "工作完成情况") if "工作计划" in title else f"{title}完成情况"


def _unit_words(report: UnitReport) -> str:
    """市科协（牵头）：已完成。<its own words> （活动场次 30；参与人次 1200）"""
    role = report.role if report.definite else "可能涉及"
    status = report.word
    text = f"{report.unit}（{role}）：{status}。"
    if report.text:
        text += report.text
    if report.data:
        text += "（" + "；".join(f"{k} {v}" for k, v in report.data.items()) + "）"
    if report.note:
        text += f"（佐证材料或备注：{report.note}）"
    return text


def _task_blocks(number: int, task: TaskProgress) -> list[Block]:
    mark = "，已逾期" if task.overdue else ""
    out = [Block("task", lead=f"{number}.{task.planned.task.title}", text=f"（{task.status}{mark}）")]
    said = [r for r in task.reports if r.status is not None]
    out.extend(Block("unit", text=_unit_words(r)) for r in said)
    for word, label in ((NOT_REPORTED, "尚未报送"), (NOT_FILLED, "交回未填写")):
        silent = [r.unit for r in task.reports if r.status is None and r.word == word]
        if silent:
            out.append(Block("unit", text=f"{label}：" + "、".join(silent) + "。"))
    if task.no_one_to_report and not task.reports:
        units = "、".join(task.planned.task.unit_names)
        out.append(Block("unit", text=f"责任单位均为泛指（{units}），没有明确的报送单位。"))
    return out


def _missing_text(missing: list[UnitStatus]) -> str:
    """The 催报 paragraph: units that sent nothing, then units whose form came back untouched."""
    silent = [u.unit for u in missing if u.state == NOT_REPORTED]
    blank = [u.unit for u in missing if u.state == NOT_FILLED]
    text = ("以下单位尚未报送填报表：" + "、".join(silent) + "。") if silent else ""
    if blank:
        text += "以下单位交回的填报表未填写任何内容（不计为报送）：" + "、".join(blank) + "。"
    return text


def report_blocks(progress: Progress) -> list[Block]:
    blocks = _opening(progress)
    blocks.append(Block("h1", text=f"{level1(1)}各项任务完成情况"))
    for group, (part, tasks) in enumerate(progress.by_part(), 1):
        done = counts_text(progress, tasks)
        blocks.append(Block("h2", text=f"{level2(group)}{part.heading}"))
        blocks.append(Block("p", text=f"本部分 {len(tasks)} 项任务：{done}。"))
        for number, task in enumerate(tasks, 1):
            blocks.extend(_task_blocks(number, task))

    blocks.append(Block("h1", text=f"{level1(2)}主要数据"))
    if progress.nothing_reported:
        blocks.append(Block("p", text="各单位尚未报送主要数据。"))
    else:
        blocks.append(Block("p", text=_totals_sentence(progress)))

    blocks.append(Block("h1", text=f"{level1(3)}各单位报送情况"))
    blocks.append(_by_unit_table(progress))

    missing = progress.missing_units
    blocks.append(Block("h1", text=f"{level1(4)}未报送的单位"))
    blocks.append(
        Block(
            "p",
            text=_missing_text(missing) if missing else "各单位均已报送。",
        )
    )

    blocks.append(Block("h1", text=f"{level1(5)}滞后和未启动的任务"))
    blocks.extend(_behind(progress))

    if progress.proposals:
        blocks.append(Block("h1", text=f"{level1(6)}次年工作建议"))
        for number, (proposer, proposal) in enumerate(progress.proposals, 1):
            suggested = f"（建议责任单位：{proposal.units}）" if proposal.units else ""
            blocks.append(
                Block(
                    "task",
                    lead=f"{number}.{proposal.title}",
                    text=f"{proposal.text}{suggested}（{proposer}提出）",
                )
            )
    return blocks


def _opening(progress: Progress) -> list[Block]:
    """The title, the sentence that says which plan and round, and the summary of who reported."""
    plan = progress.plan
    reported = [u for u in progress.units if u.reported]
    blocks = [Block("title", text=report_title(progress))]
    intro = f"按照《{plan.title}》，现将各责任单位报送的完成情况汇总如下（填报轮次：{progress.round}"
    intro += f"；截至 {progress.as_of.isoformat()}）。" if progress.as_of else "）。"
    blocks.append(Block("p", text=intro))
    summary = summary_sentence(progress)
    summary += f"应报送单位 {len(progress.units)} 个，已报送 {len(reported)} 个"
    summary += (
        f"，未报送 {len(progress.units) - len(reported)} 个。"
        if len(reported) < len(progress.units)
        else "。"
    )
    if not progress.nothing_reported:
        summary += _totals_sentence(progress)
    blocks.append(Block("p", text=summary))

    return blocks


def _totals_sentence(progress: Progress) -> str:
    totals = progress.totals()
    return "各单位报送的主要数据合计：" + "，".join(f"{k} {totals.get(k, 0)}" for k in DATA_COLUMNS) + "。"


def _by_unit_table(progress: Progress) -> Block:
    """Each unit's row: its definite tasks, what it reported of them (— for a unit that never did)."""
    rows = []
    for i, unit in enumerate(progress.units, 1):
        mine = [r for t in progress.tasks for r in t.reports if r.unit == unit.unit and r.definite]
        data = [sum(r.data.get(k, 0) for r in mine) for k in DATA_COLUMNS]
        rows.append(
            (
                str(i),
                unit.unit,
                str(len(mine)),
                *(_figures(unit.reported, [r for r in mine if r.status is not None], data)),
                unit.state,
            )
        )
    return Block("table", columns=BY_UNIT_COLUMNS, rows=tuple(rows))


def _behind(progress: Progress) -> list[Block]:
    """The tasks whose combined status is 滞后 or 未启动, with the units' words, then the overdue ones."""
    blocks: list[Block] = []
    behind = [t for t in progress.tasks if t.status in (LATE, NOT_STARTED)]
    if not behind:
        blocks.append(Block("p", text="没有综合状态为“滞后”或“未启动”的任务。"))
    for number, task in enumerate(behind, 1):
        blocks.append(Block("task", lead=f"{number}.{task.planned.task.title}", text=f"（{task.status}）"))
        blocks.extend(
            Block("unit", text=_unit_words(r)) for r in task.reports if r.status in (LATE, NOT_STARTED)
        )
    if progress.overdue:
        blocks.append(Block("p", text="已过完成时限而未完成的任务："))
        blocks.extend(
            Block("unit", text=f"{t.planned.task.title}（完成时限 {t.planned.task.deadline}，{t.status}）")
            for t in progress.overdue
        )

    return blocks


def counts_text(progress: Progress, tasks: Sequence[TaskProgress]) -> str:
    counts = progress.counts(tasks)
    return "，".join(f"{word} {n} 项" for word, n in counts.items() if n)


# -- writers --------------------------------------------------------------------------------------------


def report_docx(progress: Progress, reference_doc: Path | None = None) -> bytes:
    from .officedoc import (
        BODY,
        HEADING1,
        HEADING2,
        LEAD,
        TITLE,
        Column,
        Run,
        cell_text,
        check_xml_text,
        paragraph_xml,
        reproducible_timestamp,
        save_reproducibly,
        single_title_xml,
        table_document,
        table_xml,
    )

    blocks = report_blocks(progress)
    tables = [
        [Column(h, c, flexible=f, centred=ce) for h, c, f, ce in b.columns]
        for b in blocks
        if b.kind == "table"
    ]
    when = reproducible_timestamp()
    doc, width = table_document(tables, reference_doc)
    body: list[str] = []
    styles = {"title": TITLE, "p": BODY, "h1": HEADING1, "h2": HEADING2, "unit": BODY}
    for i, block in enumerate(blocks):
        for text in (block.text, block.lead, *(c for row in block.rows for c in row)):
            check_xml_text(text)
        if block.kind == "table":
            columns = [Column(h, c, flexible=f, centred=ce) for h, c, f, ce in block.columns]
            cells = [
                [cell_text(text, centred=col.centred) for col, text in zip(columns, row, strict=True)]
                for row in block.rows
            ]
            body.append(table_xml(columns, cells, width, v_centre=True))
            body.append(paragraph_xml(BODY, []))
        elif block.kind == "task":
            properties = _paragraph_properties(blocks, i)
            body.append(paragraph_xml(BODY, [Run(block.lead, LEAD), block.text], properties=properties))
        elif block.kind == "title":
            body.append(single_title_xml(block.text, width))
        else:
            properties = _paragraph_properties(blocks, i)
            body.append(paragraph_xml(styles[block.kind], [block.text], properties=properties))
    return save_reproducibly(doc, body=body, title=report_title(progress), timestamp=when)


def _paragraph_properties(blocks: Sequence[Block], i: int) -> str:
    """Extra `w:pPr` of block `i`'s paragraph. A task's heading and a part's count (本部分…, under its
    heading) keep with what follows, so none is left alone at a page's foot. A paragraph holding a
    line break a unit typed is set flush left: justified, Word and LibreOffice would stretch the line
    before the break across the text block (「推 迟 到 12 月 举 办 ，」)."""
    block = blocks[i]
    after = blocks[i + 1].kind if i + 1 < len(blocks) else ""
    before = blocks[i - 1].kind if i else ""
    keep = (block.kind == "task" and after == "unit") or (block.kind == "p" and before == "h2")
    broken = any(c in block.text or c in block.lead for c in "\n\r")
    return ("<w:keepNext/>" if keep else "") + ('<w:jc w:val="left"/>' if broken else "")


def report_md(progress: Progress) -> bytes:
    e = md_escape
    lines: list[str] = []
    for block in report_blocks(progress):
        if block.kind != "unit" and lines and lines[-1].startswith("- "):
            lines.append("")
        if block.kind == "title":
            lines += [f"# {e(block.text)}", ""]
        elif block.kind == "h1":
            lines += [f"## {e(block.text)}", ""]
        elif block.kind == "h2":
            lines += [f"### {e(block.text)}", ""]
        elif block.kind == "task":
            lines += [f"**{e(block.lead)}**{e(block.text)}", ""]
        elif block.kind == "unit":
            lines += [f"- {e(block.text)}"]
        elif block.kind == "table":
            lines += ["", "| " + " | ".join(e(c[0].replace("\n", "")) for c in block.columns) + " |"]
            lines.append("| " + " | ".join("---:" if c[3] else "---" for c in block.columns) + " |")
            lines += ["| " + " | ".join(e(cell) for cell in row) + " |" for row in block.rows]
            lines.append("")
        else:
            lines += [e(block.text), ""]
    return ("\n".join(lines).replace("\n\n\n", "\n\n") + "\n").encode("utf-8")
