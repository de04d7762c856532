"""Where a 二号 title that runs over one line breaks (GB/T 9704-2012 7.3.1: 回行时要做到词意完整，
排列对称，长短适宜).

`title_lines` keeps a title that fits on one line as it is. A longer one breaks only at safe places,
ranked (a lower rank is preferred over a better balance):

0. between the 事由 and the 文种: before 的通知, 的意见, 的决定, 的函 … (关于印发《…》 / 的通知);
1. before 《 and after 》, after 关于印发 / 关于转发 …, after a year prefix (2025年) or before 与 that
   joins a second title — never inside 《…》;
2. after a year prefix or before a word such as 科普, 工作, 计划 — inside a book title only when the
   book title alone is longer than a line;
3. last resort: between any two characters that do not split a number or a Latin word, put a closing
   mark at a line's start or an opening mark at its end.

Of the breaks that give the fewest lines, the 文种 seam wins where it is enough; otherwise the one
whose lines are most nearly equal, each rank worse counting as `RANK_COST` characters of difference. Widths count a Chinese character as one, a digit or Latin
letter as half, and the fifth of a character LibreOffice sets where Chinese meets digits.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import pairwise

from .measures import TEXT_BLOCK_TWIPS, TITLE_SIZE

#: One 二号 (22 pt) character in twips: the title style is set at full width.
TITLE_CHAR_TWIPS = TITLE_SIZE * 10
_AUTOSPACE = 0.2  # LibreOffice's space between Chinese and digits/Latin letters, in characters

#: The 文种 a title ends on (GB/T 9704-2012 and the 党政机关公文处理工作条例's fifteen kinds, and
#: the usual names of what a plan's documents are).
_DOCUMENT_WORDS = (
    "通知|通报|意见|决定|决议|命令|公报|公告|通告|报告|请示|批复|议案|函|复函|纪要|"
    "方案|办法|规定|细则|规划|计划|要点|清单|总览|对照表|情况"
)
_SAFE = (
    (0, re.compile(rf"(?=的(?:{_DOCUMENT_WORDS})$)")),
    (1, re.compile(r"(?=《)|(?<=》)")),
    (1, re.compile(r"(?<=^关于(?:印发|转发|批转|发布|公布|颁布|修订|征求))")),
    (1, re.compile(r"(?<=\d{4}年)(?!$)")),
    (1, re.compile(r"(?=与\d{4}年)")),
)
_FALLBACK = (
    (2, re.compile(r"(?<=\d{4}年)")),
    (
        2,
        re.compile(
            r"(?=科普|科学|科技|青少年|全民|工作|计划|方案|实施|行动|任务|建设|推进|加强|开展|全面|提升)"
        ),
    ),
)
#: Marks that may not start a line, and marks that may not end one (避头尾).
_NO_START = set("》」』）)〕】，。、；：？！”’…·%")
_NO_END = set("《「『（(〔【“‘")
#: What a break one rank worse costs, in characters of spread between the lines.
RANK_COST = 3
_BOOK = re.compile(r"《[^《》]*》")


def char_width(char: str) -> float:
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5


def title_width(text: str) -> float:
    """The title's width in 二号 characters, as LibreOffice sets it (autospace included)."""
    width = 0.0
    previous: bool | None = None
    for char in text:
        full = char_width(char) == 1.0
        width += 1.0 if full else 0.5
        if previous is not None and previous != full:
            width += _AUTOSPACE
        previous = full
    return width


def chars_per_line(width_twips: int = TEXT_BLOCK_TWIPS) -> float:
    """How many 二号 characters a line of the text block holds (156 mm: 20.1)."""
    return width_twips / TITLE_CHAR_TWIPS


def title_lines(title: str, width_twips: int = TEXT_BLOCK_TWIPS) -> list[str]:
    """The title's lines at the title size in a text block `width_twips` wide: [title] when it fits."""
    capacity = chars_per_line(width_twips)
    if title_width(title) <= capacity or len(title) < 2:
        return [title]
    return _choose(title, capacity)


def _inside_book(title: str) -> set[int]:
    """Break positions that fall inside a 《…》 (between its marks)."""
    return {i for m in _BOOK.finditer(title) for i in range(m.start() + 1, m.end())}


def _candidates(title: str, capacity: float, generic: bool) -> dict[int, int]:
    """Break positions (a break at i ends a line after title[:i]) with their rank."""
    inside = _inside_book(title)
    long_books = {
        i
        for m in _BOOK.finditer(title)
        if title_width(m.group()) > capacity
        for i in range(m.start() + 1, m.end())
    }
    found: dict[int, int] = {}

    def add(rank: int, pattern: re.Pattern[str], allowed: set[int] | None) -> None:
        for m in pattern.finditer(title):
            i = m.start()
            if 0 < i < len(title) and (i not in inside if allowed is None else i in allowed):
                found[i] = min(rank, found.get(i, rank))

    for rank, pattern in _SAFE:
        add(rank, pattern, None)
    for rank, pattern in _FALLBACK:
        add(rank, pattern, long_books)  # inside a book title too long for a line
        add(rank, pattern, None)
    if generic:
        for i in range(1, len(title)):
            if i in inside and i not in long_books:
                continue
            before, after = title[i - 1], title[i]
            if (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()) or (
                after in _NO_START or before in _NO_END
            ):
                continue
            found.setdefault(i, 3)
    return found


def _choose(title: str, capacity: float) -> list[str]:
    for generic in (False, True):
        best = _best_partition(title, capacity, _candidates(title, capacity, generic))
        if best is not None:
            return best
    # Nothing fits even character by character (a run of digits longer than a line): leave the
    # line breaking to the word processor.
    return [title]


def _best_partition(title: str, capacity: float, candidates: dict[int, int]) -> list[str] | None:
    """The partition at `candidates` with the fewest lines that all fit; of those, one at the 文种
    seam alone if there is one, else the smallest spread between the longest and the shortest line
    plus `RANK_COST` for the worst rank used."""
    points = sorted(candidates)

    @cache
    def width(start: int, end: int) -> float:
        return title_width(title[start:end])

    # Every partition is enumerated by its line count, smallest first; titles are short and the
    # safe places few, so the search stays tiny (capped for a pathological title).
    for lines in range(2, len(points) + 2):
        best: tuple[int, float, tuple[int, ...]] | None = None
        for cut in _cuts(points, lines - 1, limit=20000):
            bounds = (0, *cut, len(title))
            widths = [width(a, b) for a, b in pairwise(bounds)]
            if max(widths) > capacity:
                continue
            worst = max(candidates[i] for i in cut)
            key = (worst > 0, max(widths) - min(widths) + RANK_COST * worst, cut)
            if best is None or key[:2] < best[:2]:
                best = key
        if best is not None:
            bounds = (0, *best[2], len(title))
            return [title[a:b] for a, b in pairwise(bounds)]
    return None


def _cuts(points: list[int], count: int, limit: int) -> list[tuple[int, ...]]:
    """Increasing `count`-tuples of `points` (at most `limit` of them)."""
    out: list[tuple[int, ...]] = []

    def walk(start: int, chosen: tuple[int, ...]) -> None:
        if len(out) >= limit:
            return
        if len(chosen) == count:
            out.append(chosen)
            return
        for k in range(start, len(points)):
            walk(k + 1, (*chosen, points[k]))

    walk(0, ())
    return out
