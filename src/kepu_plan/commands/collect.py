"""`kepu-plan collect PLAN FILE... [--round R] [--force]`: take the filled forms back.

Each file is checked on its own (collecting.py); what a good one says is stored as
progress/<year>/<round>/<unit>.yaml, written whole or not at all. A unit already collected in the
round is not replaced without --force: the command shows what the new form would change. Files with
errors are not stored; the others are. Exit 1 when any file had errors, 2 for usage errors.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

import typer

from .. import codes
from .. import diagnostics as diag
from .common import EXIT_OK, EXIT_PROBLEMS, fail_usage, load_plan_for_round, print_diagnostics
from .options import PLANS, PROGRESS, PlansDir, ProgressDir, UnitsFile, typer_command

#: Where the hidden sheet names the unit (表格信息, row 7): a duplicate is located there.
INFO_UNIT_CELL = "表格信息!B7"


@dataclass(kw_only=True)
class Options:
    plan: Annotated[str, typer.Argument(metavar="PLAN", help="年份或计划文件路径，如 2025")]
    files: Annotated[
        list[str], typer.Argument(metavar="FILE...", help="收回的填报表（.xlsx），可用通配符，如 返回/*.xlsx")
    ]
    round: Annotated[
        str | None,
        typer.Option("--round", metavar="ROUND", help="只收集该轮次的填报表；缺省按各表格中记录的轮次"),
    ] = None
    force: Annotated[bool, typer.Option("--force", help="已收集过的单位，用这份表格替换原有数据")] = False
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    progress_dir: ProgressDir = PROGRESS


def _expand(patterns: list[str]) -> list[Path]:
    """The files named; a pattern the shell left alone (返回/*.xlsx on Windows) is expanded here."""
    paths: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            paths.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls")))
        elif path.exists():
            paths.append(path)
        elif any(ch in pattern for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(pattern))
            if not found:
                fail_usage(f"没有与「{pattern}」匹配的文件")
            paths.extend(found)
        else:
            fail_usage(f"找不到文件：{pattern}")
    if not paths:
        fail_usage("没有要收集的文件")
    return paths


def run(options: Options) -> int:
    from ..checking import display_path
    from ..collecting import CollectContext, changes, read_form
    from ..output import OutputError, write_atomically
    from ..progress import dump_progress, form_units, plan_hash, progress_path

    plan, registry = load_plan_for_round(options.plan, options.plans_dir, options.units, options.round)
    paths = _expand(options.files)
    _, units = form_units(plan, registry)
    context = CollectContext(plan, plan_hash(plan), {u.unit.name: u for u in units}, options.round)

    found: list[diag.Diagnostic] = []
    stored = unchanged = failed = 0
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        display = display_path(path) if path.is_absolute() else str(path)
        result = read_form(path, display, context)
        found.extend(result.diagnostics)
        progress_file = result.progress
        if progress_file is None:
            failed += 1
            continue
        key = (progress_file.round, progress_file.unit)
        if key in seen:
            found.append(
                codes.FORM_DUPLICATE_UNIT.in_cell(
                    f"与 {seen[key]} 同属「{progress_file.unit}」（轮次 {progress_file.round}）：同一单位只收一份",
                    display,
                    INFO_UNIT_CELL,
                    hint="确认哪一份是最终版，只收集那一份",
                )
            )
            failed += 1
            continue
        seen[key] = display
        target = progress_path(options.progress_dir, plan.year, progress_file.round, progress_file.unit)
        data = dump_progress(progress_file)
        if target.exists():
            from ..loading import LoadError, load_model
            from ..progress import ProgressFile

            try:
                old = load_model(target, ProgressFile, display_path(target)).model
            except LoadError:
                old = None
            if old is not None and replace(old, source="", source_sha256="") == replace(
                progress_file, source="", source_sha256=""
            ):
                unchanged += 1
                typer.echo(
                    f"{display}：「{progress_file.unit}」已收集过，内容相同，未改动 {display_path(target)}",
                    err=True,
                )
                continue
            what = changes(old, progress_file) if old is not None else ["原有文件无法读取"]
            if not options.force:
                found.append(
                    codes.FORM_COLLECTED_TWICE.in_cell(
                        f"「{progress_file.unit}」本轮（{progress_file.round}）已收集过（{display_path(target)}），"
                        f"这份表格有 {len(what)} 处不同："
                        + "；".join(what[:20])
                        + ("……" if len(what) > 20 else ""),
                        display,
                        INFO_UNIT_CELL,
                        hint="确认以这份为准时加 --force 重新收集",
                    )
                )
                failed += 1
                continue
            typer.echo(f"{display}：替换「{progress_file.unit}」已收集的数据：" + "；".join(what), err=True)
        try:
            write_atomically(target, data, force=True)
        except OutputError as exc:
            fail_usage(str(exc))
        stored += 1
        filled = progress_file.filled
        rows = len(progress_file.tasks) + len(progress_file.possibly_related)
        typer.echo(
            f"{display} → {display_path(target)}（{progress_file.unit}：{rows} 项任务，已填 {filled} 项；"
            f"次年工作建议 {len(progress_file.proposals)} 条）",
            err=True,
        )
        typer.echo(str(target))
    found.sort(key=lambda d: (d.file, d.code))
    print_diagnostics(found)
    typer.echo(
        f"共 {len(paths)} 份：收集 {stored} 份，内容未变 {unchanged} 份，未收集 {failed} 份。", err=True
    )
    return EXIT_PROBLEMS if any(d.severity is diag.Severity.ERROR for d in found) else EXIT_OK


command = typer_command(
    Options, run, "收集各单位填好的填报表：逐份检查，把填报内容保存为 progress/<年份>/<轮次>/<单位>.yaml。"
)
