"""Writers for one unit's task list and for the responsibility overview: md, text and json (Word: unit_list_docx).

They dress what :mod:`kepu_plan.assignments` computed and never decide who does what. Heavy modules are
imported inside the function that needs them: json needs neither jinja2 nor python-docx, and md/txt
need no python-docx. Markdown and text go through the package's sandboxed Jinja environment
(writers/text.py), so authors' text such as ``{{ 7*7 }}`` or ``<b>`` is printed as written.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..assignments import Overview, Part, Role, UnitTasks
from ..model import Task
from .unit_wording import overview_title, possible_text, responsible_units, role_text, summary

# -- json ---------------------------------------------------------------------------------------------


def _part_json(part: Part) -> dict[str, Any]:
    return {"number": part.number, "heading": part.heading}


def unit_list_data(unit_tasks: UnitTasks) -> dict[str, Any]:
    """The unit list as plain data; `via` is null when the unit is named directly."""
    unit = unit_tasks.unit
    return {
        "plan": {"year": unit_tasks.plan_year, "title": unit_tasks.plan_title},
        "unit": {"name": unit.name, "full_name": unit.full_name, "level": unit.level},
        "tasks": [
            {
                "id": a.task.id,
                "title": a.task.title,
                "role": str(a.role),
                "via": a.via,
                "reference": a.reference,
                "part": a.planned.part.number,
            }
            for a in unit_tasks.definite
        ],
        "possibly_related": [
            {
                "id": p.task.id,
                "title": p.task.title,
                "via": list(p.references),
                "part": p.planned.part.number,
            }
            for p in unit_tasks.possibly_related
        ],
    }


def overview_data(overview: Overview) -> dict[str, Any]:
    parts = overview.parts
    return {
        "plan": {"year": overview.plan_year, "title": overview.plan_title},
        "parts": [_part_json(p) for p in parts],
        "units": [
            {
                "name": u.unit.name,
                "full_name": u.unit.full_name,
                "level": u.unit.level,
                "definite": len(u.definite),
                "leads": u.leads,
                "possibly_related": len(u.possibly_related),
                "by_part": {p.number: n for p, n in u.by_part().items()},
            }
            for u in overview.units
        ],
        "without_tasks": [u.unit.name for u in overview.without_tasks],
        "vague_only": [
            {"id": p.task.id, "title": p.task.title, "units": p.task.unit_names, "part": p.part.number}
            for p in overview.vague_only
        ],
        "unassigned": [{"id": p.task.id, "title": p.task.title} for p in overview.unassigned],
        "unresolved": [{"id": task_id, "reference": ref} for task_id, ref in overview.unresolved],
    }


def _json_bytes(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def unit_list_json(unit_tasks: UnitTasks) -> bytes:
    return _json_bytes(unit_list_data(unit_tasks))


def overview_json(overview: Overview) -> bytes:
    return _json_bytes(overview_data(overview))


# -- md and txt (Jinja) -------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _table_lines(header: list[str], rows: list[list[str]], numeric_from: int) -> list[str]:
    """Aligned plain-text columns; columns from `numeric_from` on are right-aligned."""
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(pad(cell, widths[i], right=i >= numeric_from) for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ]


@dataclass(frozen=True, slots=True)
class _Helpers:
    """Wording functions handed to templates, so that every format says the same thing."""

    responsible_units: Callable[[Task], str] = responsible_units
    role_text: Callable[[Role, str | None], str] = role_text
    possible_text: Callable[[Iterable[str]], str] = possible_text


def _render(template: str, **context: Any) -> bytes:
    from .text import render_named

    return render_named(template, helpers=_Helpers(), **context).encode("utf-8")


def unit_list_md(unit_tasks: UnitTasks) -> bytes:
    return _render("unit_list.md.j2", u=unit_tasks, summary=summary(unit_tasks))


def unit_list_txt(unit_tasks: UnitTasks) -> bytes:
    return _render("unit_list.txt.j2", u=unit_tasks, summary=summary(unit_tasks))


def _overview_context(overview: Overview) -> dict[str, Any]:
    return {"o": overview, "title": overview_title(overview), "matrix": overview.matrix()}


def overview_md(overview: Overview) -> bytes:
    return _render("units_overview.md.j2", **_overview_context(overview))


def overview_txt(overview: Overview) -> bytes:
    """The overview for a terminal or a .txt file: aligned columns, Chinese counted as two columns."""
    counts = _table_lines(
        ["单位", "明确任务", "其中牵头", "可能涉及"],
        [
            [u.unit.name, str(len(u.definite)), str(u.leads), str(len(u.possibly_related))]
            for u in overview.units
        ],
        numeric_from=1,
    )
    matrix = _table_lines(
        ["单位", *(p.number for p in overview.parts)],
        [[u.unit.name, *(str(n) if n else "·" for n in row)] for u, row in overview.matrix()],
        numeric_from=1,
    )
    return _render("units_overview.txt.j2", **_overview_context(overview), counts=counts, matrix_lines=matrix)
