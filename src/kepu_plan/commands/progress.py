"""`kepu-plan progress PLAN [--round R] [--format text|md|json] [--as-of DATE]`: where things stand.

Also the shared first half of `report`: plan + the round's stored files → :class:`Progress`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import diagnostics as diag
from .common import (
    choose_writer,
    emit,
    fail_problems,
    fail_usage,
    load_plan_for_round,
    print_diagnostics,
)


@dataclass
class ProgressOptions:
    plan: str | None
    round: str | None
    output_format: str
    as_of: str | None
    output: str | None
    plans_dir: Path
    units: Path | None
    progress_dir: Path
    force: bool = False


def parse_as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        fail_usage(f"--as-of 应为日期，如 2025-07-01，而不是「{value}」")


def load_progress(
    plan: str | None,
    round_name: str | None,
    as_of: dt.date | None,
    plans_dir: Path,
    units: Path | None,
    progress_dir: Path,
) -> Any:
    """The plan (checked) and the round's progress files, combined; exit 1 on unreadable files."""
    from ..progress import combine
    from ..progress_store import choose_round, load_round

    model, registry = load_plan_for_round(plan, plans_dir, units, round_name)
    chosen = choose_round(progress_dir, model.year, round_name)
    files, problems = load_round(progress_dir, model.year, chosen, registry)
    if any(d.severity is diag.Severity.ERROR for d in problems):
        fail_problems(problems, "进展文件有错误，未生成结果；请修正或重新收集（kepu-plan collect --force）。")
    print_diagnostics(problems)  # files beside the units' own: named, never read
    return combine(model, registry, files, chosen, as_of)


def run(options: ProgressOptions) -> int:
    from ..writers import OutputKind

    _, spec, writer = choose_writer(OutputKind.PROGRESS, options.output_format)
    as_of = parse_as_of(options.as_of)
    progress = load_progress(
        options.plan, options.round, as_of, options.plans_dir, options.units, options.progress_dir
    )
    data = writer(progress)
    name = f"完成情况-{progress.round}{spec.suffix}"
    emit(data, options.output, name, binary=spec.binary, force=options.force, print_by_default=True)
    return 0
