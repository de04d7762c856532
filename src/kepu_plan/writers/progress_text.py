"""Where things stand (`kepu-plan progress`): the combined progress as text, Markdown or one JSON document.

Writers only: the combining is done by :func:`kepu_plan.progress.combine`. Every format says the same
things — the summary figures, per part how many tasks are done, each task's combined status with who
said what, the 催报 list, the tasks no one can report on, and (with --as-of) what is overdue.
"""

from __future__ import annotations

import json
from typing import Any

from ..progress import (
    DATA_COLUMNS,
    NOT_FILLED,
    NOT_REPORTED,
    TASK_STATES,
    Progress,
    TaskProgress,
    UnitReport,
    UnitStatus,
)


def summary_sentence(progress: Progress) -> str:
    """共 30 项任务，已完成 3 项，按计划推进 20 项……: the figures, in the report's words."""
    counts = progress.counts()
    total = len(progress.tasks)
    if progress.nothing_reported:
        sent = sum(1 for u in progress.units if u.returned)
        words = [w for w in (NOT_FILLED, NOT_REPORTED) if counts[w]]
        silent = (
            f"{total} 项任务均为“{words[0]}”"
            if len(words) == 1
            else "、".join(f"“{w}”{counts[w]} 项" for w in words)
        )
        return f"共 {total} 项任务，各单位尚未报送任何进展（已收回填报表 {sent} 份，均未填写进展状态），{silent}。"
    parts = [f"{word} {counts[word]} 项" for word in TASK_STATES if counts[word]]
    return f"共 {total} 项任务，" + "，".join(parts) + "。"


def units_sentence(progress: Progress) -> str:
    reported = sum(1 for u in progress.units if u.reported)
    untouched = sum(1 for u in progress.units if u.state == NOT_FILLED)
    silent = len(progress.units) - reported - untouched
    blank = f"交回未填写 {untouched} 个，" if untouched else ""
    return f"应报送单位 {len(progress.units)} 个：已报送 {reported} 个，{blank}未报送 {silent} 个。"


def report_status(report: UnitReport) -> str:
    return report.word


def missing_note(unit: UnitStatus) -> str:
    """A 催报 entry: the unit, and for a form that came back untouched, which file that was."""
    if unit.state == NOT_FILLED:
        return f"{unit.unit}（交回的填报表 {unit.source} 未填写任何内容，已存为 {unit.file}）"
    return unit.unit


def progress_data(progress: Progress) -> dict[str, Any]:
    """The JSON document: `units` (unit, reported, file) and `tasks` (id, status, reports) first."""
    plan = progress.plan
    return {
        "plan": {"year": plan.year, "title": plan.title},
        "round": progress.round,
        "as_of": progress.as_of.isoformat() if progress.as_of else None,
        "units": [
            {
                "unit": u.unit,
                "full_name": u.full_name,
                "reported": u.reported,
                "state": u.state,
                "file": u.file,
                "source": u.source,
                "filled": u.filled,
                "rows": u.rows,
            }
            for u in progress.units
        ],
        "tasks": [
            {
                "id": t.planned.task.id,
                "title": t.planned.task.title,
                "part": t.planned.part.number,
                "status": t.status,
                "deadline": t.planned.task.deadline,
                "overdue": t.overdue,
                "no_one_to_report": t.no_one_to_report,
                "lead_units": list(t.lead_units),
                "reports": [
                    {
                        "unit": r.unit,
                        "role": r.role,
                        "status": report_status(r),
                        "text": r.text,
                        "data": r.data,
                        "note": r.note,
                    }
                    for r in t.reports
                ],
            }
            for t in progress.tasks
        ],
        "summary": {
            "tasks": len(progress.tasks),
            "counts": progress.counts(),
            "units": len(progress.units),
            "reported": sum(1 for u in progress.units if u.reported),
            "nothing_reported": progress.nothing_reported,
            "totals": progress.totals(),
        },
        "sections": [
            {
                "part": part.number,
                "heading": part.heading,
                "tasks": len(tasks),
                "done": sum(1 for t in tasks if t.status == "已完成"),
                "counts": progress.counts(tasks),
            }
            for part, tasks in progress.by_part()
        ],
        "missing_units": [u.unit for u in progress.missing_units],
        "no_one_to_report": [t.planned.task.id for t in progress.tasks if t.no_one_to_report],
        "overdue": [t.planned.task.id for t in progress.overdue],
        "proposals": [
            {"unit": unit, "title": p.title, "text": p.text, "units": p.units}
            for unit, p in progress.proposals
        ],
    }


