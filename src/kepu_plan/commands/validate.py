"""`kepu-plan validate [PLAN ...]`: every problem of every plan, located, in the format asked for."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Annotated

import typer

from .. import diagnostics as diag
from ..diagnostics import LoadError
from .common import EXIT_OK, EXIT_PROBLEMS, check_colour, fail_usage, say, warn_passed_over
from .options import PLANS, Color, PlansDir, UnitsFile, format_option, typer_command


@dataclass(kw_only=True, eq=False)
class Options:
    plans: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PLAN]...", help="年份（如 2025）或计划文件路径；缺省为计划文件夹中的全部计划"
        ),
    ] = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    output_format: Annotated[str, format_option("text（也可写 txt）、json、github 或 auto")] = "auto"
    strict: Annotated[bool, typer.Option("--strict", help="有警告也以退出码 1 结束")] = False
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只显示错误")] = False
    color: Color = "auto"


def run(options: Options) -> int:
    from ..checking import RegistryCache, check_plan, display_path  # not for `kepu-plan --help`
    from ..formats import ALIASES  # the format names every command shares (txt = text)
    from ..loading import find_registry, is_registry, no_plans_message, plan_files, resolve_plan

    output_format = ALIASES.get(options.output_format, options.output_format)
    if output_format not in diag.REPORT_FORMATS:
        fail_usage(f"不支持的输出格式「{options.output_format}」，可选：{'、'.join(diag.REPORT_FORMATS)}")
    check_colour(options.color)
    if not options.plans:
        warn_passed_over(options.plans_dir)
    try:
        paths = (
            [resolve_plan(p, options.plans_dir) for p in options.plans]
            if options.plans
            else plan_files(options.plans_dir)
        )
        if not paths:
            fail_usage(no_plans_message(options.plans_dir))
        registry_paths = [
            p if is_registry(p) else find_registry(p, options.plans_dir, options.units) for p in paths
        ]
    except FileNotFoundError as exc:
        fail_usage(str(exc))

    registries = RegistryCache()
    found: list[diag.Diagnostic] = []
    for path, registry_path in zip(paths, registry_paths, strict=True):
        if is_registry(path):  # plans/units.yaml given by name: checked as the registry it is
            try:
                registries.get(path)
            except LoadError as exc:
                found.extend(exc.diagnostics)
            continue
        found.extend(check_plan(path, registry_path, registries).diagnostics)
    shown = [d for d in found if not options.quiet or d.severity is diag.Severity.ERROR]
    errors = diag.count(found, diag.Severity.ERROR)
    warnings = diag.count(found, diag.Severity.WARNING)

    chosen = diag.resolve_format(output_format)
    if chosen == "json":
        typer.echo(diag.format_json(found, [display_path(p) for p in paths]))
    elif chosen == "github":
        if shown:
            typer.echo(diag.format_github(shown))
    else:
        colour = diag.use_colour(sys.stderr, options.color)
        if shown:
            typer.echo(diag.format_text(shown, colour=colour), err=True, color=colour)
        if not options.quiet and not errors:
            names = "、".join(display_path(p) for p in paths)
            if options.strict and warnings:
                say(f"{names}：未通过校验（--strict：{warnings} 个警告也算问题）")
            else:
                say(f"{names}：通过校验（{warnings} 个警告）")
    if errors or (options.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


command = typer_command(
    Options, run, "校验计划：责任单位、单位名称、编号、年份、标点……每个问题给出 文件:行:列。"
)
