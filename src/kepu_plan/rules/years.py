"""Rules about dates: last year's dates surviving into this year's text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import Diagnostic, Severity
from . import RULES, Context, rule

YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)\d{2})(?![0-9０-９])")
#: A year joined to another by a dash or 至/到 is a period (2021—2025年), not a stale date.
RANGE_BEFORE = re.compile(r"(?:19|20)\d{2}年?\s*[-－—–~～至到]\s*$")
RANGE_AFTER = re.compile(r"^年?\s*[-－—–~～至到]\s*(?:19|20)\d{2}")


@rule("KP020", "stale-year", Severity.WARNING, "正文中出现往年年份，疑似沿用旧计划的文字")
def stale_year(ctx: Context) -> Iterator[Diagnostic]:
    """A year earlier than the plan's own, standing alone in the text, looks carried over.

    warn:  2025 年计划中写 ``组织开展2024年广州科技活动周``
    pass:  ``2025年广州科技活动周``；``2021—2025年``；``2035年远景目标``（将来的目标年份）
    """
    plan_year = ctx.plan.year
    for path, text in ctx.texts():
        for match in YEAR.finditer(text):
            year = int(match.group(1))
            if year >= plan_year:
                continue
            if RANGE_BEFORE.search(text[: match.start()]) or RANGE_AFTER.match(text[match.end() :]):
                continue
            snippet = text[max(0, match.start() - 6) : match.end() + 8]
            yield ctx.report(
                RULES["KP020"],
                f"出现往年年份 {year}（计划年份是 {plan_year}）：…{snippet}…",
                path,
                offset=match.start(),
                hint=f"是否应为 {plan_year}？若确指往年，可忽略此警告",
            )
