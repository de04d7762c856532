"""`kepu-plan report PLAN [--round R] [-o FILE.docx|.md|.pdf]`: the 年度科普工作完成情况 report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .common import choose_writer, emit, finish, load_progress, parse_as_of
from .options import (
    PLANS,
    PROGRESS,
    AsOf,
    OutputForce,
    PlanArgument,
    PlansDir,
    ProgressDir,
    ReferenceDoc,
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
    output: Annotated[str | None, output_option("输出文件（.docx、.md 或 .pdf）；缺省为 out/<标题>.docx")] = (
        None
    )
    output_format: Annotated[str | None, format_option("docx、md 或 pdf；缺省按 -o 的扩展名，否则 docx")] = (
        None
    )
    as_of: AsOf = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    progress_dir: ProgressDir = PROGRESS
    force: OutputForce = False
    reference_doc: ReferenceDoc = None


def run(options: Options) -> int:
    from ..filenames import safe_filename
    from ..writers import OutputKind
    from ..writers.report import report_title

    _, spec, writer = choose_writer(
        OutputKind.REPORT, options.output_format, output=options.output, reference_doc=options.reference_doc
    )
    as_of = parse_as_of(options.as_of)
    progress = load_progress(
        options.plan, options.round, as_of, options.plans_dir, options.units, options.progress_dir
    )
    name = safe_filename(report_title(progress))
    [data] = finish(spec, [(name, writer(progress))])
    emit(data, options.output, name + spec.suffix, binary=spec.binary, force=options.force)
    return 0


command = typer_command(
    Options,
    run,
    "年度科普工作完成情况报告（公文格式 Word、Markdown 或 PDF）：汇总、各项任务、主要数据、各单位报送。",
)
