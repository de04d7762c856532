"""`kepu-plan validate [PLAN ...]`: every problem of every plan, located, in the format asked for."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import typer

from .. import diagnostics as diag
from ..checking import RegistryCache, check_plan, display_path
from ..diagnostics import LoadError
from ..loading import find_registry, is_registry, no_plans_message, plan_files, resolve_plan
from .common import EXIT_OK, EXIT_PROBLEMS, check_colour, fail_usage


@dataclass(kw_only=True, eq=False)
class ValidateOptions:
    plans: list[str]
    plans_dir: Path
    units: Path | None
    output_format: str
    strict: bool
    quiet: bool
    color: str


def run(options: ValidateOptions) -> int:
    from ..formats import ALIASES  # the format names every command shares (txt = text)

    output_format = ALIASES.get(options.output_format, options.output_format)
    if output_format not in diag.REPORT_FORMATS:
        fail_usage(f"不支持的输出格式「{options.output_format}」，可选：{'、'.join(diag.REPORT_FORMATS)}")
    check_colour(options.color)
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
                typer.echo(f"{names}：未通过校验（--strict：{warnings} 个警告也算问题）", err=True)
            else:
                typer.echo(f"{names}：通过校验（{warnings} 个警告）", err=True)
    if errors or (options.strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK
