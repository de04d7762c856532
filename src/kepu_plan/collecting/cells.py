"""What a unit typed in one cell, as the form's data: words, whole numbers, a formula's saved result.

A cell holds whatever Excel, WPS or LibreOffice let the unit type: a number for a word, a date, a
float for a count, a number typed as text with thousands separators, a control character pasted from
elsewhere, a formula. Each is taken as the form means it or reported at its cell. Formulas are never
evaluated: a cached result is taken (with a warning), a formula without one is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import codes
from ..charsets import CONTROL
from .result import Findings

_NUMBER_TEXT = re.compile(r"^[0-9][0-9,，]*$")


def letter(index: int) -> str:
    """The column letter of a 0-based column index (0 → A)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def plain(value: Any) -> str:
    """A cell value as text: numbers without a trailing .0, dates as ISO dates."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat()).removesuffix("T00:00:00")
    return str(value)


def text(value: Any) -> str:
    """A cell value as trimmed text; an empty cell is ""."""
    return "" if value is None else plain(value).strip()


@dataclass
class Cells:
    """Reads cells of one workbook; `cached` holds the saved results of its formulas (sheet, cell →
    value), or None when no sheet has a formula."""

    findings: Findings
    cached: dict[tuple[str, str], Any] | None = None

    def value(self, sheet: str, cell: Any, column: str) -> Any:
        """A cell's value; a formula's cached result (never evaluated), or None with a report."""
        value = cell.value
        if getattr(cell, "data_type", None) == "f" or (
            isinstance(value, str) and value.startswith("=") and getattr(cell, "data_type", None) == "f"
        ):
            coordinate = f"{sheet}!{cell.coordinate}"
            cached = (self.cached or {}).get((sheet, cell.coordinate))
            if cached is None:
                self.findings.report(
                    codes.FORM_FORMULA,
                    f"「{column}」是公式（{str(value)[:40]}），没有计算结果；公式不会被计算",
                    cell=coordinate,
                    hint="请直接填写数值或文字，不要用公式",
                )
                return None
            self.findings.report(
                codes.FORM_FORMULA_VALUE,
                f"「{column}」是公式（{str(value)[:40]}），取其保存的结果「{cached}」；公式不会被计算",
                cell=coordinate,
                hint="请直接填写数值或文字",
            )
            return cached
        return value

    def unit_text(self, value: Any, cell: str, column: str) -> str:
        """The unit's words in a cell; a control character (which no file may store) is removed."""
        if value is None:
            return ""
        words = plain(value)
        bad = CONTROL.search(words)
        if bad:
            self.findings.report(
                codes.FORM_BAD_CHARACTERS,
                f"「{column}」中有控制字符 U+{ord(bad.group()):04X}，无法保存",
                cell=cell,
                hint="删除该字符",
            )
            return CONTROL.sub("", words)
        return words

    def number(self, value: Any, cell: str, column: str) -> int | None:
        """A figure of the form's data columns: a whole number not below 0 (12, 12.0, "1,200"); anything
        else is reported and left out."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float):
            number = int(value) if value.is_integer() else None
        elif isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
            number = int(re.sub(r"[,，]", "", value.strip()))
        else:
            number = None
        if number is None or number < 0:
            self.findings.report(
                codes.FORM_NOT_A_NUMBER,
                f"「{column}」应为不小于 0 的整数，而不是「{plain(value)[:30]}」",
                cell=cell,
                hint="只填数字，如 12；说明文字写在“完成情况”或“备注”中",
            )
            return None
        return number
