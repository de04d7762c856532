"""`kepu-plan progress PLAN [--round R] [--format text|md|json] [--as-of DATE]`: where things stand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .common import choose_writer, emit, load_progress, parse_as_of
from .options import (
    PLANS,
    PROGRESS,
    AsOf,
    PlanArgument,
    PlansDir,
    ProgressDir,
    Round,
    UnitsFile,
    format_option,
    output_option,
    typer_command,
)


@dataclass(kw_only=True)
class Options:
    plan: PlanArgument = None
    round: Round = None
    output_format: Annotated[
        str | None, format_option("text、md、json 或 xlsx（台账工作簿）；缺省按 -o 的扩展名，否则 text")
    ] = None
    as_of: AsOf = None
    output: Annotated[str | None, output_option("输出文件；缺省为标准输出")] = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    progress_dir: ProgressDir = PROGRESS


def run(options: Options) -> int:
    from ..writers import OutputKind

    _, spec, writer = choose_writer(OutputKind.PROGRESS, options.output_format, output=options.output)
    as_of = parse_as_of(options.as_of)
    progress = load_progress(
        options.plan, options.round, as_of, options.plans_dir, options.units, options.progress_dir
    )
    data = writer(progress)
    name = f"完成情况-{progress.round}{spec.suffix}"
    emit(data, options.output, name, binary=spec.binary, force=False, print_by_default=True)
    return 0


command = typer_command(
    Options, run, "进展汇总：每项任务的综合状态和各单位的报送、各部分完成数、催报名单、逾期任务。"
)
