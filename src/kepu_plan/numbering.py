"""Chinese heading numbers (一、 （一） 1. （1）): written from position by writers, read back by the importer.

One grammar for both directions, so the forms the importer accepts and the forms writers print are
decided in one place."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .patterns import lazy_pattern

_DIGITS = "零一二三四五六七八九"

#: What ends a sentence in a plan (a lead sentence, a title). The importer also takes the half-width
#: marks of pasted text as sentence ends; KP022 asks for the full-width ones.
SENTENCE_END = "。！？"
SENTENCE_END_ANY_WIDTH = SENTENCE_END + "!?"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (plans never have a hundred sections)."""
    if not 0 < n < 100:
        raise ValueError(f"cannot number item {n} in Chinese")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])


def level1(n: int) -> str:
    return f"{chinese_number(n)}、"


def level2(n: int) -> str:
    return f"（{chinese_number(n)}）"


# -- reading numbers back: one grammar for every level, used by the importer -----------------------

CN_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class MarkerKind:
    """One kind of single-character number: Unicode encodes ⒈ ⑴ ① ㈠ as characters of their own,
    consecutive from the first. `level` is the place it takes among LEVELS, `style` how a group's
    task_numbering prints it (the importer reads ⒈ as 1., ㈠ as （一））."""

    first: int  # the code point of the number 1
    count: int
    level: str
    style: str

    @property
    def characters(self) -> str:
        return "".join(chr(self.first + i) for i in range(self.count))


#: Every single-character number plans use, in one table: the importer's grammar, the inline
#: numbers of flattened text and numeral_value all read them from here.
MARKER_KINDS = (
    MarkerKind(0x2460, 20, "①", "①"),  # ① … ⑳ circled digits
    MarkerKind(0x2474, 20, "（1）", "（1）"),  # ⑴ … ⒇ parenthesised digits
    MarkerKind(0x2488, 20, "1.", "1."),  # ⒈ … ⒛ digits with a full stop
    MarkerKind(0x3220, 10, "（一）", "（一）"),  # ㈠ … ㈩ parenthesised ideographs
)
CIRCLED = MARKER_KINDS[0].characters  # ① … ⑳, the form writers print
#: Each single-character number → (level, value, style).
MARKERS: dict[str, tuple[str, int, str]] = {
    ch: (kind.level, i + 1, kind.style) for kind in MARKER_KINDS for i, ch in enumerate(kind.characters)
}
_MARKER_CHARS = "".join(MARKERS)

#: Paragraph-opening numbers, from the top level down. Each pattern captures the number and leaves
#: the rest of the line; the forms people actually type are accepted, malformed ones marked as such.
#: Every pattern starts with its number or its bracket, so the characters a number can open with say
#: which patterns can match at all: the others are not tried (nor compiled — KP023 reads every text
#: of a plan, and most open with no number).
#: A digit after the number's mark is no decimal (1.5倍) when it starts a year: 4、2007年… and
#: 1.2007年… are item 4 and item 1. After 、 any digit starts the item, unless it opens a list of
#: numbers (1、2、3号).
_BRACKETS = "（("


def _single(characters: str) -> Callable[[], re.Pattern[str]]:
    return lazy_pattern(rf"([{characters}])()\s*[、.．]?\s*")


