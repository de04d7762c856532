"""`kepu-plan new`: next year's plan started from this year's, the year moved on and nothing else.

The copy goes through ruamel.yaml's round-trip mode so that comments, key order, quoting and flow
style stay as the authors left them; the task ids stay the same, so next year's diff matches every
task by id. The year changes in `year`, and in the authors' text (title, preamble, headings,
paragraphs, task titles and texts) wherever it names the plan's own year: 2025年广州科技活动周 →
2026年广州科技活动周, while a period such as 2021—2025年 stays. Unit names, ids and comments are
not touched. A signature date, if any, moves to the new year too (check it before publishing).

Like yamlwriter.py it uses ruamel's round-trip loader, never on validate's path: it is slower than the parser
`validate` uses, and only `new` and `import` write YAML.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from .author_text import year_keys
from .years import replace_own_year

#: Keys whose string values (or list of strings) are the authors' text, as model.py marks them. Unit
#: names, ids and the issuer are not: a year in a name is part of the name.
TEXT_KEYS = year_keys()


class NewYearError(ValueError):
    """The source plan cannot be carried over (its `year` is missing or not a number)."""


@dataclass
class NewYearResult:
    text: str  # the new plan as YAML
    old_year: int
    new_year: int
    replaced: int = 0  # mentions of the old year replaced in the text
    kept: list[str] = field(default_factory=list)  # places the old year stays (periods such as 2021—2025年)
    date: tuple[dt.date, dt.date] | None = None  # the signature date, before and after
    proposals: list[str] = field(default_factory=list)  # where each unit's proposal was placed


def _yaml(source: str) -> Any:
    from ruamel.yaml.util import load_yaml_guess_indent

    from .yamlwriter import round_trip_yaml

    _, indent, block_seq_indent = load_yaml_guess_indent(source)  # keep the authors' own indent
    sequence = indent or 2
    offset = block_seq_indent or 0
    mapping = max(2, sequence - offset) if offset else sequence
    return round_trip_yaml(mapping=mapping, sequence=sequence, offset=offset, preserve_quotes=True)


@dataclass(frozen=True)
class ProposedTask:
    """A unit's proposal for next year (次年工作建议), as collected from its form."""

    unit: str
    title: str
    text: str = ""
    units: str = ""  # 建议责任单位 as written; empty: the proposing unit


#: The group that holds proposals no existing group fits, at the end of the last section with tasks.
PROPOSALS_HEADING = "各单位建议新增的任务（待审定）。"
#: Share of a proposal's distinctive character pairs a group must contain for the proposal to go there.
MATCH_THRESHOLD = 0.2


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    return {a + b for a, b in itertools.pairwise(chars)}


def _best_group(groups: list[tuple[int, int, set[str]]], proposal: set[str]) -> tuple[int, int] | None:
    """The group whose words share most of the proposal's distinctive character pairs (pairs found in
    half the groups or more, such as 科普 and 开展, say nothing), or None when none shares enough."""
    if not groups or not proposal:
        return None
    common = {p for p in proposal if sum(p in g for _, _, g in groups) * 2 >= len(groups)}
    distinctive = proposal - common
    if not distinctive:
        return None
    scored = [(len(distinctive & g) / len(distinctive), si, gi) for si, gi, g in groups]
    score, si, gi = max(scored, key=lambda x: (x[0], -x[1], -x[2]))
    return (si, gi) if score >= MATCH_THRESHOLD else None


def _units_of(proposal: ProposedTask) -> list[list[str]]:
    names = [n for n in re.split(r"[、，,；;\s]+", proposal.units) if n]
    return [names or [proposal.unit]]


