"""Everything outside the tasks, compared paragraph by paragraph as `layout.blocks` lays it out.

Title, preamble, headings, paragraphs, run-in items and signature: the comparison follows the model as
it grows, because it follows the layout every writer uses.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

from ..layout import Block, Kind, blocks
from ..model import Plan
from ..years import without_own_year
from .result import ChangeKind, PartChange
from .textdiff import bigrams, dice


@dataclass(frozen=True, slots=True)
class _Part:
    block: Block
    where: str
    key: tuple[str, str]  # kind, comparable text (no number; the own year replaced if ignoring years)
    grams: frozenset[str]


def _parts(plan: Plan, ignore_year: bool) -> list[_Part]:
    out: list[_Part] = []
    h1_short = h1_full = ""
    item = ""
    counter = 0
    preamble = 0
    for block in blocks(plan):
        kind = block.kind
        if kind is Kind.TASK:
            continue
        if kind is Kind.TITLE:
            where = "标题"
        elif kind is Kind.PREAMBLE:
            preamble += 1
            where = f"前言第{preamble}段"
        elif kind is Kind.HEADING1:
            h1_short, h1_full, item, counter = block.number.rstrip("、"), block.number + block.lead, "", 0
            where = f"一级标题{h1_short}"
        elif kind is Kind.HEADING2:
            where = f"{h1_short}{block.number}小标题"
        elif kind is Kind.ITEM:
            item, counter = f"{h1_short}{block.number}", 0
            where = item
        elif kind is Kind.PARAGRAPH:
            counter += 1
            where = f"{item}续段{counter}" if item else f"{h1_full}第{counter}段"
        else:
            where = "落款"
        content = block.lead + block.body + block.suffix
        comparable = without_own_year(content, plan.year)
        key = ("title", "") if kind is Kind.TITLE else (str(kind), comparable if ignore_year else content)
        out.append(_Part(block, where, key, bigrams(comparable)))
    return out


def part_changes(old: Plan, new: Plan, ignore_year: bool) -> list[PartChange]:
    a, b = _parts(old, ignore_year), _parts(new, ignore_year)
    out: list[tuple[float, PartChange]] = []  # (position in the new plan, change)
    if a and b and a[0].key == ("title", "") == b[0].key:  # the title is always there: compare in place
        if _comparable(a[0], old, ignore_year) != _comparable(b[0], new, ignore_year):
            out.append((-1.0, PartChange(ChangeKind.MODIFIED, "标题", a[0].block.text, b[0].block.text)))
        a, b = a[1:], b[1:]
    matcher = difflib.SequenceMatcher(None, [p.key for p in a], [p.key for p in b], autojunk=False)
    removed: list[tuple[float, _Part]] = []
    added: list[tuple[float, _Part]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = a[i1:i2], b[j1:j2]
        start = 0
        for part in olds:
            partner = next(
                (
                    k
                    for k in range(start, len(news))
                    if news[k].key[0] == part.key[0] and dice(part.grams, news[k].grams) >= 0.3
                ),
                None,
            )
            if partner is None:
                removed.append((j1 + start - 0.5, part))
                continue
            added.extend((j1 + k, news[k]) for k in range(start, partner))
            change = PartChange(
                ChangeKind.MODIFIED, news[partner].where, part.block.text, news[partner].block.text
            )
            out.append((j1 + partner, change))
            start = partner + 1
        added.extend((j1 + k, news[k]) for k in range(start, len(news)))
    # the same paragraph taken out in one place and put in another: moved
    waiting: dict[tuple[str, str], list[tuple[float, _Part]]] = defaultdict(list)
    for entry in added:
        waiting[entry[1].key].append(entry)
    for position, part in removed:
        if waiting.get(part.key):
            entry = waiting[part.key].pop(0)
            added.remove(entry)
            out.append(
                (entry[0], PartChange(ChangeKind.MOVED, entry[1].where, part.block.text, entry[1].block.text))
            )
        else:
            out.append((position, PartChange(ChangeKind.REMOVED, part.where, part.block.text, None)))
    out.extend(
        (position, PartChange(ChangeKind.ADDED, part.where, None, part.block.text))
        for position, part in added
    )
    out.sort(key=lambda entry: entry[0])
    return [change for _, change in out]


def _comparable(part: _Part, plan: Plan, ignore_year: bool) -> str:
    text = part.block.lead + part.block.body + part.block.suffix
    return without_own_year(text, plan.year) if ignore_year else text
