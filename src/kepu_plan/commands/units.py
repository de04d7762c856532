"""`kepu-plan units`: the responsibility overview of a plan (every unit's tasks, and units × sections)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..exitcodes import EXIT_OK
from .common import emit, fail_usage, load_checked_plan


@dataclass(kw_only=True)
class UnitsOptions:
    plan: str | None
    output_format: str = "text"
    output: str | None = None
    plans_dir: Path = Path("plans")
    units: Path | None = None
    force: bool = False


def run(options: UnitsOptions) -> int:
    from ..assignments import overview
    from ..output import safe_filename
    from ..writers.unit_list import OVERVIEW_FORMATS, render_overview
    from ..writers.unit_wording import OVERVIEW_NAME

    if options.output_format not in ("text", "md", "json"):
        fail_usage(f"不支持的输出格式「{options.output_format}」，可选：text、md、json")
    checked = load_checked_plan(options.plan, options.plans_dir, options.units)
    assert checked.loaded is not None and checked.registry is not None
    result = overview(checked.loaded.model, checked.registry)
    data = render_overview(result, options.output_format)
    name = safe_filename(f"{result.plan_title}{OVERVIEW_NAME}") + OVERVIEW_FORMATS[options.output_format]
    emit(data, options.output or "-", name, binary=False, force=options.force)
    return EXIT_OK
