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
from dataclasses import dataclass, field
from typing import Any

from .model import year_keys
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


def _yaml(source: str) -> Any:
    from ruamel.yaml.util import load_yaml_guess_indent

    from .yamlwriter import round_trip_yaml

    _, indent, block_seq_indent = load_yaml_guess_indent(source)  # keep the authors' own indent
    sequence = indent or 2
    offset = block_seq_indent or 0
    mapping = max(2, sequence - offset) if offset else sequence
    return round_trip_yaml(mapping=mapping, sequence=sequence, offset=offset, preserve_quotes=True)


def next_year_text(source: str, new_year: int) -> NewYearResult:
    """The text of `source` (a plan's YAML) as the plan for `new_year`."""
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
