"""Accounting stage: no character of the input is dropped in silence.

The last stage compares the characters of the paragraphs the reader extracted with where they went.
What is compared: every character except whitespace (str.isspace: spaces, tabs, line breaks, the
full-width space), which the importer adds and removes between the parts it cuts. Nothing else is
folded: a full-width colon is matched only by a full-width colon. A character is accounted for when it
stands

- in one of the plan's texts: title, preamble, headings, paragraphs, items, task titles and texts,
  unit names, labels, fields, issuer. Each text is looked for in the input near where the text
  before it was found, an occurrence not yet claimed by another text first, so two tasks that
  share a sentence do not both account for one copy of it; a text the importer put together from
  pieces (a labelled note taken out of its middle, pinyin glosses removed) is found piece by piece
  near there;
- in a note that names it, because a stage left it out on purpose (`Context.leave_out`: page
  numbers a viewer added, a viewer's page markers, pinyin glosses of mirror sites);
- in the plan's shape, because a stage recorded it there (`Ledger.shape`: a task table's header
  row and 序号 column, the closing date held as `date:`), or because it is one of the marks the
  shape stands for: a number that opens a heading, task or item (一、 （一） 1. ① …, read with the
  one grammar of numbering.py), a unit or field label with its colon (责任单位： 完成时限：), and
  the brackets and separators around unit names and fields (（ ） ( ) 【 】 [ ] 、 ， , ； ; ： : 。 .).

Whatever is left is a loss, and a located note (KP054, 文件:行) names it word for word: the
importer may leave text out only with a note that says so. The check reads the input and the plan
once each, with the string searches of the standard library, so it costs little beside the import."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from ..numbering import number_at
from ..sources import SourceParagraph
from .context import LEFT_OUT, Context
from .fields import FIELD_START

#: Keys whose values the importer makes rather than copies (ids, layouts, numbering styles, the
#: labels of units: 牵头单位 for 由X牵头, and a label the text wrote is a mark of the shape), and the
#: date, which the ledger accounts for at the closing date line it came from.
_MADE = frozenset(
    {"id", "year", "units_layout", "task_numbering", "task_number_start", "support_separator", "date", "label",
     "support_label"}
)  # fmt: skip
#: The marks the plan's shape stands for when they are left around unit names, labels and fields.
MARKS = frozenset("（）()【】[]、，,；;：:。.")
#: A gap of the claims that holds marks and labels only: nothing to look at closer.
_SHAPE_ONLY = re.compile(f"(?:[{re.escape(''.join(sorted(MARKS)))}]|{FIELD_START.pattern})+")
_UNCLAIMED = re.compile(b"\\x00+")
#: How much longer than a put-together text the stretch of input it came from may be (what was
#: taken out of it: a labelled note, glosses).
_NEAR = 400
#: How far past the text before it a text is looked for first.
_LOCAL = 4096


def squeeze(text: str) -> str:
    """`text` without whitespace (str.isspace): what the check compares."""
    return "".join(text.split())


def plan_texts(data: Any) -> list[str]:
    """Every text of the plan data that was copied from the input, in the order of the YAML."""
    out: list[str] = []
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            stack.extend(v for k, v in reversed(value.items()) if k not in _MADE)
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return out


class Input:
    """The input's paragraphs without whitespace, end to end, and which of its characters are claimed."""

    def __init__(self, paragraphs: list[SourceParagraph]):
        self.paragraphs = paragraphs
        squeezed = [squeeze(p.text) for p in paragraphs]
        self.starts: list[int] = []
        at = 0
        for text in squeezed:
            self.starts.append(at)
            at += len(text)
        self.text = "".join(squeezed)
        self.claimed = bytearray(len(self.text))
        self._ones = memoryview(b"\x01" * len(self.text))
        self._next_free: dict[str, int] = {}  # per text: where its first unclaimed occurrence may be
        self._lines: dict[int, list[int]] = {}
        for i, paragraph in enumerate(paragraphs):
            self._lines.setdefault(paragraph.line, []).append(i)

    def paragraph_start(self, pos: int) -> int:
        """Where the paragraph holding `pos` starts."""
        return self.starts[max(0, bisect_right(self.starts, pos) - 1)] if self.starts else 0

    def claim(self, start: int, end: int) -> None:
        self.claimed[start:end] = self._ones[: end - start]

    def free(self, start: int, end: int) -> bool:
        return self.claimed.find(1, start, end) < 0

    def place(self, text: str, near: int, pieces: bool = True) -> int:
        """Claim an occurrence of `text`: the first free one from the paragraph holding `near` on (a
        few thousand characters at most), else the first free one anywhere, else any (the plan holds
        it twice); a text not found whole is claimed piece by piece (-1 unless `pieces`). Where the
        claim ends."""
        size, haystack, claimed = len(text), self.text, self.claimed
        lo = self.paragraph_start(near)
        hi = lo + size + _LOCAL
        pos = haystack.find(text, lo, hi)
        while pos >= 0:  # the usual case: the next free occurrence from here
            if claimed.find(1, pos, pos + size) < 0:
                claimed[pos : pos + size] = self._ones[:size]
                return pos + size
            pos = haystack.find(text, pos + 1, hi)
        pos = haystack.find(text, self._next_free.get(text, 0))
        while pos >= 0 and claimed.find(1, pos, pos + size) >= 0:
            pos = haystack.find(text, pos + 1)
        self._next_free[text] = len(haystack) if pos < 0 else pos + 1
        if pos < 0:  # every occurrence claimed already: the plan holds this text twice
            pos = haystack.find(text, lo)
            pos = haystack.find(text) if pos < 0 else pos
        if pos >= 0:
            self.claim(pos, pos + size)
            return pos + size
        return -1 if not pieces else self._pieces(text, lo)

    def _pieces(self, text: str, lo: int) -> int:
        """A text put together from parts of the input (a labelled note taken out of its middle, a
        gloss removed, 时间。 over its value written 时间：value): aligned block by block (difflib)
        with the characters not yet claimed of the stretch of input where its opening or its closing
        piece stands (of those stretches, the one it aligns with best); each block claimed."""
        haystack = self.text
        stretches = set()
        for start, end in ((lo, len(haystack)), (0, len(haystack))):
            size, pos = self._longest(text, 0, start, end)
            if size:
                stretches.add(pos)
        size, pos = self._longest(text[::-1], 0, 0, len(haystack), backwards=True)
        if size:
            stretches.add(max(0, pos + size - len(text) - _NEAR))
        best: tuple[int, int, list[tuple[int, int]]] = (-1, lo, [])
        for start in sorted(stretches):
            end = min(len(haystack), start + 2 * len(text) + _NEAR)
            claimed = self.claimed[start:end]  # claimed characters masked: the free copy is aligned
            free = "".join("\0" if claimed[k] else ch for k, ch in enumerate(haystack[start:end]))
            matcher = SequenceMatcher(None, text, free, autojunk=False)
            blocks = [(start + at, start + at + n) for _, at, n in matcher.get_matching_blocks() if n]
            size = sum(b - a for a, b in blocks)
            if size > best[0]:
                best = (size, start, blocks)
        for a, b in best[2]:
            self.claim(a, b)
        return best[2][-1][1] if best[2] else lo

    def _longest(self, text: str, i: int, lo: int, hi: int, backwards: bool = False) -> tuple[int, int]:
        """The longest prefix of text[i:] found in the input between lo and hi: (its size, where).
        `backwards`: `text` is reversed, and what is looked for is the longest ending of the original."""
        haystack = self.text

        def where(size: int) -> int:
            piece = text[i : i + size]
            return haystack.find(piece[::-1] if backwards else piece, lo, hi)

        if where(1) < 0:
            return 0, -1
        good, bad = 1, len(text) - i + 1
        while bad - good > 1:
            mid = (good + bad) // 2
            if where(mid) >= 0:
                good = mid
            else:
                bad = mid
        return good, where(good)

    def claim_at_line(self, line: int, text: str) -> None:
        """Claim `text` in the paragraphs of source line `line` (anywhere when the line is unknown)."""
        text = squeeze(text)
        if not text:
            return
        indexes = self._lines.get(line)
        if not indexes:
            self.place(text, 0)
            return
        lo = self.starts[indexes[0]]
        last = indexes[-1]
        hi = self.starts[last + 1] if last + 1 < len(self.starts) else len(self.text)
        pos = self.text.find(text, lo, hi)
        while pos >= 0 and not self.free(pos, pos + len(text)):  # the same gloss twice in a line
            pos = self.text.find(text, pos + 1, hi)
        if pos >= 0:
            self.claim(pos, pos + len(text))
        else:
            self._pieces(text, lo)

    def losses(self) -> Iterator[tuple[int, list[tuple[int, int]]]]:
        """(paragraph index, its unclaimed runs as (start, end) in the squeezed input) for every
        paragraph where characters are left that no mark of the plan's shape explains."""
        found: dict[int, list[tuple[int, int]]] = {}
        text = self.text
        for gap in _UNCLAIMED.finditer(self.claimed):
            pos, end = gap.span()
            if _SHAPE_ONLY.fullmatch(text, pos, end):  # the usual gap: （责任单位： 、 ）
                continue
            while pos < end:  # a run may cross paragraphs: cut it at their starts
                index = bisect_right(self.starts, pos) - 1
                stop = min(end, self.starts[index + 1] if index + 1 < len(self.starts) else end)
                runs = found.setdefault(index, [])
                for run in self._unexplained(pos, stop):
                    if runs and runs[-1][1] >= pos and self._only_marks(runs[-1][1], run[0]):
                        runs[-1] = (runs[-1][0], run[1])  # 面向居民，每月一次: one run, named whole
                    else:
                        runs.append(run)
                pos = stop
        yield from sorted((index, runs) for index, runs in found.items() if runs)

    def _only_marks(self, start: int, end: int) -> bool:
        return all(ch in MARKS for ch in self.text[start:end])

    def _unexplained(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The runs of [start, end) that are not marks of the plan's shape (numbers, labels, brackets
        and separators)."""
        text = self.text
        run_start = -1
        pos = start
        while pos < end:
            skip = 0
            if text[pos] in MARKS:
                skip = 1
            else:
                number = number_at(text, pos)
                if number is not None and number[3] <= end:
                    skip = number[3] - pos
                else:
                    label = FIELD_START.match(text, pos, end)
                    skip = label.end() - pos if label else 0
            if skip:
                if run_start >= 0:
                    yield run_start, pos
                    run_start = -1
                pos += skip
                continue
            if run_start < 0:
                run_start = pos
            pos += 1
        if run_start >= 0:
            yield run_start, end


def account(ctx: Context, data: dict[str, Any]) -> None:
    """Every character of the input found in the plan, in a note, or in the plan's shape; whatever is
    not, named in a note at its paragraph (KP054)."""
    paragraphs = list(ctx.source.paragraphs)
    found = Input(paragraphs)
    if not found.text:
        return
    # What the stages recorded first: each stands at a line of its own, where it was taken from.
    for line, text in [*ctx.ledger.left_out, *ctx.ledger.shaped]:
        found.claim_at_line(line, text)
    texts = [squeezed for squeezed in map(squeeze, plan_texts(data)) if squeezed]
    # The longest texts first: a long text stands in one place only, and a short one (a unit name, a
    # title the notice also quotes) then finds the copy the long ones left, near the text before it.
    # Texts found whole come before those put together from pieces, which then align with what is left.
    ends: list[int] = [-1] * len(texts)
    lengths = [-len(text) for text in texts]
    order = sorted(range(len(texts)), key=lengths.__getitem__)
    for i in order:
        ends[i] = found.place(texts[i], _near(ends, i, len(texts[i])), pieces=False)
    for i in order:
        if ends[i] < 0:
            ends[i] = found.place(texts[i], _near(ends, i, len(texts[i])))
    for index, runs in found.losses():
        paragraph = paragraphs[index]
        words = "".join(f"「{_original(paragraph.text, found.starts[index], run)}」" for run in runs)
        ctx.note(
            LEFT_OUT,
            paragraph,
            f"原文中的{words}没有写进计划",
            "导入遗漏了这些文字：请核对原文，补进计划中相应的位置",
        )


def _near(ends: list[int], i: int, size: int) -> int:
    """Where to look for text `i`: after the text before it, if placed; else before the one after it."""
    for j in range(i - 1, max(-1, i - 8), -1):
        if ends[j] >= 0:
            return ends[j]
    for j in range(i + 1, min(len(ends), i + 8)):
        if ends[j] >= 0:
            return max(0, ends[j] - 2 * size - _NEAR)
    return 0


def _original(text: str, offset: int, run: tuple[int, int]) -> str:
    """The words of an unclaimed run as the paragraph writes them, spaces included."""
    kept = [i for i, ch in enumerate(text) if not ch.isspace()]
    start, end = run[0] - offset, run[1] - offset
    return text[kept[start] : kept[end - 1] + 1]
