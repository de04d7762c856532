"""The plan's own year inside its text: where it stands, and replacing it when the plan moves on.

"2025年广州科技活动周" in the 2025 plan names the plan's own year: next year's plan says 2026. A
period such as "2021—2025年" does not: it names a fixed span and stays as written. `kepu-plan new`
replaces the own year, and `kepu-plan diff --ignore-year` hides exactly those replacements, so both
use the one definition here, and rule KP020 (a stale year) shares its idea of a period.
"""

from __future__ import annotations

import re

#: The years a plan may have (the `year` field; `kepu-plan new YEAR`).
MIN_YEAR, MAX_YEAR = 1949, 2999

#: A year of this century or the last, standing alone (not inside a longer number).
YEAR = re.compile(r"(?<![0-9０-９])((?:19|20)\d{2})(?![0-9０-９])")
#: A year joined to another by a dash or 至/到 is a period (2021—2025年), not a date of its own.
RANGE_BEFORE = re.compile(r"(?:19|20)\d{2}年?\s*[-－—–~～至到]\s*$")
RANGE_AFTER = re.compile(r"^年?\s*[-－—–~～至到]\s*(?:19|20)\d{2}")


def in_period(text: str, start: int, end: int) -> bool:
    """Whether the year at text[start:end] is one end of a period such as 2021—2025年."""
    return bool(RANGE_BEFORE.search(text[:start]) or RANGE_AFTER.match(text[end:]))


#: A four-digit year not inside a longer number (full-width digits count as digits).
_YEAR = r"(?<![0-9０-９])({year})(?![0-9０-９])"

#: What stands for the plan's own year when two plans are compared; never written to a file.
YEAR_PLACEHOLDER = "〈本年〉"


def own_year_spans(text: str, year: int) -> list[tuple[int, int]]:
    """Where `text` names the plan's own `year` (not as one end of a period like 2021—2025年)."""
    if str(year) not in text:
        return []
    spans = []
    for match in re.finditer(_YEAR.format(year=year), text):
        if in_period(text, match.start(), match.end()):
            continue
        spans.append(match.span())
    return spans


def replace_own_year(text: str, year: int, replacement: str) -> tuple[str, int]:
    """`text` with each mention of the plan's own year replaced, and how many were replaced."""
    spans = own_year_spans(text, year)
    if not spans:
        return text, 0
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out), len(spans)


def without_own_year(text: str, year: int) -> str:
    """`text` with the plan's own year replaced by a placeholder: what stays when the year moves on."""
    return replace_own_year(text, year, YEAR_PLACEHOLDER)[0]
