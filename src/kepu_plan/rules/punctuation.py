"""Rules about punctuation: unbalanced pairs and half-width marks pasted into Chinese text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from .. import codes
from ..diagnostics import Diagnostic
from ..patterns import lazy_pattern
from . import Context, rule

PAIRS = {"（": "）", "《": "》", "“": "”", "‘": "’", "【": "】", "〔": "〕"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
_PAIR_CHARS = re.compile("[" + "".join(PAIRS) + "".join(CLOSERS) + "]")

CJK = r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]"
#: A half-width mark after Chinese (a full stop only when no digit follows: 1.5), or a bracket before
#: Chinese. The CJK class written twice rather than six times (one alternative per mark): each copy
#: costs ~1 ms to compile (7 ms before, 2 ms now), and only when some text has a half-width mark.
HALF_WIDTH = lazy_pattern(rf"(?<={CJK})(?:[,;:?!()]|\.(?!\d))|[()](?={CJK})")
_ANY_HALF_WIDTH = re.compile(r"[,;:?!.()]")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。", "(": "（", ")": "）"}


@rule(codes.UNBALANCED_BRACKETS)
def unbalanced_brackets(ctx: Context) -> Iterator[Diagnostic]:
    """（）《》“”‘’【】 open and close in pairs within one paragraph.

    warn:  ``深入落实《中华人民共和国科学技术普及法，推进…``
    pass:  ``深入落实《中华人民共和国科学技术普及法》``
    """
    for path, text in ctx.texts():
        # the brackets alone (found in C), each with its number among them; where one stands in the
        # text is looked up only for the one reported
        stack: list[tuple[str, int]] = []
        for n, ch in enumerate(_PAIR_CHARS.findall(text)):
            if ch in PAIRS:
                stack.append((ch, n))
            elif stack and stack[-1][0] == CLOSERS[ch]:
                stack.pop()
            else:
                yield ctx.report(
                    codes.UNBALANCED_BRACKETS,
                    f"「{ch}」没有对应的「{CLOSERS[ch]}」",
                    path,
                    offset=_nth_bracket(text, n),
                )
                break
        else:
            for ch, n in stack[:1]:
                yield ctx.report(
                    codes.UNBALANCED_BRACKETS,
                    f"「{ch}」没有对应的「{PAIRS[ch]}」",
                    path,
                    offset=_nth_bracket(text, n),
                )


def _nth_bracket(text: str, n: int) -> int:
    """Where the n-th (0-based) of the text's brackets stands."""
    return next(islice(_PAIR_CHARS.finditer(text), n, None)).start()


@rule(codes.HALF_WIDTH_PUNCTUATION)
def half_width_punctuation(ctx: Context) -> Iterator[Diagnostic]:
    """Punctuation next to Chinese characters is full-width (，。；：？！（）).

    warn:  ``加强统筹协调,形成合力``   ``村(居)银龄科普学堂``
    pass:  ``加强统筹协调，形成合力``   ``1.5万人次``   ``2025创交会``
    """
    for path, text in ctx.texts():
        if not _ANY_HALF_WIDTH.search(text):
            continue
        for match in HALF_WIDTH().finditer(text):
            mark = match.group()
            yield ctx.report(
                codes.HALF_WIDTH_PUNCTUATION,
                f"中文之间使用了半角标点「{mark}」",
                path,
                offset=match.start(),
                hint=f"改为全角「{FULL_WIDTH[mark]}」",
            )
