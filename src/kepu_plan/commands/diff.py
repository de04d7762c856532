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
from typing import TYPE_CHECKING

from .. import diagnostics as diag
from ..charsets import NOT_IN_A_NAME
from ..checking import RegistryCache, display_path
from ..diagnostics import LoadError
from ..filenames import safe_filename
from ..output import is_stdout
from ..revisions import PlanSourceError, load_for_diff

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


@dataclass(kw_only=True)
class DiffOptions:
    old: str
    new: str
    output_format: str = "text"
    output: str | None = None
    ignore_year: bool = False
    exit_code: bool = False
    overrides: Path | None = None
    plans_dir: Path = Path("plans")
    units: Path | None = None
    color: str = "auto"
    force: bool = False
    author: str | None = None  # who the redline's tracked changes are by (--author)


def run(options: DiffOptions) -> int:
    from ..diffing import DiffInputError, Overrides, diff_plans
    from ..loading import load_model
    from ..writers import OutputKind

    fmt, spec, _ = choose_writer(OutputKind.DIFF, options.output_format, author=options.author)
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
    _, _, writer = choose_writer(OutputKind.DIFF, fmt, colour=colour or None, author=options.author)
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
