"""`kepu-plan collect PLAN FILE... [--round R] [--force]`: take the filled forms back.

Each file is checked on its own (collecting/: the workbook's safety checks, then the form read as
form_layout lays it out); what a good one says is stored as progress/<year>/<round>/<unit>.yaml (the
unit's allocated name, progress_store), written whole or not at all. A unit already collected in the
round is not replaced without --force: the command shows what the new form would change. While storing,
the round's folder is locked (two runs at once take turns) and a new file is created exclusively (one
that appeared meanwhile is never replaced unasked). Files with errors are not stored, a file that cannot
be written gets its own diagnostic (KP081); the others are stored and the summary is always printed.
Exit 1 when any file had errors, 2 for usage errors or an unusable target, 3 when writing failed (a full
disk).
"""

from __future__ import annotations

import glob
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import codes
from .. import diagnostics as diag
from ..charsets import visible
from ..exitcodes import EXIT_USAGE
from .common import EXIT_OK, EXIT_PROBLEMS, fail_usage, load_plan_for_round, print_diagnostics, say
from .options import PLANS, PROGRESS, PlansDir, ProgressDir, UnitsFile, typer_command

if TYPE_CHECKING:
    from ..progress import ProgressFile


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


def _unit_cell() -> str:
    """Where the hidden sheet names the unit (a duplicate is located there); imported late, since the
    form's layout brings the progress model, which `kepu-plan --help` does not need."""
    from ..form_layout import INFO_UNIT_CELL

    return INFO_UNIT_CELL


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


@dataclass
class _Batch:
    """What a run has done so far; the summary line is printed from it whatever happens."""

    found: list[diag.Diagnostic] = field(default_factory=list)
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    exit_code: int = EXIT_OK  # the worst write failure's own code (2 or 3), else 0


def run(options: Options) -> int:
    from ..checking import display_path
    from ..collecting import CollectContext, read_form
    from ..progress import form_units, plan_hash
    from ..progress_store import unit_stems

    plan, registry = load_plan_for_round(options.plan, options.plans_dir, options.units, options.round)
    paths = _expand(options.files)
    _, units = form_units(plan, registry)
    stems = unit_stems(registry)
    context = CollectContext(plan, plan_hash(plan), {u.unit.name: u for u in units}, options.round, stems)

    batch = _Batch()
    # every form is read first (no lock needed), then each round's folder is locked, in one order
    read: list[tuple[str, ProgressFile]] = []
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        display = display_path(path) if path.is_absolute() else str(path)
        result = read_form(path, display, context)
        batch.found.extend(result.diagnostics)
        progress_file = result.progress
        if progress_file is None:
            batch.failed += 1
            continue
        key = (progress_file.round, progress_file.unit)
        if key in seen:
            batch.found.append(
                codes.FORM_DUPLICATE_UNIT.in_cell(
                    f"与 {seen[key]} 同属「{progress_file.unit}」（轮次 {progress_file.round}）：同一单位只收一份",
                    display,
                    _unit_cell(),
                    hint="确认哪一份是最终版，只收集那一份",
                )
            )
            batch.failed += 1
            continue
        seen[key] = display
        read.append((display, progress_file))
        if progress_file.untouched:
            batch.found.append(_untouched_note(display, progress_file))
    try:
        _store_all(read, options, plan.year, stems, batch)
    finally:
        batch.found.sort(key=lambda d: (d.file, d.code))
        print_diagnostics(batch.found)
        say(
            f"共 {len(paths)} 份：收集 {batch.stored} 份，内容未变 {batch.unchanged} 份，未收集 {batch.failed} 份。",
        )
    errors = any(d.severity is diag.Severity.ERROR for d in batch.found)
    return max(batch.exit_code, EXIT_PROBLEMS if errors else EXIT_OK)


def _untouched_note(display: str, progress_file: ProgressFile) -> diag.Diagnostic:
    """A form sent back as it was sent is stored (a later filled one replaces it with --force) but is
    no report: say so where the unit should have written, the first 进展状态 cell (the form's layout,
    forms_xlsx, is the one both `forms` and `collect` use)."""
    from openpyxl.utils import get_column_letter

    from ..writers.forms_xlsx import FIRST_ROW, STATUS, TASK_COLUMNS, TASKS_SHEET

    cell = f"{TASKS_SHEET}!{get_column_letter(TASK_COLUMNS.index(STATUS) + 1)}{FIRST_ROW}"
    return codes.FORM_UNTOUCHED.in_cell(
        f"「{progress_file.unit}」的填报表原样交回，什么都没有填：记为“未填写”，不算报送，仍在催报名单中",
        display,
        cell,
        hint="请该单位填写后重新发回，再用 collect --force 收集",
    )


