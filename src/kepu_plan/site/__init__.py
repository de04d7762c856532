"""`kepu-plan site`: the plan and its progress as one folder of static web pages.

A writer like the others, only with many files: it takes what the library computed — the plan's
paragraphs (layout), who does what (assignments), where things stand (progress.combine) and what
changed since last year (diffing) — and dresses it through Jinja templates (templates/site-*.html,
overridable by a city's templates/ like every template, sandboxed, autoescaped: every string of a
plan, a registry or a returned form is data). Nothing here reads a file or parses anything.

The pages link to each other by relative paths only and load nothing from elsewhere, so the folder
works from `file://` and from any static host. :func:`build_site` returns the files as
{relative path: bytes}; the command writes them through output.OutputSet (all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diffing import PlanDiff
from ..model import Plan
from ..progress import Progress
from ..units import Registry

INDEX, BOARD, CHANGES, STYLE, SCRIPT, UNITS_DIR = (
    "index.html",
    "progress.html",
    "changes.html",
    "site.css",
    "site.js",
    "units",
)

#: The mark every page carries (templates/site-base.html): how a later build with --force tells the
#: pages an earlier build wrote (a unit that no longer has tasks, a board of a round now gone) from
#: a page somebody else put into the folder, which is never removed.
GENERATOR_MARK = b'<meta name="generator" content="kepu-plan">'


@dataclass(frozen=True, slots=True)
class SiteInput:
    """What a site is built from: the plan and its registry; a collected round and last year's
    comparison when they exist (each page is made only when its data is there)."""

    plan: Plan
    registry: Registry
    progress: Progress | None = None
    changes: PlanDiff | None = None


def build_site(source: SiteInput) -> dict[str, bytes]:
    """Every file of the site, by its path relative to the site's folder (forward slashes)."""
    from .pages import build_pages

    return build_pages(source)


__all__ = [
    "BOARD",
    "CHANGES",
    "GENERATOR_MARK",
    "INDEX",
    "SCRIPT",
    "STYLE",
    "UNITS_DIR",
    "SiteInput",
    "build_site",
]
