"""A task's 完成时限 (deadline): written the way plans write it, understood as a span of days.

A plan says when a task is due in a handful of ways, and the YAML keeps the authors' own wording:

* a date: ``2025-06-30`` or ``2025年6月30日``;
* a month: ``2025-06``, ``2025年6月`` or ``6月`` (of the plan's year), optionally ``6月底``;
* a quarter: ``2025-Q2``, ``2025年第二季度``, ``第二季度``, ``二季度`` or ``Q2``;
* a half year: ``上半年``, ``下半年`` (optionally with the year: ``2025年上半年``);
* the whole year: ``全年`` (or ``2025年全年``, ``年底``).

:func:`parse_deadline` turns such a text into a :class:`Deadline` (its first and last day); the model
refuses anything else with a Chinese message that the loader locates like every schema error. A form
without a year is read against the plan's year, so ``第二季度`` in the 2026 draft means 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .patterns import lazy_pattern

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

#: What the JSON Schema accepts (the validator checks the ranges: month 13 matches the pattern).
DEADLINE_PATTERN = (
    r"^(?:(?:\d{4})年)?(?:全年|年底|上半年|下半年|第?[一二三四1-4]季度)$"
    r"|^\d{4}-(?:Q[1-4]|\d{1,2}(?:-\d{1,2})?)$"
    r"|^Q[1-4]$"
    r"|^(?:\d{4}年)?\d{1,2}月(?:底|\d{1,2}日)?$"
)

DEADLINE_HELP = (
    "完成时限：日期（2025-06-30、2025年6月30日）、月份（2025-06、2025年6月、6月）、"
    "季度（2025-Q2、第二季度）、上半年、下半年或全年"
)

_ISO = lazy_pattern(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_ISO_QUARTER = lazy_pattern(r"^(?:(\d{4})-)?Q([1-4])$")
_CN_DATE = lazy_pattern(r"^(?:(\d{4})年)?(\d{1,2})月(?:(底)|(\d{1,2})日)?$")
_CN_SPAN = lazy_pattern(r"^(?:(\d{4})年)?(全年|年底|上半年|下半年|第?([一二三四1-4])季度)$")


@dataclass(frozen=True)
class Deadline:
    """The span a deadline names: `first` to `last` (inclusive). A task is overdue after `last`."""

    text: str
    kind: str  # 日期, 月份, 季度, 半年, 全年
    first: dt.date
    last: dt.date


class DeadlineError(ValueError):
    """The text is not a deadline this tool understands (the message is Chinese, for the user)."""


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), next_month - dt.timedelta(days=1)


def _check_year(year: int, text: str) -> int:
    if not 1949 <= year <= 2999:
        raise DeadlineError(f"完成时限「{text}」中的年份 {year} 不对")
    return year


def parse_deadline(text: str, plan_year: int) -> Deadline:
    """The span `text` names, reading a text without a year in `plan_year`."""
    value = text.strip()
    if m := _ISO().match(value):
        year, month = _check_year(int(m.group(1)), text), int(m.group(2))
        if not 1 <= month <= 12:
            raise DeadlineError(f"完成时限「{text}」中的月份 {month} 不对（应为 1—12）")
        if m.group(3) is None:
            return Deadline(text, "月份", *_month_span(year, month))
        return _date(text, year, month, int(m.group(3)))
    if m := _ISO_QUARTER().match(value):
        year = _check_year(int(m.group(1)), text) if m.group(1) else plan_year
        return _quarter(text, year, int(m.group(2)))
    if m := _CN_DATE().match(value):
        year = _check_year(int(m.group(1)), text) if m.group(1) else plan_year
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise DeadlineError(f"完成时限「{text}」中的月份 {month} 不对（应为 1—12）")
        if m.group(4):
            return _date(text, year, month, int(m.group(4)))
        return Deadline(text, "月份", *_month_span(year, month))
    if m := _CN_SPAN().match(value):
        year = _check_year(int(m.group(1)), text) if m.group(1) else plan_year
        word = m.group(2)
        if word in ("全年", "年底"):
            return Deadline(text, "全年", dt.date(year, 1, 1), dt.date(year, 12, 31))
        if word == "上半年":
            return Deadline(text, "半年", dt.date(year, 1, 1), dt.date(year, 6, 30))
        if word == "下半年":
            return Deadline(text, "半年", dt.date(year, 7, 1), dt.date(year, 12, 31))
        return _quarter(text, year, _CN_DIGITS[m.group(3)])
    raise DeadlineError(f"完成时限「{text}」无法识别；可写{DEADLINE_HELP.removeprefix('完成时限：')}")


def _date(text: str, year: int, month: int, day: int) -> Deadline:
    try:
        day_ = dt.date(year, month, day)
    except ValueError:
        raise DeadlineError(f"完成时限「{text}」不是有效的日期") from None
    return Deadline(text, "日期", day_, day_)


def _quarter(text: str, year: int, quarter: int) -> Deadline:
    first_month = 3 * (quarter - 1) + 1
    return Deadline(text, "季度", _month_span(year, first_month)[0], _month_span(year, first_month + 2)[1])


def check_deadline_text(text: str) -> str:
    """The model's validator: the text as written, when it is a deadline at all (any year will do)."""
    if not text or text != text.strip():
        raise DeadlineError(f"完成时限「{text}」无法识别；不要留空或在首尾加空格")
    parse_deadline(text, 2000)
    return text
