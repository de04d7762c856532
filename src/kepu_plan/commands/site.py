"""`kepu-plan site [PLAN] [-o DIR]`: the plan, each unit's tasks, the progress board and last year's
changes as one folder of static web pages (default out/site/).

The board is made when a round has been collected (the round collected last, or --round), the
changes page when last year's plan stands beside this one (plans/2024.yaml for 2025). Existing
files in the folder are replaced only with --force; all files land together or none does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    fail_output,
    fail_problems,
    fail_usage,
    load_checked_plan,
    parse_as_of,
    say,
    writer_errors,
)
from .options import (
    PLANS,
    PROGRESS,
    AsOf,
    PlanArgument,
    PlansDir,
    ProgressDir,
    Round,
    UnitsFile,
    output_option,
    typer_command,
)

if TYPE_CHECKING:
    from ..checking import Checked
    from ..diffing import PlanDiff
    from ..model import Plan
    from ..progress import Progress
    from ..units import Registry


@dataclass(kw_only=True)
class Options:
    plan: PlanArgument = None
    output: Annotated[str | None, output_option("存放网页的文件夹；缺省为 out/site/", metavar="DIR")] = None
    round: Round = None
    as_of: AsOf = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    progress_dir: ProgressDir = PROGRESS
    force: Annotated[
        bool, typer.Option("--force", help="替换输出文件夹中已有的网页（缺省时已有文件一律不覆盖）")
    ] = False


def run(options: Options) -> int:
    from ..charsets import visible
    from ..output import OutputError, OutputSet, output_folder, write_stdout
    from ..progress import check_round
    from ..project import in_project
    from ..site import SiteInput, build_site

    if options.round is not None and (problem := check_round(options.round)):
        fail_usage(problem)
    as_of = parse_as_of(options.as_of)
    try:
        folder = output_folder(options.output, in_project("out") / "site")
    except OutputError as exc:
        fail_usage(f"{exc}（-o 是存放网页的文件夹）")
    checked = load_checked_plan(options.plan, options.plans_dir, options.units)
    assert checked.loaded is not None and checked.registry is not None
    plan, registry = checked.loaded.model, checked.registry
    source = SiteInput(
        plan,
        registry,
        progress=_progress(plan, registry, options, as_of),
        changes=_changes(checked, options.units),
    )
    if as_of is not None and source.progress is None:
        say(f"kepu-plan：警告：{plan.year} 年还没有收集到填报表，没有进展看板，--as-of 未起作用")
    with writer_errors(checked):
        files = build_site(source)
    try:
        # one set: every page lands together or none does; an existing page only with --force
        with OutputSet(force=options.force) as out:
            for name, data in files.items():
                out.add(folder / name, data, plan=True)
    except OutputError as exc:
        fail_output(exc)
    _leftovers(folder, files, remove=options.force)
    write_stdout(f"{visible(str(folder / 'index.html'))}\n")  # a folder name typed by the user, escaped
    made = [f"{sum(1 for n in files if n.startswith('units/'))} 个单位页面"]
    if source.progress is not None:
        made.append(f"进展看板（轮次 {source.progress.round}）")
    if source.changes is not None:
        made.append(f"与{source.changes.old.year}年计划的对比")
    say(f"已生成网站（{len(files)} 个文件：计划全文、{'、'.join(made)}）：{folder}")
    return 0


def _progress(plan: Plan, registry: Registry, options: Options, as_of: dt.date | None) -> Progress | None:
    """The round named, else the one collected last; None when no round has any stored file."""
    from ..checking import display_path
    from ..diagnostics import Severity
    from ..progress import combine
    from ..progress_store import load_round, rounds
    from .common import print_diagnostics

    if options.round is None:
        found = rounds(options.progress_dir, plan.year)
        if not found:
            return None
        chosen = found[-1].name
    else:
        chosen = options.round
    files, problems = load_round(options.progress_dir, plan.year, chosen, registry)
    if any(d.severity is Severity.ERROR for d in problems):
        fail_problems(problems, "进展文件有错误，未生成网站；请修正或重新收集（kepu-plan collect --force）。")
    print_diagnostics(problems)  # files beside the units' own: named, never read
    if not files:
        if options.round is not None:
            fail_usage(f"轮次「{chosen}」还没有收集到任何填报表（{display_path(options.progress_dir)}）")
        return None
    return combine(plan, registry, files, chosen, as_of)


def _changes(checked: Checked, units: Path | None) -> PlanDiff | None:
    """Last year's plan beside this one, compared; a plan of last year with errors is left out, said."""
    from ..checking import check_plan, display_path
    from ..diagnostics import Severity
    from ..diffing import diff_plans
    from ..loading import find_registry

    assert checked.loaded is not None
    plan = checked.loaded.model
    previous = checked.path.with_name(f"{plan.year - 1}{checked.path.suffix}")
    if not previous.is_file():
        return None
    try:
        registry = find_registry(previous, previous.parent, units)
    except FileNotFoundError:
        return None
    old = check_plan(previous, registry, errors_only=True)
    if old.loaded is None or any(d.severity is Severity.ERROR for d in old.diagnostics):
        say(
            f"kepu-plan：警告：{display_path(previous)} 有错误，网站中未包含与上一年的对比"
            f"（kepu-plan validate {plan.year - 1} 可查看）"
        )
        return None
    return diff_plans(
        old.loaded.model,
        plan,
        old_registry=old.registry,
        new_registry=checked.registry,
        ignore_year=True,  # 2024年 → 2025年 in every task is not news; the summary says it is left out
        old_name=display_path(previous),
        new_name=display_path(checked.path),
    )


command = typer_command(
    Options,
    run,
    "静态网站：计划全文（可按单位筛选）、各单位任务页、进展看板（已收集填报表时）、与上一年计划的对比。",
)


def _leftovers(folder: Path, files: Mapping[str, bytes], *, remove: bool) -> None:
    """Pages an earlier build wrote into this folder that this build does not (the page of a unit
    that no longer has tasks, the board of a round that is gone): with --force they are removed, so
    the folder is the site and nothing else of ours; without it they are named. Only pages carrying
    the site's generator mark are ours; anything else in the folder is never touched."""
    from ..charsets import visible
    from ..oserrors import os_error_text
    from ..site import GENERATOR_MARK, UNITS_DIR

    ours: list[Path] = []
    for path in sorted([*folder.glob("*.html"), *(folder / UNITS_DIR).glob("*.html")]):
        name = path.relative_to(folder).as_posix()
        if name in files or path.is_symlink() or not path.is_file():
            continue
        try:
            with path.open("rb") as page:
                head = page.read(4096)
        except OSError:
            continue
        if GENERATOR_MARK in head:
            ours.append(path)
    if not ours:
        return
    if not remove:
        say(
            f"kepu-plan：提示：{folder} 中还有 {len(ours)} 个以前生成、本次没有的网页"
            f"（如 {visible(ours[0].name)}）；加 --force 重新生成时会删除它们"
        )
        return
    gone = 0
    for path in ours:
        try:
            path.unlink()
            gone += 1
        except OSError as exc:
            say(f"kepu-plan：警告：无法删除旧网页 {visible(str(path))}：{os_error_text(exc)}")
    if gone:
        say(f"已删除 {gone} 个本次不再生成的旧网页（如 {visible(ours[0].name)}）")
