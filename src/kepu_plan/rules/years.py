"""Rules about dates: last year's dates surviving into this year's text."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic
from ..years import YEAR, in_period
from . import Context, rule


@rule(codes.STALE_YEAR)
def stale_year(ctx: Context) -> Iterator[Diagnostic]:
    """A year earlier than the plan's own, standing alone in the text, looks carried over.

    warn:  2025 年计划中写 ``组织开展2024年广州科技活动周``
    pass:  ``2025年广州科技活动周``；``2021—2025年``；``2035年远景目标``（将来的目标年份）
    """
    plan_year = ctx.plan.year
    for path, text in ctx.texts():
        if "19" not in text and "20" not in text:
            continue  # no year can stand here; YEAR alone takes 3x as long to find nothing in long text
        for match in YEAR.finditer(text):
            year = int(match.group(1))
            if year >= plan_year:
                continue
            if in_period(text, match.start(), match.end()):
                continue
            snippet = text[max(0, match.start() - 6) : match.end() + 8]
            yield ctx.report(
                codes.STALE_YEAR,
                f"出现往年年份 {year}（计划年份是 {plan_year}）：…{snippet}…",
                path,
                offset=match.start(),
                hint=f"是否应为 {plan_year}？若确指往年，可忽略此警告",
            )
