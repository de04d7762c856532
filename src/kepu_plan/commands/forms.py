"""`kepu-plan forms PLAN [--round R] [-o DIR]`: one progress form (.xlsx) per unit with definite tasks."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..charsets import visible
from .common import fail_output, fail_usage, load_plan_for_round, say
from .options import PLANS, PlanArgument, PlansDir, Round, UnitsFile, output_option, typer_command

if TYPE_CHECKING:
    from ..collecting import CollectContext


@dataclass(kw_only=True)
class Options:
    plan: PlanArgument = None
    round: Round = None
    output: Annotated[
        Path | None,
        output_option("存放填报表的文件夹；缺省为 out/<标题>完成情况填报表-<轮次>/", metavar="DIR"),
    ] = None
    force: Annotated[
        bool, typer.Option("--force", help="覆盖文件夹中已填写的同名填报表（如已收回的表格）")
    ] = False
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None


def default_forms_dir(plan_title: str, round_name: str) -> Path:
    from ..filenames import safe_filename

    return Path("out") / safe_filename(f"{plan_title}完成情况填报表-{round_name}")


def _refuse_filled(forms: list[tuple[Path, bytes]], context: CollectContext) -> None:
    """Exit 2 before writing anything when a form's place holds a form with something filled in.

    A returned form keeps the name it was sent under, so `forms -o 返回/` is the natural way to lose
    one. "Filled" is decided as `collect` decides it: the file is read as a returned form
    (collecting.read_form) and is filled unless nothing at all is filled in (ProgressFile.untouched).
    A file that cannot be read as this plan's form may hold anything, so it is kept too; a file with
    the very bytes about to be written is not a question."""
    import os

    from ..checking import display_path
    from ..collecting import read_form

    kept: list[str] = []
    for target, data in forms:
        if not os.path.lexists(target) or not target.is_file():
            continue  # nothing there; a folder or a link is the output layer's refusal
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
        except OSError:
            pass
        shown = display_path(target)
        result = read_form(target, shown, context)
        if result.progress is None:
            kept.append(f"{shown}（无法作为本计划的填报表读取，可能已填写）")
        elif not result.progress.untouched:
            kept.append(f"{shown}（已填写：{result.progress.filled} 项有进展状态）")
    if kept:
        fail_usage(
            f"文件夹中已有填写过的填报表，不予覆盖：{'；'.join(visible(k) for k in kept[:10])}"
            + (f"……共 {len(kept)} 份" if len(kept) > 10 else "")
            + "。收回的表格与发出时同名：请用 -o 指定另一个文件夹，或确认不再需要这些表格后加 --force 覆盖"
        )


def run(options: Options) -> int:
    from ..epoch import plan_dated
    from ..output import OutputError, OutputSet, output_folder, write_stdout
    from ..progress import default_round, form_units, plan_hash
    from ..progress_store import unit_stems
    from ..writers.forms_xlsx import FormInfo, render_form

    plan, registry = load_plan_for_round(options.plan, options.plans_dir, options.units, options.round)
    round_name = options.round or default_round(plan.year)
    try:
        folder = output_folder(
            None if options.output is None else str(options.output), default_forms_dir(plan.title, round_name)
        )
    except OutputError as exc:
        fail_usage(f"{exc}（-o 是存放各单位填报表的文件夹）")
    _, units = form_units(plan, registry)
    if not units:
        fail_usage("计划中没有任何单位有明确承担的任务，无须发出填报表")
    fingerprint = plan_hash(plan)
    when = plan_dated(plan.year, plan.date)  # the same forms every time: README
    stems = unit_stems(registry)  # the names collect and the progress files use
    forms: list[tuple[Path, bytes]] = []
    for unit_tasks in units:
        unit = unit_tasks.unit
        info = FormInfo(plan.year, plan.title, fingerprint, round_name, unit.name, unit.full_name)
        forms.append((folder / f"{stems[unit.name]}.xlsx", render_form(unit_tasks, info, when)))
    if not options.force:
        from ..collecting import CollectContext

        context = CollectContext(plan, fingerprint, {u.unit.name: u for u in units}, None, stems)
        _refuse_filled(forms, context)
    written = []
    try:
        # one set: every form is renamed into place at the end, or none is (an error, SIGINT, SIGTERM)
        with OutputSet() as files:
            for target, data in forms:
                files.add(target, data)
                written.append(target)
        if not sys.stderr.isatty():
            write_stdout("".join(f"{visible(str(target))}\n" for target in written))
    except OutputError as exc:
        fail_output(exc)
    say(
        f"已为 {len(units)} 个单位生成填报表（轮次 {round_name}）：{folder}",
        f"各单位填好后收回，用 kepu-plan collect {plan.year} 文件夹/*.xlsx 收集。",
    )
    return 0


command = typer_command(
    Options,
    run,
    "为每个有明确任务的单位生成进展填报表（.xlsx）：任务、进展状态下拉、完成情况、主要数据、次年工作建议。",
)
