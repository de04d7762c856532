"""Every page of the site rendered through the project's Jinja environment (writers.text).

The templates are templates/site-*.html, site.css and site.js, rendered through writers.text's one
environment factory (sandboxed, limited, a city's own templates/ replacing them) with autoescaping on
for every one of them. Each page gets `site` (title, year, the navigation)
and `root`, the relative way back to the site's folder ("" or "../"), so links work from `file://`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..assignments import overview
from ..project import templates_folder
from ..writers.text import render_template, template_environment
from . import BOARD, CHANGES, INDEX, SCRIPT, STYLE, SiteInput
from .board import board
from .changes import changes
from .plan_view import UnitPages, plan_entries, reports_by_unit, unit_page


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    href: str  # relative to the site's folder
    text: str


@dataclass(frozen=True, slots=True)
class Site:
    title: str
    year: int
    nav: tuple[NavItem, ...]
    has_board: bool
    has_changes: bool


def build_pages(source: SiteInput) -> dict[str, bytes]:
    plan, progress = source.plan, source.progress
    result = overview(plan, source.registry)
    pages = UnitPages(result)
    nav = [NavItem("index", INDEX, "计划全文"), NavItem("units", f"{INDEX}#kp_units", "各单位任务")]
    if progress is not None:
        nav.append(NavItem("board", BOARD, "完成进展"))
    if source.changes is not None:
        nav.append(NavItem("changes", CHANGES, f"与{source.changes.old.year}年计划对比"))
    site = Site(plan.title, plan.year, tuple(nav), progress is not None, source.changes is not None)

    # autoescape on for every template of the site, whatever a city names its own (HTML pages)
    env = template_environment(templates_folder(), autoescape=True)

    def render(name: str, root: str, current: str, **context: object) -> bytes:
        return render_template(env, name, site=site, root=root, current=current, **context).encode("utf-8")

    unit_links = [(u, pages.href(u.unit.name)) for u in result.with_tasks]
    files = {
        STYLE: render_template(env, STYLE).encode("utf-8"),
        SCRIPT: render_template(env, SCRIPT).encode("utf-8"),
        INDEX: render(
            "site-index.html",
            "",
            "index",
            plan=plan,
            entries=plan_entries(plan, result, pages),
            units=unit_links,
            unassigned=result.vague_only + result.unassigned,
        ),
    }
    said = reports_by_unit(progress)
    reported = None if progress is None else frozenset(u.unit for u in progress.units if u.reported)
    for unit_tasks in result.with_tasks:
        file = pages.files[unit_tasks.unit.name]
        page = unit_page(unit_tasks, file, said, reported)
        files[file] = render("site-unit.html", "../", "units", page=page, round=progress and progress.round)
    if progress is not None:
        files[BOARD] = render("site-board.html", "", "board", board=board(progress, pages), pages=pages)
    if source.changes is not None:
        files[CHANGES] = render("site-changes.html", "", "changes", changes=changes(source.changes))
    return files
