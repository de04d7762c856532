"""`kepu-plan new YEAR [--from YEAR]`: start next year's plan from this year's.

The source plan is validated first (a plan with errors is not carried over: exit 1). The new plan
keeps every id, comment and the authors' formatting; the year moves on in `year`, in the title and
wherever the text names the plan's own year (newyear.py). An existing plan is never overwritten
without `--force` (exit 2).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import diagnostics as diag
from ..diagnostics import LoadError
from ..output import OutputError, check_target, output_path, write_atomically
from ..project import in_project
from ..years import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from ..newyear import ProposedTask
    from ..units import Registry

from ..charsets import visible
from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    fail_output,
    fail_problems,
    fail_usage,
    print_diagnostics,
    say,
    warn_passed_over,
)
from .options import (
    PLANS,
    PROGRESS,
    PlanForce,
    PlansDir,
    UnitsFile,
    folder_option,
    output_option,
    typer_command,
    whole_number,
)


@dataclass(kw_only=True)
class Options:
    year: Annotated[int, typer.Argument(metavar="YEAR", parser=whole_number, help="新计划的年份，如 2026")]
    source: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="PLAN", help="来源计划：年份或文件路径；缺省为计划文件夹中早于 YEAR 的最新计划"
        ),
    ] = None
    output: Annotated[Path | None, output_option("新计划文件；缺省为 <计划文件夹>/<YEAR>.yaml")] = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    force: PlanForce = False
    progress_dir: Annotated[
        Path, folder_option("progress", "各单位进展数据所在文件夹（次年工作建议取自这里）")
    ] = PROGRESS


def collected_proposals(progress_dir: Path, year: int, registry: Registry) -> list[ProposedTask]:
    """Every unit's 次年工作建议 collected in any round of `year`, each once, in collection order."""
    from ..newyear import ProposedTask
    from ..progress_store import load_round, rounds

    found: dict[tuple[str, str, str], ProposedTask] = {}
    for folder in rounds(progress_dir, year):
        files, problems = load_round(progress_dir, year, folder.name, registry)
        if any(d.severity is diag.Severity.ERROR for d in problems):
            fail_problems(problems, "进展文件有错误，未生成新计划；请修正或重新收集。")
        print_diagnostics(problems)  # files beside the units' own: named, never read
        for unit, (_path, progress_file) in files.items():
            for p in progress_file.proposals:
                # a plan's text is one line: a proposal typed over several lines is joined up
                title, text = "".join(p.title.splitlines()), "".join(p.text.splitlines())
                found.setdefault(
                    (unit, title, text), ProposedTask(unit, title, text, " ".join(p.units.split()))
                )
    return list(found.values())


def _default_source(year: int, plans_dir: Path) -> Path | None:
    """The newest plan in the folder older than `year`."""
    from ..loading import plan_files

    warn_passed_over(plans_dir)
    older = [p for p in plan_files(plans_dir) if int(p.name[:4]) < year]
    return older[-1] if older else None


def run(options: Options) -> int:
    from ..checking import check_plan, display_path  # the plan machinery: not for `kepu-plan --help`
    from ..loading import find_registry, read_text, resolve_plan
    from ..newyear import NewYearError, next_year_text

    if not MIN_YEAR <= options.year <= MAX_YEAR:
        fail_usage(f"年份「{options.year}」不对：应为四位数的年份，如 2026")
    try:
        if options.source is None:
            source = _default_source(options.year, options.plans_dir)
            if source is None:
                fail_usage(f"{options.plans_dir} 中没有早于 {options.year} 年的计划；用 --from 指定来源计划")
        else:
            source = resolve_plan(options.source, options.plans_dir)
        registry = find_registry(source, options.plans_dir, options.units)
    except FileNotFoundError as exc:
        fail_usage(str(exc))
    default = options.plans_dir / f"{options.year}.yaml"
    target = output_path(str(options.output), default) if options.output is not None else default
    try:
        check_target(target, force=options.force, plan=True)
    except OutputError as exc:
        fail_output(exc)

    checked = check_plan(source, registry, errors_only=True)
    errors = [d for d in checked.diagnostics if d.severity is diag.Severity.ERROR]
    if errors or checked.loaded is None:
        typer.echo(diag.format_text(errors, colour=diag.use_colour(sys.stderr)), err=True)
        say("来源计划有错误，未生成新计划；请先修正。")
        return EXIT_PROBLEMS
    if checked.loaded.model.year == options.year:
        fail_usage(f"{display_path(source)} 已是 {options.year} 年的计划")

    try:
        assert checked.registry is not None
        proposals = collected_proposals(options.progress_dir, checked.loaded.model.year, checked.registry)
        result = next_year_text(read_text(source, display_path(source)), options.year, proposals)
    except (LoadError, NewYearError) as exc:
        fail_usage(str(exc))
    try:
        write_atomically(target, result.text.encode("utf-8"), force=options.force, plan=True)
    except OutputError as exc:
        fail_output(exc)

    say(
        f"已由 {display_path(source)} 生成 {display_path(target)}：年份 {result.old_year} → {result.new_year}，"
        f"正文中 {result.replaced} 处本年度年份随之更新；编号、注释和格式不变。",
    )
    if result.kept:
        say(f"以下 {result.old_year} 年份表示期间，保持原样，请核对：")
        for place in result.kept:
            say(f"  {display_path(target)} {place}")
    if result.proposals:
        say(
            f"各单位的次年工作建议 {len(result.proposals)} 条已列为任务（标有 proposed_by，validate 会提示 KP060，"
            "审定采纳后删除该字段）：",
        )
        for line in result.proposals:
            say(f"  {line}")
    if result.date:
        before, after = result.date
        say(f"成文日期 {before} → {after}，请按实际日期修改。")
    # Suggest the comparison exactly as it will work from here: years only where they find these files.
    default = options.plans_dir / f"{result.new_year}.yaml"
    old_arg = str(result.old_year) if source == options.plans_dir / f"{result.old_year}.yaml" else str(source)
    new_arg = str(result.new_year) if target == default else str(target)
    plans_dir = (
        f" --plans-dir {options.plans_dir}"
        if options.plans_dir.resolve() != in_project("plans").resolve() and target == default
        else ""
    )
    say(f"修改后可用 kepu-plan diff {old_arg} {new_arg}{plans_dir} 查看与上一年的差别。")
    typer.echo(visible(str(target)))
    return EXIT_OK


command = typer_command(
    Options,
    run,
    "由上一年的计划起草新一年的计划：编号、注释不变，年份顺延；各单位的次年工作建议列为待审定的任务。",
)
