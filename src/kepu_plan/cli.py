"""The command line: argument handling and exit codes only; the work is done by the library.

Exit codes: 0 clean, 1 the input has problems, 2 the command was used wrongly (unknown unit, missing
file, bad flag), 3 an internal error (a bug: please report it with --debug output).
Heavy modules (jinja2, python-docx) are imported inside the commands that need them, so that
`validate` and `--help` start fast in every pre-commit run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer

from . import __version__

app = typer.Typer(
    name="kepu-plan",
    help="科普工作计划：校验、生成公文、按单位拆分、逐年对比。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_state = {"debug": False}

PlansDir = typer.Option(Path("plans"), "--plans-dir", help="计划文件所在文件夹（年份参数在此查找）")
UnitsFile = typer.Option(None, "--units", help="单位名录文件（缺省：计划旁边或计划文件夹中的 units.yaml）")


def _fail_usage(message: str) -> NoReturn:
    typer.echo(f"kepu-plan：{message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kepu-plan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的调用栈（供开发者排查）"),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本"),
) -> None:
    _state["debug"] = debug


@app.command()
def validate(
    plans: list[str] = typer.Argument(
        None, help="年份（如 2025）或计划文件路径；缺省为计划文件夹中的全部计划"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    output_format: str = typer.Option("auto", "--format", "-f", help="text、json、github 或 auto"),
    strict: bool = typer.Option(False, "--strict", help="有警告也以退出码 1 结束"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示错误"),
    color: str = typer.Option("auto", "--color", help="auto、always 或 never"),
) -> None:
    """校验计划：责任单位、单位名称、编号、年份、标点……每个问题给出 文件:行:列。"""
    from . import diagnostics as diag
    from .checking import RegistryCache, check_plan, display_path
    from .loading import find_registry, plan_files, resolve_plan

    if output_format not in ("auto", "text", "json", "github"):
        _fail_usage(f"不支持的输出格式「{output_format}」，可选：auto、text、json、github")
    if color not in ("auto", "always", "never"):
        _fail_usage(f"--color 只能是 auto、always 或 never，而不是「{color}」")
    try:
        paths = [resolve_plan(p, plans_dir) for p in plans] if plans else plan_files(plans_dir)
        if not paths:
            _fail_usage(f"{plans_dir} 中没有计划文件（如 2025.yaml）")
        registry_paths = [find_registry(p, plans_dir, units) for p in paths]
    except FileNotFoundError as exc:
        _fail_usage(str(exc))

    registries = RegistryCache()
    found: list[diag.Diagnostic] = []
    for path, registry_path in zip(paths, registry_paths, strict=True):
        found.extend(check_plan(path, registry_path, registries).diagnostics)
    shown = [d for d in found if not quiet or d.severity is diag.Severity.ERROR]
    errors = diag.count(found, diag.Severity.ERROR)
    warnings = diag.count(found, diag.Severity.WARNING)

    chosen = diag.resolve_format(output_format, sys.stdout)
    if chosen == "json":
        typer.echo(diag.format_json(found, [display_path(p) for p in paths]))
    elif chosen == "github":
        if shown:
            typer.echo(diag.format_github(shown))
    else:
        if shown:
            typer.echo(diag.format_text(shown, colour=diag.use_colour(sys.stderr, color)), err=True)
        if not quiet and not errors:
            names = "、".join(display_path(p) for p in paths)
            typer.echo(f"{names}：通过校验（{warnings} 个警告）", err=True)
    if errors or (strict and warnings):
        raise typer.Exit(EXIT_PROBLEMS)


def _load_checked_plan(plan: str | None, plans_dir: Path, units: Path | None):  # type: ignore[no-untyped-def]
    """Resolve, load and validate a plan for an output command; exit 1 with diagnostics on errors."""
    from . import diagnostics as diag
    from .checking import check_plan
    from .loading import find_registry, resolve_plan

    try:
        path = resolve_plan(plan, plans_dir)
        registry_path = find_registry(path, plans_dir, units)
    except FileNotFoundError as exc:
        _fail_usage(str(exc))
    checked = check_plan(path, registry_path)
    errors = [d for d in checked.diagnostics if d.severity is diag.Severity.ERROR]
    if errors or checked.loaded is None:
        typer.echo(diag.format_text(errors, colour=diag.use_colour(sys.stderr)), err=True)
        typer.echo("计划有错误，未生成输出；请先修正（kepu-plan validate 可查看全部问题）。", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    return checked


def _emit(data: bytes, output: str | None, default_name: str, *, binary: bool, force: bool) -> None:
    """Write to stdout (`-o -`), to the given path, or to out/<default_name>; print where it went."""
    from .output import OutputError, write_atomically

    if output == "-":
        if binary and sys.stdout.isatty():
            _fail_usage("不能把二进制文档输出到终端；请用 -o 指定文件，或重定向到文件")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output) if output else Path("out") / default_name
    try:
        write_atomically(target, data, force=force)
    except OutputError as exc:
        _fail_usage(str(exc))
    typer.echo(str(target))


@app.command()
def render(
    plan: str | None = typer.Argument(None, help="年份或计划文件路径；缺省为最新的计划"),
    output_format: str = typer.Option("txt", "--format", "-f", help="输出格式：txt 或 md"),
    output: str | None = typer.Option(
        None, "--output", "-o", help="输出文件；- 表示标准输出；缺省为 out/<标题>"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的 YAML 文件"),
) -> None:
    """把计划生成为文档（纯文本、Markdown）。"""
    from .output import safe_filename
    from .writers import WRITERS

    spec = WRITERS.get(output_format)
    if spec is None:
        _fail_usage(f"不支持的输出格式「{output_format}」，可选：{'、'.join(WRITERS)}")
    checked = _load_checked_plan(plan, plans_dir, units)
    model = checked.loaded.model
    data = spec.load()(model)
    _emit(data, output, safe_filename(model.title) + spec.suffix, binary=spec.binary, force=force)


@app.command()
def schema(
    check: bool = typer.Option(False, "--check", help="只检查 schemas/ 中的文件是否最新；过期则退出码 1"),
    out_dir: Path = typer.Option(Path("schemas"), "--out-dir", help="JSON Schema 写入的文件夹"),
) -> None:
    """由模型生成 JSON Schema（plan.schema.json、units.schema.json），供编辑器补全和校验。"""
    from .output import OutputError, write_atomically
    from .schemas import generated_schemas

    stale = []
    for name, text in generated_schemas().items():
        target = out_dir / name
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        if check:
            stale.append(str(target))
            continue
        try:
            write_atomically(target, text.encode("utf-8"), force=True)
        except OutputError as exc:
            _fail_usage(str(exc))
        typer.echo(f"已写入 {target}")
    if stale:
        typer.echo(f"以下 JSON Schema 已过期，请运行 kepu-plan schema 重新生成：{'、'.join(stale)}", err=True)
        raise typer.Exit(EXIT_PROBLEMS)


@app.command("rules")
def list_rules() -> None:
    """列出全部检查规则及其代码。"""
    from .rules import LOADING_CODES, all_rules

    for code, (name, severity, summary) in sorted(LOADING_CODES.items()):
        typer.echo(f"{code}  {severity:<7}  {name:<24}  {summary}")
    for r in all_rules():
        typer.echo(f"{r.code}  {r.severity:<7}  {r.name:<24}  {r.summary}")


def main() -> None:
    """Entry point: no traceback reaches a user unless --debug asks for it."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: bad input has its own messages
        if _state["debug"] or "--debug" in sys.argv:
            raise
        typer.echo(
            f"kepu-plan：内部错误（{type(exc).__name__}）。请用 --debug 重新运行并报告此问题。", err=True
        )
        sys.exit(EXIT_INTERNAL)
