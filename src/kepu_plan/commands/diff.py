"""`kepu-plan diff OLD NEW`: what changed between two plans, task by task, in the document's own terms.

OLD and NEW are years (plans/<year>.yaml), paths, or `git:REV:path` for a version kept in git. Both
are validated first: a plan with errors is reported like `validate` reports it (exit 1). The result
is text for a terminal, Markdown for a CI job summary or a pull request comment, one JSON document,
a 新旧对照表 (.docx), or the new plan in official layout with Word tracked changes against the old.
Exit codes: 0, or 1 with `--exit-code` when the plans differ (as `git diff --exit-code`); 1 when a
plan has errors; 2 when the command is used wrongly.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .. import diagnostics as diag
from ..charsets import NOT_IN_A_NAME
from ..diagnostics import LoadError
from ..filenames import safe_filename
from ..output import is_stdout

if TYPE_CHECKING:
    from ..diffing import PlanDiff

from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    check_colour,
    choose_writer,
    emit,
    fail_problems,
    fail_usage,
    finish,
    print_diagnostics,
    writer_errors,
)
from .options import (
    PLANS,
    Color,
    OutputForce,
    PlansDir,
    UnitsFile,
    format_option,
    output_option,
    typer_command,
)


@dataclass(kw_only=True)
class Options:
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD",
            help="旧计划：年份（如 2025）、文件路径，或 git:修订:路径（如 git:origin/main:plans/2025.yaml）",
        ),
    ]
    new: Annotated[str, typer.Argument(metavar="NEW", help="新计划：写法同上")]
    output_format: Annotated[
        str | None,
        format_option(
            "text（终端，也可写 txt）、md（CI 摘要、PR 评论）、json、docx（新旧对照表）、pdf（对照表经 LibreOffice 转换）或 redline（带修订标记的公文）；缺省按 -o 的扩展名，否则 text"
        ),
    ] = None
    output: Annotated[
        str | None, output_option("输出文件；- 表示标准输出；缺省：文本直接显示，docx 写到 out/")
    ] = None
    ignore_year: Annotated[
        bool, typer.Option("--ignore-year", help="不显示仅是年份顺延（2025年→2026年）的变化")
    ] = False
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="两份计划有差别时以退出码 1 结束（同 git diff --exit-code）")
    ] = False
    overrides: Annotated[
        Path | None,
        typer.Option(
            "--overrides", metavar="FILE", help="对照设置（YAML）：pin 固定、forbid 排除某些任务的对应关系"
        ),
    ] = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    color: Color = "auto"
    force: OutputForce = False
    author: Annotated[  # who the redline's tracked changes are by
        str | None,
        typer.Option(
            "--author", metavar="NAME", help="修订人（redline 中每处修订标记的作者；缺省为 kepu-plan）"
        ),
    ] = None


def run(options: Options) -> int:
    from ..checking import RegistryCache, display_path  # the plan machinery: not for `kepu-plan --help`
    from ..diffing import DiffInputError, Overrides, diff_plans
    from ..loading import load_model
    from ..revisions import PlanSourceError, load_for_diff
    from ..writers import OutputKind

    fmt, spec, _ = choose_writer(
        OutputKind.DIFF, options.output_format, output=options.output, author=options.author
    )
    check_colour(options.color)
    if options.author is not None and (
        not options.author.strip() or re.search(f"[{NOT_IN_A_NAME}]", options.author)
    ):
        fail_usage("--author 应为修订人的名字，不能为空，也不能含控制字符")

    overrides = None
    if options.overrides is not None:
        if not options.overrides.is_file():
            fail_usage(f"找不到对照设置文件：{options.overrides}")
        try:
            overrides = load_model(options.overrides, Overrides, display_path(options.overrides)).model
        except LoadError as exc:
            print_diagnostics(exc.diagnostics)
            return EXIT_USAGE

    registries = RegistryCache()
    try:
        old, old_name = load_for_diff(options.old, options.plans_dir, options.units, registries)
        new, new_name = load_for_diff(options.new, options.plans_dir, options.units, registries)
    except PlanSourceError as exc:
        fail_usage(str(exc))
    errors = [d for d in old.diagnostics + new.diagnostics if d.severity is diag.Severity.ERROR]
    if errors or old.loaded is None or new.loaded is None:
        fail_problems(errors, "计划有错误，无法比较；请先修正（kepu-plan validate 可查看全部问题）。")

    try:
        result = diff_plans(
            old.loaded.model,
            new.loaded.model,
            old_registry=old.registry,
            new_registry=new.registry,
            overrides=overrides,
            ignore_year=options.ignore_year,
            old_name=old_name,
            new_name=new_name,
        )
    except DiffInputError as exc:
        fail_usage(f"对照设置有误：{exc}")

    # colour only for a format that has it, printed to a terminal that shows it
    printed = (options.output is None or is_stdout(options.output)) and not spec.binary
    colour = "colour" in spec.options and printed and diag.use_colour(sys.stdout, options.color)
    _, _, writer = choose_writer(
        OutputKind.DIFF, fmt, output=options.output, colour=colour or None, author=options.author
    )
    with writer_errors(new):
        data = writer(result)
    name = _default_name(fmt, result)
    [data] = finish(spec, [(name, data)])
    name += spec.suffix
    emit(data, options.output, name, binary=spec.binary, force=options.force, print_by_default=True)
    return EXIT_PROBLEMS if options.exit_code and result.differs else EXIT_OK


def _default_name(fmt: str, result: PlanDiff) -> str:
    kind = "修订稿" if fmt == "redline" else "新旧对照表"
    name = (
        f"{result.new.title}（与{result.old.year}年对比）{kind}"
        if result.old.year != result.new.year
        else f"{result.new.title}{kind}"
    )
    return safe_filename(name)


command = typer_command(
    Options, run, "逐项比较两年的计划：新增、删除、修改、移动、调整顺序的任务，以及各单位增减的任务。"
)
