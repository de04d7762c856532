"""`kepu-plan diff OLD NEW`: what changed between two plans, task by task, in the document's own terms.

OLD and NEW are years (plans/<year>.yaml), paths, or `git:REV:path` for a version kept in git. Both
are validated first: a plan with errors is reported like `validate` reports it (exit 1). The result
is text for a terminal, Markdown for a CI job summary or a pull request comment, one JSON document,
a 新旧对照表 (.docx), or the new plan in official layout with Word tracked changes against the old.
Exit codes: 0, or 1 with `--exit-code` when the plans differ (as `git diff --exit-code`); 1 when a
plan has errors; 2 when the command is used wrongly.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import diagnostics as diag
from ..checking import RegistryCache, display_path
from ..diagnostics import LoadError
from ..output import safe_filename
from ..revisions import PlanSourceError, load_for_diff

if TYPE_CHECKING:
    from ..diffing import PlanDiff

from .common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    as_pdf,
    emit,
    fail_problems,
    fail_unwritable,
    fail_usage,
    print_diagnostics,
    require_pdf,
)

#: format → (file suffix, binary)
FORMATS = {
    "text": (".txt", False),
    "md": (".md", False),
    "json": (".json", False),
    "docx": (".docx", True),
    "redline": (".docx", True),
    "pdf": (".pdf", True),  # the 新旧对照表, converted through LibreOffice
}


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
    author: str | None = None  # who the redline's tracked changes are by


def run(options: DiffOptions) -> int:
    from ..diffing import DiffInputError, Overrides, diff_plans
    from ..loading import load_model

    if options.output_format not in FORMATS:
        fail_usage(f"不支持的输出格式「{options.output_format}」，可选：{'、'.join(FORMATS)}")
    if options.color not in ("auto", "always", "never"):
        fail_usage(f"--color 只能是 auto、always 或 never，而不是「{options.color}」")
    if options.output_format == "pdf":
        require_pdf()
    if options.author is not None:
        if options.output_format != "redline":
            fail_usage("--author 只适用于 redline 格式（带修订标记的公文）")
        if not options.author.strip() or any(ord(c) < 32 or c in "\x7f\ufffe\uffff" for c in options.author):
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

    suffix, binary = FORMATS[options.output_format]
    to_terminal = options.output in (None, "-") and not binary
    if options.output_format == "text":
        from ..writers.diff_text import render_text

        colour = to_terminal and diag.use_colour(sys.stdout, options.color)
        data = render_text(result, colour=colour).encode("utf-8")
    elif options.output_format == "md":
        from ..writers.diff_text import render_md

        data = render_md(result).encode("utf-8")
    elif options.output_format == "json":
        from ..writers.diff_text import render_json

        data = render_json(result).encode("utf-8")
    else:
        from ..writers import WriterError, WriterOptionError
        from ..writers.diff_docx import render_comparison_table, render_redline

        try:
            if options.output_format == "redline":
                data = render_redline(result, author=options.author)
            else:
                data = render_comparison_table(result)
        except WriterOptionError as exc:  # SOURCE_DATE_EPOCH that is not a number of seconds
            fail_usage(str(exc))
        except WriterError as exc:
            fail_unwritable(new, exc)
        if options.output_format == "pdf":
            data = as_pdf([(_default_name(options, result), data)])[0]

    if to_terminal:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        emit(
            data, options.output, _default_name(options, result) + suffix, binary=binary, force=options.force
        )
    return EXIT_PROBLEMS if options.exit_code and result.differs else EXIT_OK


def _default_name(options: DiffOptions, result: PlanDiff) -> str:
    kind = "修订稿" if options.output_format == "redline" else "新旧对照表"
    name = (
        f"{result.new.title}（与{result.old.year}年对比）{kind}"
        if result.old.year != result.new.year
        else f"{result.new.title}{kind}"
    )
    return safe_filename(name)
