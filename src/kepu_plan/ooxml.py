"""Numbers and optional elements of Office Open XML, read one way everywhere.

A .docx written by another program may leave an element out (a section without `<w:pgMar>`) or spell a
number in a way `int()` does not take: `w:w="210mm"` is valid ECMA-376 (a universal measure), `"²"`
passes `str.isdigit()` but not `int()`, and `"abc"` is simply wrong. Every reader of such values (the
Word writers taking a `--reference-doc`, `import` reading a .docx) goes through this module: the
schema's number forms are accepted, an absent value is Word's default, anything else raises
`OoxmlValueError` with a Chinese message that the caller completes with the file's name. Elements are
duck-typed (`get`, `find`): lxml is imported by the callers that parse, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: ST_DecimalNumber (ECMA-376 Part 1, 22.9.2.3): an optionally signed integer in ASCII digits only
#: (re's `\d` would take "²" and "٣").
_DECIMAL = re.compile(r"[+-]?[0-9]+", re.ASCII)
#: ST_UniversalMeasure (22.9.2.15): a decimal number with a unit.
_MEASURE = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)(mm|cm|in|pt|pc|pi)", re.ASCII)
#: Twips (twentieths of a point) in one of each unit.
_TWIPS_PER_UNIT = {"mm": 1440 / 25.4, "cm": 14400 / 25.4, "in": 1440.0, "pt": 20.0, "pc": 240.0, "pi": 240.0}
#: Beyond any page: a value this large is a damaged file, not a measure.
_LIMIT = 31680 * 20


class OoxmlValueError(ValueError):
    """A value in an Office document that the schema does not allow (the message names the element
    and the value; the caller adds the file)."""


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:40] + "…"


def decimal(value: str | None, default: int, *, what: str, minimum: int | None = None) -> int:
    """ST_DecimalNumber: `value` as an integer, `default` when the attribute is absent or empty."""
    if value is None or not value.strip():
        return default
    text = value.strip()
    if not _DECIMAL.fullmatch(text) or len(text) > 12:
        raise OoxmlValueError(f"{what} 的值「{_shown(value)}」不是整数")
    number = int(text)
    if minimum is not None and number < minimum:
        raise OoxmlValueError(f"{what} 的值「{_shown(value)}」应不小于 {minimum}")
    return number


def twips(value: str | None, default: int, *, what: str, signed: bool = False) -> int:
    """ST_TwipsMeasure (or ST_SignedTwipsMeasure when `signed`): twips as an integer, or a universal
    measure (`210mm`, `1.5in`, `12pt` …) converted to twips; `default` when absent."""
    if value is None or not value.strip():
        return default
    text = value.strip()
    match = _MEASURE.fullmatch(text)
    if match and len(text) <= 24:
        number = round(float(match.group(1)) * _TWIPS_PER_UNIT[match.group(2)])
    elif _DECIMAL.fullmatch(text) and len(text) <= 12:
        number = int(text)
    else:
        raise OoxmlValueError(f"{what} 的值「{_shown(value)}」不是有效的长度（应为缇数，或如 210mm、1in）")
    if (number < 0 and not signed) or abs(number) > _LIMIT:
        raise OoxmlValueError(f"{what} 的值「{_shown(value)}」超出页面可能的范围")
    return number


# -- a section's page, with Word's defaults ---------------------------------------------------------------

#: What Word lays out when a section names no page size (`<w:pgSz>` or its attributes absent): US Letter.
WORD_PAGE_TWIPS = (12240, 15840)
#: Word's margins where `<w:pgMar>` (or one of its attributes) is absent: 1 inch, header and footer ½ inch.
WORD_MARGINS_TWIPS = {"top": 1440, "right": 1440, "bottom": 1440, "left": 1440, "header": 720, "footer": 720,
                      "gutter": 0}  # fmt: skip
_SIGNED_MARGINS = ("top", "bottom")  # ST_SignedTwipsMeasure: text may run into a header


@dataclass(frozen=True)
class Page:
    """A section's page in twips: size, orientation and the seven margins, every one present."""

    width: int
    height: int
    landscape: bool
    margins: dict[str, int]

    @property
    def text_width(self) -> int:
        """The text block's width: the page less the left and right margins and the gutter."""
        return self.width - self.margins["left"] - self.margins["right"] - self.margins["gutter"]


def read_page(sect_pr: Any) -> Page:
    """The page of a `<w:sectPr>` (None: a section that says nothing), Word's default for whatever it
    leaves out; `OoxmlValueError` for a value the schema does not allow or a page with no text block."""
    size = sect_pr.find(_w("pgSz")) if sect_pr is not None else None
    margins = sect_pr.find(_w("pgMar")) if sect_pr is not None else None

    def attribute(element: Any, name: str) -> str | None:
        return None if element is None else element.get(_w(name))

    width = twips(attribute(size, "w"), WORD_PAGE_TWIPS[0], what="w:pgSz 的 w:w")
    height = twips(attribute(size, "h"), WORD_PAGE_TWIPS[1], what="w:pgSz 的 w:h")
    read = {
        side: twips(
            attribute(margins, side), default, what=f"w:pgMar 的 w:{side}", signed=side in _SIGNED_MARGINS
        )
        for side, default in WORD_MARGINS_TWIPS.items()
    }
    page = Page(width, height, attribute(size, "orient") == "landscape", read)
    if page.text_width <= 0 or height - abs(read["top"]) - abs(read["bottom"]) <= 0:
        raise OoxmlValueError(f"页面 {width}×{height} 缇减去页边距后没有可排文字的地方")
    return page