_DIGITS_ANY_WIDTH = "0123456789０１２３４５６７８９"
_YEAR_AHEAD = r"(?=[12１２][0-9０-９]{3}\s*年)"
_GRAMMAR: tuple[tuple[str, str, str, Callable[[], re.Pattern[str]], bool], ...] = (
    # (level, task_numbering style, first characters, pattern, malformed)
    ("一", "一、", CN_NUMERALS, lazy_pattern(rf"([{CN_NUMERALS}]{{1,3}})\s*[、，,.．]\s*"), False),
    (
        "（一）",
        "（一）",
        _BRACKETS,
        lazy_pattern(rf"[（(]\s*([{CN_NUMERALS}]{{1,3}})\s*[）)]\s*[、，,.．]?\s*"),
        False,
    ),
    (
        "（一）",
        "（一）",
        CN_NUMERALS,
        lazy_pattern(rf"([{CN_NUMERALS}]{{1,3}})\s*[）)]\s*"),
        True,
    ),  # 一) written for （一）
    (
        "1.",
        "1.",
        _DIGITS_ANY_WIDTH,
        lazy_pattern(
            rf"([0-9０-９]{{1,2}})\s*(?:([、])(?!\s*[0-9０-９]{{1,2}}\s*、)|([.．])\s*(?:(?![0-9０-９])|{_YEAR_AHEAD}))\s*"
        ),
        False,
    ),
    ("（1）", "（1）", _BRACKETS, lazy_pattern(r"[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*"), False),
    (
        "（1）",
        "（1）",
        _DIGITS_ANY_WIDTH,
        lazy_pattern(r"([0-9０-９]{1,2})\s*[）)]\s*"),
        True,
    ),  # 1) written for （1）
    # ① ⑴ ⒈ ㈠: one row per kind of single-character number (the empty group stands for the mark
    # the 1. row captures: a kind's style never changes with what follows it)
    *((kind.level, kind.style, kind.characters, _single(kind.characters), False) for kind in MARKER_KINDS),
)


#: The characters any number of the grammar can start with.
_NUMBER_FIRST = frozenset("".join(starts for _, _, starts, _, _ in _GRAMMAR))


LEVELS = ("一", "（一）", "1.", "（1）", "①")


@dataclass(frozen=True)
class Number:
    """The number that opens a paragraph: its level, value and style, and the text after it."""

    level: str  # one of LEVELS
    value: int
    style: str  # as a group's task_numbering would print it: 1. 1、 （1） ① （一）
    rest: str
    malformed: bool = False

    @property
    def depth(self) -> int:
        return LEVELS.index(self.level)


def numeral_value(numeral: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, ３ → 3, ② → 2, ⒋ → 4, ㈥ → 6."""
    if numeral in MARKERS:
        return MARKERS[numeral][1]
    if numeral.isdigit():
        return int(numeral.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits.get(numeral, 0)


def parse_number(text: str) -> Number | None:
    """The number opening `text` (一、 （一） 一) 1. 1、 （1） 1) ①), or None."""
    found = number_at(text, 0)
    if found is None:
        return None
    level, value, style, end, malformed = found
    return Number(level, value, style, text[end:], malformed)


def number_at(text: str, pos: int) -> tuple[str, int, str, int, bool] | None:
    """(level, value, style, end, malformed) of a number starting at `pos`, without copying the text."""
    if pos >= len(text) or text[pos] not in _NUMBER_FIRST:
        return None  # most paragraphs: no pattern to try
    first = text[pos]
    for level, style, starts, pattern, malformed in _GRAMMAR:
        if first not in starts:
            continue
        match = pattern().match(text, pos)
        if match:
            if level == "1." and match.group(2) == "、":
                style = "1、"
            return level, numeral_value(match.group(1)), style, match.end(), malformed
    return None


#: The same numbers where they stand inside a run of flattened text (a web page copied as one
#: paragraph): 。二、重点工作（一）推进…。1.新认定…). Only sequence-consistent ones split the text.
#: The lookahead in front names every character a number can start with: without it the regex
#: engine tries five alternatives and their lookbehinds at each character of every paragraph
#: (19 µs a paragraph of the 2025 plan; 3 µs with it, the matches unchanged).
inline_number = lazy_pattern(
    rf"(?=[{CN_NUMERALS}（(0-9０-９{_MARKER_CHARS}])"
    rf"(?:(?<![第其\d０-９])[{CN_NUMERALS}]{{1,3}}、|[（(][{CN_NUMERALS}]{{1,3}}[）)]|"
    rf"(?<![\d０-９.．第])[0-9０-９]{{1,2}}(?:、(?![0-9０-９]{{1,2}}、)|[.．](?:(?![0-9０-９])|{_YEAR_AHEAD}))|"
    rf"[（(][0-9０-９]{{1,2}}[）)]|[{_MARKER_CHARS}])"
)


def task_number_text(style: str, n: int) -> str:
    """The n-th number in a task numbering style: 1. → 3.  （1） → （3）  ① → ③  （一） → （三）."""
    if style == "（1）":
        return f"（{n}）"
    if style == "（一）":
        return level2(n)
    if style == "①":
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else f"（{n}）"
    return f"{n}{style[1:]}" if style else ""
