"""A sheet of the form read as a table: bounded rows, and the header found by its column names.

Every sheet is read up to a bound derived from the rows the form should have, so a sheet of a
million rows costs no more than a real one; one that says it is larger is refused before it is read.
The header is found by its names in the first rows (the title, the note and the sign-off lines above
it are never read), so the reader depends on the columns of form_layout, not on row numbers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from .. import codes
from ..limits import MAX_COLUMNS
from .result import Findings

#: How many rows from the top may hold the header (the form's header row, plus room for a unit's edits).
_HEADER_SEARCH = 12
_KEEP_COLUMNS = "请在收到的填报表中填写，不要删除或改名列"


def rows(ws: Any, limit: int) -> Iterator[Sequence[Any]]:
    """A sheet's first `limit` rows, each at most MAX_COLUMNS cells wide."""
    yield from ws.iter_rows(min_row=1, max_row=limit, max_col=MAX_COLUMNS)


def table(
    ws: Any,
    findings: Findings,
    limit: int,
    fetch: int,
    required: Sequence[str],
    too_large: str,
    hint: str | None = None,
) -> tuple[list[Sequence[Any]], int, dict[str, int]]:
    """A sheet's rows (at most `fetch`) and its header: refused before reading when the sheet says it
    has more than `limit` rows (a million-row sheet is never loaded); `too_large` says why. Gives the
    rows, the header's index among them and each column's index by name."""
    max_row = getattr(ws, "max_row", None)
    if isinstance(max_row, int) and max_row > limit:
        raise findings.reject(
            codes.FORM_TOO_LARGE,
            f"工作表有 {max_row:,} 行，{too_large}",
            cell=f"{ws.title}!A{limit + 1}",
            hint=hint,
        )
    fetched = list(rows(ws, fetch))
    header_index, columns = _header(ws.title, findings, required, fetched)
    return fetched, header_index, columns


def _header(
    sheet: str, findings: Findings, required: Sequence[str], fetched: list[Sequence[Any]]
) -> tuple[int, dict[str, int]]:
    """The header row: the first row holding the first two required names; every required name must
    be in it."""
    for index, row in enumerate(fetched[:_HEADER_SEARCH]):
        names = {str(c.value).strip(): i for i, c in enumerate(row) if getattr(c, "value", None) is not None}
        if all(r in names for r in required[:2]):
            missing = [r for r in required if r not in names]
            if missing:
                raise findings.reject(
                    codes.FORM_STRUCTURE,
                    f"表头缺少列：{'、'.join(missing)}（列被删除或改名）",
                    cell=f"{sheet}!A{index + 1}",
                    hint=_KEEP_COLUMNS,
                )
            return index, names
    raise findings.reject(
        codes.FORM_STRUCTURE,
        f"找不到表头（{'、'.join(required[:2])} 等列）：工作表的结构被改动",
        cell=f"{sheet}!A1",
        hint=_KEEP_COLUMNS,
    )
