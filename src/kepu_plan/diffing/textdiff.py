"""Character-level text differences and the similarity of two texts: no plan, no task, just text.

Chinese has no spaces, so a word-level diff would treat a whole sentence as one word: differences are
by character, and similarity is the Dice coefficient of character bigrams.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from operator import add
from typing import Literal

Op = Literal["equal", "delete", "insert"]

#: Below this share of common characters two texts are shown as one deletion and one insertion:
#: a character diff of two unrelated sentences is confetti nobody can read.
MIN_TEXT_RATIO = 0.35


@dataclass(frozen=True, slots=True)
class Segment:
    op: Op
    text: str


def text_diff(old: str, new: str, *, min_ratio: float = MIN_TEXT_RATIO) -> list[Segment]:
    """Character-level differences between two texts: equal, deleted and inserted stretches.

    Joining the equal and deleted stretches gives `old`; the equal and inserted ones give `new`.
    Within a change the deletion comes first. Equal stretches of one or two characters between two
    changes are folded into them (年 between two edits reads better as part of one replacement).
    """
    if old == new:
        return [Segment("equal", old)] if old else []
    if not old or not new:
        return [Segment("delete", old)] if old else [Segment("insert", new)]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.ratio() < min_ratio:
        return [Segment("delete", old), Segment("insert", new)]
    # runs: ("=", text) or ("~", deleted, inserted)
    runs: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("=", old[i1:i2], ""))
        elif runs and runs[-1][0] == "~":
            _, d, i = runs[-1]
            runs[-1] = ("~", d + old[i1:i2], i + new[j1:j2])
        else:
            runs.append(("~", old[i1:i2], new[j1:j2]))
    runs = _fold_short_equalities(runs)
    out: list[Segment] = []
    for kind, a, b in runs:
        if kind == "=":
            out.append(Segment("equal", a))
        else:
            if a:
                out.append(Segment("delete", a))
            if b:
                out.append(Segment("insert", b))
    return out


def _fold_short_equalities(runs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(runs):
        run = runs[i]
        if (
            run[0] == "="
            and len(run[1]) <= 2
            and out
            and out[-1][0] == "~"
            and i + 1 < len(runs)
            and runs[i + 1][0] == "~"
        ):
            _, d1, i1 = out[-1]
            _, d2, i2 = runs[i + 1]
            out[-1] = ("~", d1 + run[1] + d2, i1 + run[1] + i2)
            i += 2
            continue
        out.append(run)
        i += 1
    return out


def bigrams(text: str) -> frozenset[str]:
    """The set of adjacent character pairs: Chinese text's natural unit of similarity."""
    return frozenset(map(add, text, text[1:])) if len(text) > 1 else frozenset([text])


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))
