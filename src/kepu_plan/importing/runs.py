"""Numbering stage: a paragraph of flattened web text holding several numbered parts is cut at
its numbers, one paragraph each. The numbers are read with the one grammar of numbering.py, and
only numbers that continue the sequence read so far cut (一、 after 一、 is 二、)."""

from __future__ import annotations

from ..numbering import SENTENCE_END_ANY_WIDTH, Number, inline_number, number_at, parse_number
from ..sources import SourceParagraph
from .context import SPLIT, Context
from .fields import bracket_depths
from .title import name_ends

#: How far an excerpt may skip ahead in a list (1. then 7.): further, a number is more likely a figure.
MAX_SKIP = 20


class RunSplitter:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._last: dict[str, int] = {}  # the last number seen at each level, for splitting runs

    def split(self, paragraph: SourceParagraph) -> list[SourceParagraph]:
        """A paragraph of flattened web text holding several numbered parts → one paragraph each.
        Only numbers that continue the sequence read so far split it (一、 after 一、 is 二、)."""
        text = paragraph.text
        own = parse_number(text)
        if own is not None:
            self.see(own)
        if inline_number().search(text, 1) is None:
            return [paragraph]
        cuts: list[int] = []
        depths = bracket_depths(text)
        last_end = -1  # where the last sentence end before the current position stands
        ends_at = [-1] * (len(text) + 1)
        for i, ch in enumerate(text):
            ends_at[i] = last_end
            if ch in SENTENCE_END_ANY_WIDTH:
                last_end = i
        open_depth = own.depth if own is not None and own.depth <= 1 else None  # 二、重点工作（一）推进…
        for match in inline_number().finditer(text, 1):
            start = match.start()
            if (cuts and start <= cuts[-1]) or depths[start]:
                continue
            found = number_at(text, start)
            if found is None:
                continue
            number = Number(found[0], found[1], found[2], "", found[4])
            j = start - 1
            while j > 0 and text[j].isspace():  # 。 二、 or 先锋 二、时间 in text flattened with spaces
                j -= 1
            spaced = j < start - 1
            ends = text[j] in "。；;！？!?）)】]" or (number.depth <= 1 and text[j] in "：:") or spaced
            ends = ends or (
                not cuts and (number.level, number.value) == ("一", 1) and name_ends(text[:start])
            )
            runs_on = (  # the first number under a heading, no sentence between: 二、重点工作（一）推进…
                open_depth is not None
                and open_depth < number.depth
                and (number.depth <= 2 or number.value == 1)  # （1） ① deeper down open their list
                and ends_at[start] < (cuts[-1] if cuts else 0)
            )
            skips = text[j] in "。；;）)】]" and self.skips_ahead(number)
            if not (ends or runs_on) or not (self.continues(number) or skips):
                continue
            heading_at = self.list_heading(text, cuts, start) if number.value == 1 else None
            if heading_at is not None:  # …大赛。 农民科学素质行动 1.实施…: the new list's heading
                cuts.append(heading_at)
            cuts.append(start)
            self.see(number)
            open_depth = number.depth if number.depth <= 1 else None
        if not cuts:
            return [paragraph]
        pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        self.ctx.note(SPLIT, paragraph, f"一段中连写了 {len(pieces)} 个带编号的部分，已按编号拆开")
        return [
            SourceParagraph(
                piece, paragraph.line, paragraph.where, paragraph.table, paragraph.row, paragraph.col
            )
            for piece in pieces
            if piece
        ]

    @staticmethod
    def list_heading(text: str, cuts: list[int], start: int) -> int | None:
        """Where a short heading stands between the last sentence and a list starting again at 1
        (…大赛。（责任单位：县科协） 农民科学素质行动 1.实施…): it is cut off from what is before it."""
        after = max(text.rfind(c, max(0, start - 32), start) for c in "。！？!?；;）)】]") + 1
        floor = cuts[-1] if cuts else 0
        number = number_at(text, floor)  # the bracket closing （一） is no sentence's end
        if after <= (number[3] if number else floor):
            return None
        between = text[after:start].strip()
        if not 2 <= len(between) <= 30 or any(c in between for c in "，,；;：:、。！？!?（）()"):
            return None
        return after + (len(text[after:start]) - len(text[after:start].lstrip()))

    def continues(self, number: Number) -> bool:
        """Numbering goes on (二、 after 一、) or starts again at 1; task numbers may run across groups."""
        return number.value in (1, self._last.get(number.level, 0) + 1)

    def skips_ahead(self, number: Number) -> bool:
        """A later number of a sequence already begun (1. … 7. … 9.): an excerpt that keeps some
        items of a list. Taken only after a sentence end or a closing bracket, where an item can end."""
        last = self._last.get(number.level)
        return last is not None and last < number.value <= last + MAX_SKIP

    def see(self, number: Number) -> None:
        self._last[number.level] = number.value

    # -- task tables -------------------------------------------------------------------------------