def progress_json(progress: Progress) -> bytes:
    return (json.dumps(progress_data(progress), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _counts_text(progress: Progress, tasks: list[TaskProgress]) -> str:
    counts = progress.counts(tasks)
    return "，".join(f"{w} {counts[w]}" for w in TASK_STATES if counts[w])


def _report_line(r: UnitReport) -> str:
    data = "；".join(f"{k} {v}" for k, v in r.data.items())
    role = r.role if r.definite else "可能涉及"
    line = f"{r.unit}（{role}）{report_status(r)}"
    if r.text:
        line += f"：{r.text}"
    if data:
        line += f"（{data}）"
    return line


def progress_txt(progress: Progress) -> bytes:
    plan = progress.plan
    lines = [
        f"{plan.title} 完成情况（轮次 {progress.round}）",
        summary_sentence(progress),
        units_sentence(progress),
        "",
    ]
    lines.append("各部分完成情况")
    for part, tasks in progress.by_part():
        done = sum(1 for t in tasks if t.status == "已完成")
        lines.append(
            f"  {part.number}{part.heading}  {len(tasks)} 项，已完成 {done} 项（{_counts_text(progress, tasks)}）"
        )
    lines += ["", "各项任务"]
    for t in progress.tasks:
        mark = "（逾期）" if t.overdue else ""
        lines.append(f"  [{t.status}]{mark} {t.planned.part.number} {t.planned.task.title}")
        if t.no_one_to_report and not t.reports:
            lines.append("      责任单位均为泛指，无人报送")
        for r in t.reports:
            lines.append(f"      {_report_line(r).replace(chr(10), ' ')}")
    totals = progress.totals()
    lines += ["", "主要数据合计：" + "，".join(f"{k} {totals.get(k, 0)}" for k in DATA_COLUMNS)]
    missing = progress.missing_units
    lines += [
        "",
        f"催报（未报送或交回未填写的单位，{len(missing)} 个）："
        + ("、".join(missing_note(u) for u in missing) or "无"),
    ]
    vague = [t for t in progress.tasks if t.no_one_to_report]
    lines.append(
        f"无人报送的任务（责任单位均为泛指，{len(vague)} 项）："
        + ("；".join(t.planned.task.title for t in vague) or "无")
    )
    if progress.as_of is not None:
        overdue = progress.overdue
        lines.append(
            f"逾期（截至 {progress.as_of.isoformat()}，{len(overdue)} 项）："
            + (
                "；".join(
                    f"{t.planned.task.title}（完成时限 {t.planned.task.deadline}，{t.status}）"
                    for t in overdue
                )
                or "无"
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def md_escape(text: str) -> str:
    """A unit's words printed as written in Markdown: the one escaper of Markdown output (writers/text.py:
    inline markup anywhere, list, heading and code-block starts, @mentions), with line breaks as <br>."""
    from .text import markdown_escape

    return markdown_escape(text).replace("\n", "<br>")


def progress_md(progress: Progress) -> bytes:
    e = md_escape
    plan = progress.plan
    lines = [
        f"# {e(plan.title)} 完成情况（轮次 {e(progress.round)}）",
        "",
        e(summary_sentence(progress)),
        "",
        e(units_sentence(progress)),
        "",
    ]
    lines += ["## 各部分完成情况", "", "| 部分 | 任务 | 已完成 | 分布 |", "| --- | ---: | ---: | --- |"]
    for part, tasks in progress.by_part():
        done = sum(1 for t in tasks if t.status == "已完成")
        lines.append(
            f"| {e(part.number + part.heading)} | {len(tasks)} | {done} | {e(_counts_text(progress, tasks))} |"
        )
    lines += ["", "## 各项任务", "", "| 部分 | 任务 | 状态 | 各单位报送 |", "| --- | --- | --- | --- |"]
    for t in progress.tasks:
        who = "<br>".join(e(_report_line(r)) for r in t.reports) or (
            "责任单位均为泛指，无人报送" if t.no_one_to_report else ""
        )
        status = t.status + ("（逾期）" if t.overdue else "")
        lines.append(f"| {e(t.planned.part.number)} | {e(t.planned.task.title)} | {status} | {who} |")
    missing = progress.missing_units
    lines += ["", f"## 催报（{len(missing)} 个单位未报送）", ""]
    lines += [f"- {e(missing_note(u))}" for u in missing] or ["无"]
    vague = [t for t in progress.tasks if t.no_one_to_report]
    lines += ["", f"## 无人报送的任务（责任单位均为泛指，{len(vague)} 项）", ""]
    lines += [f"- {e(t.planned.task.title)}" for t in vague] or ["无"]
    if progress.as_of is not None:
        lines += ["", f"## 逾期（截至 {progress.as_of.isoformat()}）", ""]
        lines += [
            f"- {e(t.planned.task.title)}（完成时限 {e(t.planned.task.deadline or '')}，{t.status}）"
            for t in progress.overdue
        ] or ["无"]
    return ("\n".join(lines) + "\n").encode("utf-8")
