"""A comparison of two plans as terminal text, Markdown (CI job summary, pull request comment) or JSON.

The comparison itself comes from `diffing.diff_plans`; this module only words it. Text differences
are shown character by character (`text_diff`), with long unchanged stretches cut down to a little
context: [-deleted-]{+inserted+} as `git diff --word-diff` writes them, or in colour on a terminal;
<del>/<ins> in Markdown; a list of [op, text] pairs in JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..diffing import Change, ChangeKind, PartChange, PlanDiff, Segment, text_diff
from ..layout import responsibility_text
from ..model import LocatedTask

KIND_LABEL = {
    ChangeKind.ADDED: "新增",
    ChangeKind.REMOVED: "删除",
    ChangeKind.MODIFIED: "修改",
    ChangeKind.MOVED: "移动",
    ChangeKind.REORDERED: "调整顺序",
    ChangeKind.RENAMED: "改编号",
}
FIELD_LABEL = {"id": "编号", "title": "标题", "text": "正文", "units": "责任单位", "lead": "牵头单位"}
MATCH_LABEL = {"id": "按编号", "pinned": "按对照设置", "content": "按内容"}

#: Unchanged characters kept on each side of a change when a text is cut down; texts shorter than
#: SHORT are shown whole, and values both shorter than TINY (a year, an id) as "old → new".
CONTEXT = 12
SHORT = 60
TINY = 12
GAP = "…"


# -- pieces shared by text and Markdown --------------------------------------------------------------


def trimmed(segments: list[Segment], context: int = CONTEXT) -> list[Segment]:
    """Long equal stretches cut to `context` characters on each side of a change ("gap" segments
    mark the cuts); a short text is left whole."""
    if sum(len(s.text) for s in segments if s.op != "insert") < SHORT:
        return segments
    out: list[Segment] = []
    last = len(segments) - 1
    for n, segment in enumerate(segments):
        if segment.op != "equal":
            out.append(segment)
            continue
        text = segment.text
        head = text[:context] if n > 0 else ""
        tail = text[-context:] if n < last else ""
        if len(text) <= len(head) + len(tail) + 1:
            out.append(segment)
            continue
        if head:
            out.append(Segment("equal", head))
        out.append(Segment("gap", GAP))  # type: ignore[arg-type]
        if tail:
            out.append(Segment("equal", tail))
    return out


def summary_line(diff: PlanDiff, *, document: bool = False) -> str:
    """The comparison in one line. For a terminal or Markdown report, figures stand apart and the task
    counts read old → new (任务 30 → 31 项：新增 1，修改 4); in a `document` Chinese text has no spaces
    around numbers and no arrows (原计划任务30项，新计划31项：新增1项，修改4项；其他部分2处。)."""
    counts = diff.summary()
    if not diff.differs:
        return "两份计划没有差别" + ("（年份的变化已忽略）" if diff.ignore_year else "") + "。"
    gap, unit = ("", "项") if document else (" ", "")
    pieces = "，".join(f"{KIND_LABEL[kind]}{gap}{counts[kind]}{unit}" for kind in ChangeKind if counts[kind])
    pieces = pieces or "无变化"
    if counts["probable"]:
        pieces += f"（其中{gap}{counts['probable']}{gap}项为可能的对应，请核对）"
    if document:
        line = f"原计划任务{counts['old_tasks']}项，新计划{counts['new_tasks']}项：{pieces}"
    else:
        line = f"任务 {counts['old_tasks']} → {counts['new_tasks']} 项：{pieces}"
    if counts["other"]:
        line += f"；其他部分{gap}{counts['other']}{gap}处"
    if diff.ignore_year:
        line += "（年份的变化已忽略）"
    return line + "。"


def _match_note(change: Change) -> str:
    if change.match in (None, "id"):
        return ""
    note = MATCH_LABEL[change.match]
    if change.similarity is not None and change.match == "content":
        note += f"对应，相似度 {change.similarity:.2f}"
    else:
        note += "对应"
    if change.probable:
        note += "；可能的对应，请核对（可用 --overrides 固定或排除）"
    return f"（{note}）"


def _where(change: Change) -> str:
    if change.kind is ChangeKind.MOVED:
        assert change.old and change.new
        return f"{change.old.label} → {change.new.label}（移入「{change.new.part.heading}」）"
    if change.kind is ChangeKind.REORDERED:
        assert change.old and change.new
        return f"{change.new.part.number}第{change.old.position}项 → 第{change.new.position}项"
    ref = change.new or change.old
    assert ref is not None
    return ref.label


def _field_pairs(change: Change) -> list[tuple[str, str, str]]:
    """(field, old value, new value) for each changed field that has text to compare."""
    assert change.old and change.new
    a, b = change.old.task, change.new.task
    out = []
    for name in change.fields:
        if name == "title":
            out.append((name, a.title, b.title))
        elif name == "text":
            out.append((name, a.text, b.text))
        elif name == "units":
            out.append((name, responsibility_text(a), responsibility_text(b)))
        elif name == "lead":
            out.append((name, a.lead_name or "", b.lead_name or ""))
        elif name == "id":
            out.append((name, a.id, b.id))
    return out


def _unit_delta(change: Change) -> str:
    pieces = []
    if change.units_added:
        pieces.append("增加 " + "、".join(change.units_added))
    if change.units_removed:
        pieces.append("减少 " + "、".join(change.units_removed))
    return "；".join(pieces)


# -- terminal text ----------------------------------------------------------------------------------------

_RED_STRIKE, _GREEN_UNDERLINE, _BOLD, _DIM, _RESET = (
    "\033[31;9m",
    "\033[32;4m",
    "\033[1m",
    "\033[2m",
    "\033[0m",
)
_KIND_COLOUR = {
    ChangeKind.ADDED: "\033[32m",
    ChangeKind.REMOVED: "\033[31m",
    ChangeKind.MODIFIED: "\033[33m",
    ChangeKind.MOVED: "\033[36m",
    ChangeKind.REORDERED: "\033[36m",
    ChangeKind.RENAMED: "\033[2m",
}


@dataclass(frozen=True)
class TaskEntry:
    """What the text and the Markdown listing both say about one change, before either formats it."""

    kind: ChangeKind
    id: str
    where: str
    title: str
    note: str  # how the match was made, when it was not by id
    fields: list[tuple[str, str, str]]  # (field, old, new) for a modification
    unit_delta: str  # units added and dropped, for a modification
    added: str  # the whole wording of an added task


def task_entries(diff: PlanDiff) -> Iterator[TaskEntry]:
    """The changes to tasks in listing order (a task's changes together), ready to be worded."""
    for group in diff.changes_by_task():
        for change in group:
            ref = change.new or change.old
            assert ref is not None
            modified = change.kind is ChangeKind.MODIFIED
            renamed = change.kind is ChangeKind.RENAMED
            added = ""
            if change.kind is ChangeKind.ADDED and change.new is not None:
                added = change.new.task.text + responsibility_text(change.new.task)
            yield TaskEntry(
                change.kind,
                f"{change.old.id} → {change.new.id}" if renamed and change.old and change.new else ref.id,
                _where(change),
                ref.title,
                "" if renamed and not change.probable else _match_note(change),
                _field_pairs(change) if modified else [],
                _unit_delta(change) if modified else "",
                added,
            )


def _tiny(old: str, new: str, field: str = "") -> bool:
    return field in ("id", "lead") or (len(old) < TINY and len(new) < TINY)


def _field_label(name: str) -> str:
    """The parenthetical names itself (（责任单位：…）), so the units line needs no label of its own."""
    return "" if name == "units" else f"{FIELD_LABEL[name]}："


def _change_text(old: str, new: str, colour: bool, field: str = "", context: int = CONTEXT) -> str:
    if _tiny(old, new, field):
        return f"{old or '（无）'} → {new or '（无）'}"
    return _inline_text(trimmed(text_diff(old, new), context), colour)


def _inline_text(segments: Iterable[Segment], colour: bool) -> str:
    out = []
    for s in segments:
        if s.op == "equal":
            out.append(s.text)
        elif s.op == "delete":
            out.append(f"{_RED_STRIKE}{s.text}{_RESET}" if colour else f"[-{s.text}-]")
        elif s.op == "insert":
            out.append(f"{_GREEN_UNDERLINE}{s.text}{_RESET}" if colour else f"{{+{s.text}+}}")
        else:
            out.append(f"{_DIM}{s.text}{_RESET}" if colour else s.text)
    return "".join(out)


def _kind(kind: ChangeKind, colour: bool) -> str:
    label = KIND_LABEL[kind]
    return f"{_KIND_COLOUR[kind]}{label}{_RESET}" if colour else label


def render_text(diff: PlanDiff, *, colour: bool = False) -> str:
    lines = [
        f"{diff.old.title}（{diff.old_name or diff.old.year}）→ {diff.new.title}（{diff.new_name or diff.new.year}）",
        summary_line(diff),
    ]
    if diff.changes:
        lines.append("")
        lines.append(f"{_BOLD}任务{_RESET}" if colour else "任务")
    for e in task_entries(diff):
        lines.append(f"{_kind(e.kind, colour)}  {e.id}  {e.where}  {e.title}{e.note}")
        lines += [f"    {_field_label(name)}{_change_text(a, b, colour, name)}" for name, a, b in e.fields]
        if e.unit_delta:
            lines.append(f"    单位变化：{e.unit_delta}")
        if e.added:
            lines.append(f"    {e.added}")
    if diff.parts:
        lines.append("")
        lines.append(f"{_BOLD}其他部分{_RESET}" if colour else "其他部分")
        for part in diff.parts:
            lines.append(f"{_kind(part.kind, colour)}  {part.where}：{_part_text(part, colour)}")
    if diff.units:
        lines.append("")
        lines.append(f"{_BOLD}责任单位{_RESET}" if colour else "责任单位")
        for unit in diff.units:
            pieces = []
            if unit.gained:
                pieces.append("新增任务 " + "、".join(map(task_named, unit.gained)))
            if unit.lost:
                pieces.append("减少任务 " + "、".join(map(task_named, unit.lost)))
            lines.append(f"  {unit.unit}：{'；'.join(pieces)}")
    return "\n".join(lines) + "\n"


def task_named(ref: LocatedTask) -> str:
    """A task as a unit knows it — where it stands and its title (二（三）第6项「…」) — in the lines
    addressed to units; ids are the authors' bookkeeping and mean nothing to them."""
    return f"{ref.label}「{ref.title}」"


def _part_text(part: PartChange, colour: bool) -> str:
    if part.kind is ChangeKind.MODIFIED:
        return _change_text(part.old or "", part.new or "", colour)
    return part.new if part.new is not None else (part.old or "")


# -- Markdown -------------------------------------------------------------------------------------------------


def _md(text: str) -> str:
    from .text import markdown_escape

    return markdown_escape(text)


def _change_md(old: str, new: str, field: str = "") -> str:
    if _tiny(old, new, field):
        return f"{_md(old) or '（无）'} → {_md(new) or '（无）'}"
    return _inline_md(trimmed(text_diff(old, new), 20))


def _inline_md(segments: Iterable[Segment]) -> str:
    out = []
    for s in segments:
        if s.op == "equal":
            out.append(_md(s.text))
        elif s.op == "delete":
            out.append(f"<del>{_md(s.text)}</del>")
        elif s.op == "insert":
            out.append(f"<ins>{_md(s.text)}</ins>")
        else:
            out.append(s.text)
    return "".join(out)


def render_md(diff: PlanDiff) -> str:
    old_name = diff.old_name or str(diff.old.year)
    new_name = diff.new_name or str(diff.new.year)
    lines = [
        f"## 计划对比：{_md(diff.old.title)} → {_md(diff.new.title)}",
        "",
        f"`{old_name}` → `{new_name}`",
        "",
    ]
    counts = diff.summary()
    if not diff.differs:
        lines.append(summary_line(diff))
        return "\n".join(lines) + "\n"
    kinds = list(ChangeKind)
    lines.append("| 任务 | " + " | ".join(KIND_LABEL[k] for k in kinds) + " | 其他部分 |")
    lines.append("| --- | " + " | ".join("---:" for _ in kinds) + " | ---: |")
    lines.append(
        f"| {counts['old_tasks']} → {counts['new_tasks']} | "
        + " | ".join(str(counts[k]) for k in kinds)
        + f" | {counts['other']} |"
    )
    lines.append("")
    lines.append(summary_line(diff))
    if diff.changes:
        lines += ["", "### 任务", ""]
    for e in task_entries(diff):
        lines.append(f"- **{KIND_LABEL[e.kind]}** `{e.id}` {_md(e.where)} {_md(e.title)}{_md(e.note)}")
        lines += [f"  - {_field_label(name)}{_change_md(a, b, name)}" for name, a, b in e.fields]
        if e.unit_delta:
            lines.append(f"  - 单位变化：{_md(e.unit_delta)}")
        if e.added:
            lines.append(f"  - {_md(e.added)}")
    if diff.parts:
        lines += ["", "### 其他部分", ""]
        for part in diff.parts:
            if part.kind is ChangeKind.MODIFIED:
                body = _change_md(part.old or "", part.new or "")
            else:
                body = _md(part.new if part.new is not None else (part.old or ""))
            lines.append(f"- **{KIND_LABEL[part.kind]}** {_md(part.where)}：{body}")
    if diff.units:
        lines += ["", "### 责任单位", "", "| 单位 | 新增任务 | 减少任务 |", "| --- | --- | --- |"]
        for unit in diff.units:
            gained = "、".join(_md(task_named(r)) for r in unit.gained)
            lost = "、".join(_md(task_named(r)) for r in unit.lost)
            lines.append(f"| {_md(unit.unit)} | {gained} | {lost} |")
    return "\n".join(lines) + "\n"


# -- JSON ----------------------------------------------------------------------------------------------------


def _ref(ref: LocatedTask | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "id": ref.id,
        "title": ref.title,
        "label": ref.label,
        "section": ref.part.section_index + 1,
        "group": ref.part.group_index + 1,
        "position": ref.position,
        "group_heading": ref.part.heading,
        "path": "/".join(str(p) for p in ref.path),
    }


def _segments(segments: list[Segment]) -> list[list[str]]:
    return [[s.op, s.text] for s in segments]


def change_dict(change: Change) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": str(change.kind),
        "id": change.id,
        "old": _ref(change.old),
        "new": _ref(change.new),
        "fields": list(change.fields),
        "units_added": list(change.units_added),
        "units_removed": list(change.units_removed),
        "match": change.match,
        "similarity": change.similarity,
        "probable": change.probable,
    }
    if change.kind is ChangeKind.MODIFIED:
        data["diff"] = {name: _segments(text_diff(a, b)) for name, a, b in _field_pairs(change)}
    return data


def diff_document(diff: PlanDiff) -> dict[str, Any]:
    def plan(which: str) -> dict[str, Any]:
        model = getattr(diff, which)
        return {
            "name": getattr(diff, f"{which}_name") or None,
            "title": model.title,
            "year": model.year,
            "tasks": len(model.tasks()),
        }

    summary = {k: v for k, v in diff.summary().items() if k not in ("old_tasks", "new_tasks")}
    return {
        "old": plan("old"),
        "new": plan("new"),
        "ignore_year": diff.ignore_year,
        "differs": diff.differs,
        "summary": summary,
        "changes": [change_dict(c) for c in diff.changes],
        "other_changes": [
            {"kind": str(p.kind), "where": p.where, "old": p.old, "new": p.new} for p in diff.parts
        ],
        "units": [
            {"unit": u.unit, "gained": [r.id for r in u.gained], "lost": [r.id for r in u.lost]}
            for u in diff.units
        ],
    }


def render_json(diff: PlanDiff) -> str:
    return json.dumps(diff_document(diff), ensure_ascii=False, indent=2) + "\n"
