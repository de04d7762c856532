"""`kepu-plan render`: the plan as a document, one unit's task list, or every unit's."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..assignments import Overview, UnitLookupError

from ..diagnostics import did_you_mean
from ..project import in_project
from .common import choose_writer, emit, fail_output, fail_usage, finish, load_checked_plan, writer_errors
from .options import (
    PLANS,
    OutputForce,
    PlanArgument,
    PlansDir,
    ReferenceDoc,
    UnitsFile,
    format_option,
    output_option,
    typer_command,
)


@dataclass(kw_only=True)
class Options:
    plan: PlanArgument = None
    output_format: Annotated[
        str | None,
        format_option(
            "输出格式：docx（公文格式的 Word 文档）、pdf（经 LibreOffice 转换）、text（也可写 txt）或 md；--unit 时还可为 json；缺省按 -o 的扩展名，否则 docx"
        ),
    ] = None
    output: Annotated[str | None, output_option("输出文件；- 表示标准输出；缺省为 out/<标题>")] = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    force: OutputForce = False
    reference_doc: ReferenceDoc = None
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            metavar="NAME",
            help="只生成该单位的任务清单（简称、全称或别名）；格式可为 docx、pdf、text、md、json",
        ),
    ] = None
    all_units: Annotated[
        bool,
        typer.Option(
            "--all-units", help="为每个有明确任务的单位各生成一份任务清单，另附责任分工总览；-o 为文件夹"
        ),
    ] = False


def run(options: Options) -> int:
    if options.unit is not None or options.all_units:
        render_unit_lists(options)
        return 0
    from ..filenames import safe_filename
    from ..writers import OutputKind

    _, spec, writer = choose_writer(
        OutputKind.PLAN, options.output_format, output=options.output, reference_doc=options.reference_doc
    )
    checked = load_checked_plan(options.plan, options.plans_dir, options.units)
    assert checked.loaded is not None
    model = checked.loaded.model
    with writer_errors(checked):
        data = writer(model)
    [data] = finish(spec, [(model.title, data)])
    emit(
        data,
        options.output,
        safe_filename(model.title) + spec.suffix,
        binary=spec.binary,
        force=options.force,
    )
    return 0


def unit_lookup_message(exc: UnitLookupError) -> str:
    """「是否应为…？」 for an unknown --unit; the candidates for an ambiguous one."""
    names = "、".join(f"「{c}」" for c in exc.candidates)
    if exc.ambiguous:
        return f"「{exc.name}」可指多个单位：{names}；请用 --unit 写明其中一个（或用 --all-units）"
    if exc.vague:
        return f"「{exc.name}」是泛指，不指具体单位，没有自己的任务清单；kepu-plan units 可列出全部单位"
    if exc.candidates:
        return f"单位名录中没有「{exc.name}」。{did_you_mean(exc.candidates)}"
    return f"单位名录中没有「{exc.name}」；kepu-plan units 可列出全部单位"


def render_unit_lists(options: Options) -> None:
    """render --unit NAME / --all-units: one unit's task list, or every unit's plus the overview."""
    from ..assignments import UnitLookupError, find_unit, overview, unit_tasks
    from ..filenames import safe_filename
    from ..writers import OutputKind

    if options.unit is not None and options.all_units:
        fail_usage("--unit 与 --all-units 只能选其一")
    _, spec, writer = choose_writer(
        OutputKind.UNIT_LIST,
        options.output_format,
        output=options.output,
        reference_doc=options.reference_doc,
    )
    checked = load_checked_plan(options.plan, options.plans_dir, options.units)
    assert checked.loaded is not None and checked.registry is not None
    model, registry = checked.loaded.model, checked.registry
    with writer_errors(checked):
        if options.all_units:
            write_all_unit_lists(overview(model, registry), options)
            return
        try:
            unit = find_unit(registry, options.unit or "")
        except UnitLookupError as exc:
            fail_usage(unit_lookup_message(exc))
        result = unit_tasks(model, registry, unit)
        data = writer(result)
    [data] = finish(spec, [(result.title, data)])
    name = safe_filename(result.title) + spec.suffix
    emit(data, options.output, name, binary=spec.binary, force=options.force)


def write_all_unit_lists(overview: Overview, options: Options) -> None:
    """One file per unit with definite tasks, plus the overview; a progress bar only on a terminal."""
    from ..filenames import allocate, safe_filename
    from ..output import OutputError, OutputSet, output_folder, write_stdout
    from ..writers import OutputKind
    from ..writers.unit_wording import OVERVIEW_NAME

    fmt, reference_doc = options.output_format, options.reference_doc
    default = in_project("out") / safe_filename(f"{overview.plan_title}单位任务清单")
    try:
        folder = output_folder(options.output, default)
    except OutputError as exc:
        fail_usage(f"--all-units {exc}")
    # the overview comes in every format a unit list does
    _, spec, write_list = choose_writer(OutputKind.UNIT_LIST, fmt, output=None, reference_doc=reference_doc)
    _, _, write_overview = choose_writer(OutputKind.OVERVIEW, fmt, output=None, reference_doc=reference_doc)
    suffix = spec.suffix
    jobs: list[tuple[Path, Callable[[], bytes]]] = [
        (
            folder / (OVERVIEW_NAME + suffix),
            partial(write_overview, overview),
        )
    ]
    # the allocation over every registered unit (as forms and progress files), beside the overview
    stems = allocate((u.unit.name for u in overview.units), {OVERVIEW_NAME})
    for unit_tasks in overview.with_tasks:
        jobs.append(
            (
                folder / (stems[unit_tasks.unit.name] + suffix),
                partial(write_list, unit_tasks),
            )
        )

    if spec.pdf:  # every list as a Word document first, all converted in one LibreOffice run
        made = finish(spec, [(target.stem, make()) for target, make in jobs])
        jobs = [(target, partial(bytes, data)) for (target, _), data in zip(jobs, made, strict=True)]

    # one set: every file is renamed into place at the end, or none is (an error, SIGINT, SIGTERM)
    try:
        with OutputSet(force=options.force) as files:
            if sys.stderr.isatty():
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                with Progress(
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=Console(stderr=True),
                ) as progress:
                    bar = progress.add_task("生成任务清单", total=len(jobs))
                    for target, make in jobs:
                        files.add(target, make())
                        progress.advance(bar)
            else:
                for target, make in jobs:
                    files.add(target, make())
        if sys.stderr.isatty():
            write_stdout(
                f"已写入 {len(jobs)} 个文件（{len(jobs) - 1} 个单位的任务清单和责任分工总览）：{folder}\n"
            )
        else:
            write_stdout("".join(f"{target}\n" for target, _ in jobs))
    except OutputError as exc:
        fail_output(exc)


command = typer_command(
    Options,
    run,
    """生成公文（Word）、文本或 Markdown；或单位任务清单。

    缺省写出公文格式的 Word 文档 out/<标题>.docx；--unit、--all-units 生成单位任务清单。
    """,
)