def add_proposals(data: Any, proposals: list[ProposedTask]) -> list[str]:
    """Insert proposals as tasks marked `proposed_by` into the round-trip data; say where each went."""
    from .importing import slug
    from .yamlwriter import _styled

    sections = data.get("sections") or []
    groups: list[tuple[int, int, set[str]]] = []
    ids: set[str] = set()
    for si, section in enumerate(sections):
        for gi, group in enumerate(section.get("groups") or []):
            words = [group.get("heading", "")]
            for task in group.get("tasks") or []:
                words += [task.get("title", ""), task.get("text", "")]
                ids.add(str(task.get("id")))
            groups.append((si, gi, _pairs("".join(str(w) for w in words))))
    placed: list[str] = []
    leftover: list[Any] = []
    for proposal in proposals:
        base = slug(proposal.title) or "proposal"
        task_id, n = base, 1
        while task_id in ids:
            n += 1
            task_id = f"{base}-{n}"
        ids.add(task_id)
        task = _styled(
            {
                "id": task_id,
                "title": proposal.title,
                **({"text": proposal.text} if proposal.text else {}),
                "units": _units_of(proposal),
                "proposed_by": proposal.unit,
            }
        )
        where = _best_group(groups, _pairs(proposal.title + proposal.text))
        if where is None:
            leftover.append(task)
            placed.append(f"「{proposal.title}」（{proposal.unit}提出）→ {PROPOSALS_HEADING}")
            continue
        si, gi = where
        group = sections[si]["groups"][gi]
        group["tasks"].append(task)
        placed.append(f"「{proposal.title}」（{proposal.unit}提出）→ {group['heading']}")
    if leftover:
        holders = [si for si, _, _ in groups]
        if holders:
            sections[holders[-1]]["groups"].append(_styled({"heading": PROPOSALS_HEADING, "tasks": []}))
            sections[holders[-1]]["groups"][-1]["tasks"].extend(leftover)
        else:
            sections.append(
                _styled({"heading": "工作任务", "groups": [{"heading": PROPOSALS_HEADING, "tasks": []}]})
            )
            sections[-1]["groups"][0]["tasks"].extend(leftover)
    return placed


def next_year_text(source: str, new_year: int, proposals: list[ProposedTask] | None = None) -> NewYearResult:
    """The text of `source` (a plan's YAML) as the plan for `new_year`, with the units' proposals for
    it (if any) added as tasks marked `proposed_by` (validate warns about them until accepted)."""
    yaml = _yaml(source)
    data = yaml.load(source)
    old_year = data.get("year") if hasattr(data, "get") else None
    if not isinstance(old_year, int) or isinstance(old_year, bool):
        raise NewYearError("计划中没有有效的 year（年份）")
    result = NewYearResult("", old_year, new_year)
    data["year"] = new_year

    def bump(value: str, line: int) -> str:
        new, count = replace_own_year(value, old_year, str(new_year))
        result.replaced += count
        if str(old_year) in new:  # a period (2021—2025年): stays as written
            result.kept.append(f"第 {line} 行：{_around(new, str(old_year))}")
        # a quoted value stays quoted: keep ruamel's scalar type (DoubleQuotedScalarString …)
        return new if type(value) is str or not count else type(value)(new)

    def walk(node: Any, text_list: bool) -> None:
        if isinstance(node, dict):
            for key in list(node.keys()):
                value = node[key]
                if isinstance(value, str) and key in TEXT_KEYS:
                    node[key] = bump(value, _line(node, key, is_key=True))
                elif isinstance(value, dt.date) and key == "date":
                    moved = _same_day(value, new_year)
                    result.date = (value, moved)
                    node[key] = moved
                elif isinstance(value, list | dict):
                    walk(value, key in TEXT_KEYS)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, str) and text_list:
                    node[index] = bump(value, _line(node, index, is_key=False))
                elif isinstance(value, list | dict):
                    walk(value, False)

    walk(data, False)
    if proposals:
        result.proposals = add_proposals(data, proposals)
    out = io.StringIO()
    yaml.dump(data, out)
    result.text = out.getvalue()
    return result


def _line(node: Any, key: Any, *, is_key: bool) -> int:
    """1-based line of a value in the source, from ruamel's position records."""
    try:
        return (node.lc.value(key) if is_key else node.lc.item(key))[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0


def _around(text: str, year: str, width: int = 8) -> str:
    at = text.find(year)
    if at < 0:
        return ""
    return "…" + text[max(0, at - width) : at + len(year) + width] + "…"


def _same_day(value: dt.date, year: int) -> dt.date:
    try:
        return value.replace(year=year)
    except ValueError:  # 29 February
        return value.replace(year=year, day=28)
