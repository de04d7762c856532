"""`kepu-plan units`: the responsibility overview of a plan (every unit's tasks, and units × sections).

Text, md and json are printed (a question answered); docx is written to out/ unless -o says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from ..exitcodes import EXIT_OK
from .common import choose_writer, emit, finish, load_checked_plan, writer_errors
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
        format_option("text（也可写 txt）、md、json、docx（Word 表格）或 pdf；缺省按 -o 的扩展名，否则 text"),
    ] = None
    output: Annotated[
        str | None, output_option("输出文件；- 表示标准输出；缺省：文本直接显示，docx 写到 out/")
    ] = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    force: OutputForce = False
    reference_doc: ReferenceDoc = None


def run(options: Options) -> int:
    from ..assignments import overview
    from ..filenames import safe_filename
    from ..writers import OutputKind
    from ..writers.unit_wording import OVERVIEW_NAME

    _, spec, writer = choose_writer(
        OutputKind.OVERVIEW,
        options.output_format,
        output=options.output,
        default="text",
        reference_doc=options.reference_doc,
    )
    checked = load_checked_plan(options.plan, options.plans_dir, options.units)
    assert checked.loaded is not None and checked.registry is not None
    result = overview(checked.loaded.model, checked.registry)
    with writer_errors(checked):
        data = writer(result)
    name = safe_filename(f"{result.plan_title}{OVERVIEW_NAME}")
    [data] = finish(spec, [(name, data)])
    name += spec.suffix
    emit(data, options.output, name, binary=spec.binary, force=options.force, print_by_default=True)
    return EXIT_OK


command = typer_command(
    Options, run, "责任分工总览：每个单位的明确任务、牵头任务、可能涉及的任务数，以及单位 × 部分矩阵。"
)
