"""SOURCE_DATE_EPOCH (reproducible-builds.org): the one reading of it, with its one range check.

Every document we write is a zip (.docx, .xlsx), and a zip entry holds a time from 1980-01-01 to
2107-12-31 only: a value outside that range would crash the zip writer (year 2108) or date a
document in year 1 (a negative epoch). So the value must be an integer number of seconds inside the
zip range; anything else is one usage error (exit 2, through exitcodes.UsageProblem) for every
writer and command alike.
"""

from __future__ import annotations

import datetime as dt
import os

from .exitcodes import UsageProblem

VARIABLE = "SOURCE_DATE_EPOCH"
#: The first and the last second a zip entry can hold (its DOS date: years 1980–2107).
FIRST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
LAST = dt.datetime(2107, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


class EpochError(UsageProblem):
    """SOURCE_DATE_EPOCH is set to something that is not a second of the zip range."""


def source_date_epoch() -> dt.datetime | None:
    """The time SOURCE_DATE_EPOCH asks documents to carry; None when it is unset or empty;
    EpochError naming the value when it is not an integer between 1980-01-01 and 2107-12-31 (UTC)."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None
    first, last = int(FIRST.timestamp()), int(LAST.timestamp())
    seconds = int(value) if value.isascii() and value.lstrip("-").isdigit() and len(value) < 20 else None
    if seconds is None or not first <= seconds <= last:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise EpochError(
            f"环境变量 {VARIABLE} 应为 {first} 至 {last} 之间的整数秒数"
            f"（1980-01-01 至 2107-12-31，ZIP 文件能记录的时间），而不是「{shown}」"
        )
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def plan_dated(year: int, signed: dt.date | None) -> dt.datetime:
    """The time a workbook made from a plan carries (the forms, the 台账): SOURCE_DATE_EPOCH when set,
    otherwise the plan's own 成文日期, or 1 January of its year — never the clock, so that the same
    plan and the same data always give the same bytes (a unit that received two copies of its form
    holds one form; the 台账 written twice from one round is one file)."""
    fixed = source_date_epoch()
    if fixed is not None:
        return fixed
    day = signed or dt.date(year, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