def _store_all(
    read: list[tuple[str, ProgressFile]],
    options: Options,
    year: int,
    stems: dict[str, str],
    batch: _Batch,
) -> None:
    """Store every form read, each round's folder locked (progress_store.round_lock) in name order so
    that two runs at once take turns rather than overwrite each other, or wait for each other."""
    from ..output import os_error_text
    from ..progress_store import round_dir, round_lock, unit_file

    by_round: dict[str, list[tuple[str, ProgressFile]]] = {}
    for display, progress_file in read:
        by_round.setdefault(progress_file.round, []).append((display, progress_file))
    with ExitStack() as locks:
        usable: dict[str, str | None] = {}
        for round_name in sorted(by_round):
            try:
                locks.enter_context(round_lock(round_dir(options.progress_dir, year, round_name)))
                usable[round_name] = None
            except OSError as exc:
                usable[round_name] = os_error_text(exc)
        for round_name, forms in by_round.items():
            folder = round_dir(options.progress_dir, year, round_name)
            for display, progress_file in forms:
                target = unit_file(folder, stems[progress_file.unit])
                if (reason := usable[round_name]) is not None:
                    _not_stored(batch, display, target, f"无法使用文件夹 {folder}：{reason}", EXIT_USAGE)
                    continue
                _store(display, progress_file, target, options.force, batch)


def _not_stored(batch: _Batch, display: str, target: Path, why: str, exit_code: int) -> None:
    from ..checking import display_path

    batch.failed += 1
    batch.exit_code = max(batch.exit_code, exit_code)
    batch.found.append(
        codes.PROGRESS_NOT_STORED.in_cell(
            f"表格无误，但无法保存到 {display_path(target)}：{why}",
            display,
            _unit_cell(),
            hint="排除问题后重新收集这份表格",
        )
    )


def _store(display: str, progress_file: ProgressFile, target: Path, force: bool, batch: _Batch) -> None:
    """One form into its unit's progress file: compared with what is there, replaced only with
    --force, created exclusively otherwise; a failure to write is this file's diagnostic only."""
    import os

    from ..checking import display_path
    from ..collecting import changes
    from ..output import OutputError, write_atomically
    from ..progress import ProgressFile
    from ..progress_store import dump_progress

    data = dump_progress(progress_file)
    existed = os.path.lexists(target)
    if existed:
        from ..loading import LoadError, load_model

        try:
            old = load_model(target, ProgressFile, display_path(target)).model
        except LoadError:
            old = None
        if old is not None and replace(old, source="", source_sha256="") == replace(
            progress_file, source="", source_sha256=""
        ):
            batch.unchanged += 1
            say(
                f"{display}：「{progress_file.unit}」已收集过，内容相同，未改动 {display_path(target)}",
            )
            return
        what = changes(old, progress_file) if old is not None else ["原有文件无法读取"]
        if not force:
            batch.found.append(
                codes.FORM_COLLECTED_TWICE.in_cell(
                    f"「{progress_file.unit}」本轮（{progress_file.round}）已收集过（{display_path(target)}），"
                    f"这份表格有 {len(what)} 处不同："
                    + "；".join(what[:20])
                    + ("……" if len(what) > 20 else ""),
                    display,
                    _unit_cell(),
                    hint="确认以这份为准时加 --force 重新收集",
                )
            )
            batch.failed += 1
            return
        say(f"{display}：替换「{progress_file.unit}」已收集的数据：" + "；".join(what))
    try:
        # a new file is created exclusively: a file that appeared meanwhile is never replaced unasked
        write_atomically(target, data, force=True, exclusive=not existed)
    except OutputError as exc:
        _not_stored(batch, display, target, str(exc), exc.exit_code)
        return
    batch.stored += 1
    filled = progress_file.filled
    rows = len(progress_file.tasks) + len(progress_file.possibly_related)
    say(
        f"{display} → {display_path(target)}（{progress_file.unit}：{rows} 项任务，已填 {filled} 项；"
        f"次年工作建议 {len(progress_file.proposals)} 条）",
    )
    typer.echo(visible(str(target)))


command = typer_command(
    Options, run, "收集各单位填好的填报表：逐份检查，把填报内容保存为 progress/<年份>/<轮次>/<单位>.yaml。"
)
