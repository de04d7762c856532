"""Charts drawn at build time: horizontal stacked bars as geometry the board template turns into SVG.

One mechanism for every chart of the board (status by part, who has reported, what is overdue): rows
of counts per category, laid out here in SVG user units. Each category has a colour *and* a pattern
(hatching, dots, cross-hatching …) so the bars read in grey print and for colour-blind readers; each
segment wide enough carries its count, and the page puts a table beside every chart as its text
alternative. Nothing here knows HTML: the template writes the elements, escaping every label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..progress import DONE, LATE, NOT_APPLICABLE, NOT_FILLED, NOT_REPORTED, NOT_STARTED, ON_TRACK

#: Categories in the order bars stack them → the fill pattern the page defines once (site-board.html).
PATTERNS: dict[str, str] = {
    DONE: "kp_p_done",
    ON_TRACK: "kp_p_on_track",
    LATE: "kp_p_late",
    NOT_STARTED: "kp_p_not_started",
    NOT_APPLICABLE: "kp_p_not_applicable",
    NOT_FILLED: "kp_p_not_filled",
    NOT_REPORTED: "kp_p_not_reported",
    "已报送": "kp_p_done",
    "逾期": "kp_p_late",
    "未逾期": "kp_p_not_applicable",
}

WIDTH = 520  # the viewBox width; the page scales the chart to its column (text stays legible on a phone)
LABEL_WIDTH = 80  # the row labels' column
BAR_HEIGHT = 22
ROW_GAP = 10
LEGEND_ROW = 24
MIN_LABELLED = 22  # a segment narrower than this shows no count (the table has it)


@dataclass(frozen=True, slots=True)
class Segment:
    category: str
    count: int
    x: float
    width: float
    pattern: str
    labelled: bool

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    title: str  # the row's full name (a part's heading), shown as the SVG tooltip and in the table
    y: float
    total: int
    segments: tuple[Segment, ...]
    end: float  # where the total is written, after the bar


@dataclass(frozen=True, slots=True)
class LegendItem:
    category: str
    pattern: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Chart:
    """A stacked bar chart: bars, a legend under them, and the table rows of its text alternative."""

    id: str
    caption: str
    categories: tuple[str, ...]
    bars: tuple[Bar, ...]
    legend: tuple[LegendItem, ...]
    width: int
    height: float
    bar_height: int = BAR_HEIGHT
    label_width: int = LABEL_WIDTH


def stacked_bars(
    chart_id: str,
    caption: str,
    categories: Sequence[str],
    rows: Sequence[tuple[str, str, dict[str, int]]],
) -> Chart:
    """`rows`: (short label, full title, count per category). Bars share one scale (the largest
    total fills the width), so bars of different rows compare; empty categories draw nothing."""
    area = WIDTH - LABEL_WIDTH - 48  # room for the total after the longest bar
    largest = max((sum(counts.values()) for _, _, counts in rows), default=0) or 1
    bars = []
    for n, (label, title, counts) in enumerate(rows):
        y = n * (BAR_HEIGHT + ROW_GAP)
        x = float(LABEL_WIDTH)
        segments = []
        for category in categories:
            count = counts.get(category, 0)
            if not count:
                continue
            width = area * count / largest
            segments.append(
                Segment(
                    category, count, x, width, PATTERNS.get(category, "kp_p_other"), width >= MIN_LABELLED
                )
            )
            x += width
        bars.append(Bar(label, title, y, sum(counts.values()), tuple(segments), x + 6))
    top = len(rows) * (BAR_HEIGHT + ROW_GAP) + 6
    legend = []
    per_row = 3
    for n, category in enumerate(categories):
        row, col = divmod(n, per_row)
        legend.append(
            LegendItem(
                category,
                PATTERNS.get(category, "kp_p_other"),
                LABEL_WIDTH + col * 140,
                top + row * LEGEND_ROW,
            )
        )
    height = top + ((len(categories) + per_row - 1) // per_row) * LEGEND_ROW
    return Chart(chart_id, caption, tuple(categories), tuple(bars), tuple(legend), WIDTH, height)
