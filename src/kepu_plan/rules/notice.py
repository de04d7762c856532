"""The notice a plan is published under (`notice:`): a 公文 goes out with its 落款."""

from __future__ import annotations

from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic
from . import Context, rule


@rule(codes.NOTICE_INCOMPLETE)
def notice_incomplete(ctx: Context) -> Iterator[Diagnostic]:
    """A notice is signed: its 署名 and 成文日期 come from ``notice.issuer`` / ``notice.date``, or
    else from the plan's ``issuer`` / ``date``; without either the 落款 would be missing a line.

    warn:  ``notice: {recipients: 各区人民政府, body: [现将…印发给你们。]}``（计划也没有 issuer、date）
    pass:  ``notice: {…, issuer: 广州市科学技术局, date: 2025-03-05}``
    """
    notice = ctx.plan.notice
    if notice is None:
        return
    missing = [
        (key, word)
        for key, word, value in (
            ("issuer", "署名（发文机关）", notice.issuer or ctx.plan.issuer),
            ("date", "成文日期", notice.date or ctx.plan.date),
        )
        if not value
    ]
    if missing:
        words = "和".join(word for _, word in missing)
        keys = "、".join(f"notice.{key}" for key, _ in missing)
        yield ctx.report(
            codes.NOTICE_INCOMPLETE,
            f"印发通知没有{words}，落款不全",
            ("notice",),
            hint=f"写明 {keys}（或计划的 {'、'.join(key for key, _ in missing)}）",
        )
