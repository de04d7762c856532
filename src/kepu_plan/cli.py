"""The command line: argument handling and exit codes only; the work is done by the library.

Exit codes: 0 clean, 1 the input has problems, 2 the command was used wrongly (unknown unit, missing
file, bad flag), 3 an internal error (a bug: please report it with --debug output).
Heavy modules (jinja2, python-docx) are imported inside the commands that need them, so that
`validate` and `--help` start fast in every pre-commit run.
"""

from __future__ import annotations

import gc
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


def _unit_lookup_message(exc) -> str:  # type: ignore[no-untyped-def]
    """「是否应为…？」 for an unknown --unit; the candidates for an ambiguous one."""
    names = "、".join(f"「{c}」" for c in exc.candidates)
    if exc.ambiguous:
        return f"「{exc.name}」可指多个单位：{names}；请用 --unit 写明其中一个（或用 --all-units）"
    if exc.vague:
        return f"「{exc.name}」是泛指，不指具体单位，没有自己的任务清单；kepu-plan units 可列出全部单位"
    if exc.candidates:
        return (
            f"单位名录中没有「{exc.name}」。是否应为" + "或".join(f"「{c}」" for c in exc.candidates) + "？"
        )
    return f"单位名录中没有「{exc.name}」；kepu-plan units 可列出全部单位"


def _render_unit_lists(  # type: ignore[no-untyped-def]
    plan, unit_name, all_units, output_format, output, plans_dir, units, *, force, reference_doc=None
) -> None:
    """render --unit NAME / --all-units: one unit's task list, or every unit's plus the overview."""
    from .assignments import UnitLookupError, find_unit, overview, unit_tasks
    from .output import safe_filename
    from .writers import WriterError, WriterOptionError
    from .writers.unit_list import BINARY_FORMATS, UNIT_LIST_FORMATS, render_unit_list

    if unit_name is not None and all_units:
        _fail_usage("--unit 与 --all-units 只能选其一")
    if output_format not in UNIT_LIST_FORMATS:
        _fail_usage(f"任务清单不支持格式「{output_format}」，可选：{'、'.join(UNIT_LIST_FORMATS)}")
    if reference_doc is not None and output_format != "docx":
        _fail_usage(f"--reference-doc 不适用于 {output_format} 格式")
    checked = _load_checked_plan(plan, plans_dir, units)
    model, registry = checked.loaded.model, checked.registry
    try:
        if all_units:
            _write_all_unit_lists(
                overview(model, registry), output_format, output, reference_doc, force=force
            )
            return
        try:
            unit = find_unit(registry, unit_name)
        except UnitLookupError as exc:
            _fail_usage(_unit_lookup_message(exc))
        result = unit_tasks(model, registry, unit)
        data = render_unit_list(result, output_format, reference_doc=reference_doc)
    except WriterOptionError as exc:
        _fail_usage(str(exc))
    except WriterError as exc:
        _fail_unwritable(checked, exc)
    if output is None and output_format == "json":
        output = "-"  # a query result: printed, like `units`
    name = safe_filename(result.title) + UNIT_LIST_FORMATS[output_format]
    _emit(data, output, name, binary=output_format in BINARY_FORMATS, force=force)


def _write_all_unit_lists(overview, output_format, output, reference_doc, *, force) -> None:  # type: ignore[no-untyped-def]
    """One file per unit with definite tasks, plus the overview; a progress bar only on a terminal."""
    from .output import OutputError, safe_filename, write_atomically
    from .writers.unit_list import OVERVIEW_NAME, UNIT_LIST_FORMATS, render_overview, render_unit_list

    if output == "-":
        _fail_usage("--all-units 会写出多个文件，-o 须是文件夹，不能是 -")
    folder = Path(output) if output else Path("out") / safe_filename(f"{overview.plan_title}单位任务清单")
    if folder.exists() and not folder.is_dir():
        _fail_usage(f"{folder} 不是文件夹；--all-units 的 -o 须是文件夹")
    suffix = UNIT_LIST_FORMATS[output_format]
    taken = {OVERVIEW_NAME.casefold()}
    jobs = [
        (
            folder / (OVERVIEW_NAME + suffix),
            lambda: render_overview(overview, output_format, reference_doc=reference_doc),
        )
    ]
    for unit_tasks in overview.with_tasks:
        stem = base = safe_filename(unit_tasks.unit.name)
        n = 1
        while stem.casefold() in taken:  # 市/科协 and 市_科协 must not overwrite each other
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.casefold())
        jobs.append(
            (
                folder / (stem + suffix),
                lambda u=unit_tasks: render_unit_list(u, output_format, reference_doc=reference_doc),
            )
        )

    def write(target: Path, make) -> None:  # type: ignore[no-untyped-def]
        try:
            write_atomically(target, make(), force=force)
        except OutputError as exc:
            _fail_usage(str(exc))

    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True)
        ) as progress:
            bar = progress.add_task("生成任务清单", total=len(jobs))
            for target, make in jobs:
                write(target, make)
                progress.advance(bar)
        typer.echo(f"已写入 {len(jobs)} 个文件（{len(jobs) - 1} 个单位的任务清单和责任分工总览）：{folder}")
    else:
        for target, make in jobs:
            write(target, make)
            typer.echo(str(target))


def _fail_unwritable(checked, exc) -> NoReturn:  # type: ignore[no-untyped-def]
    """A plan value the output format cannot hold: located like any other diagnostic; exit 1."""
    from . import diagnostics as diag

    found = checked.loaded.source.diagnostic(exc.code, diag.Severity.ERROR, str(exc), exc.path, hint=exc.hint)
    typer.echo(diag.format_text([found], colour=diag.use_colour(sys.stderr)), err=True)
    typer.echo("计划有错误，未生成输出；请先修正。", err=True)
    raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def render(
    plan: str | None = typer.Argument(None, help="年份或计划文件路径；缺省为最新的计划"),
    output_format: str = typer.Option(
        "docx", "--format", "-f", help="输出格式：docx（公文格式的 Word 文档，缺省）、txt 或 md"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="输出文件；- 表示标准输出；缺省为 out/<标题>"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的 YAML 文件"),
    reference_doc: Path | None = typer.Option(
        None,
        "--reference-doc",
        help="参考 Word 文档（.docx）：页面设置、样式、页眉页脚（如红头）取自该文档，内容仍取自计划",
    ),
    unit: str | None = typer.Option(
        None, "--unit", help="只生成该单位的任务清单（简称、全称或别名）；格式可为 docx、md、txt、json"
    ),
    all_units: bool = typer.Option(
        False, "--all-units", help="为每个有明确任务的单位各生成一份任务清单，另附责任分工总览；-o 为文件夹"
    ),
) -> None:
    """把计划生成为文档（公文格式的 Word 文档、纯文本、Markdown）；或按单位生成任务清单（--unit、--all-units）。"""
    if unit is not None or all_units:
        _render_unit_lists(
            plan,
            unit,
            all_units,
            output_format,
            output,
            plans_dir,
            units,
            force=force,
            reference_doc=reference_doc,
        )
        return
    from .output import safe_filename
    from .writers import WRITERS, WriterError, WriterOptionError

    spec = WRITERS.get(output_format)
    if spec is None:
        _fail_usage(f"不支持的输出格式「{output_format}」，可选：{'、'.join(WRITERS)}")
    try:
        writer = spec.load(reference_doc=reference_doc)
    except WriterOptionError as exc:
        _fail_usage(str(exc))
    checked = _load_checked_plan(plan, plans_dir, units)
    model = checked.loaded.model
    try:
        data = writer(model)
    except WriterOptionError as exc:
        _fail_usage(str(exc))
    except WriterError as exc:
        _fail_unwritable(checked, exc)
    _emit(data, output, safe_filename(model.title) + spec.suffix, binary=spec.binary, force=force)


@app.command("units")
def units_command(
    plan: str | None = typer.Argument(None, help="年份或计划文件路径；缺省为最新的计划"),
    output_format: str = typer.Option("text", "--format", "-f", help="text、md 或 json"),
    output: str | None = typer.Option(None, "--output", "-o", help="输出文件；缺省为标准输出"),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的 YAML 文件"),
) -> None:
    """责任分工总览：每个单位的明确任务、牵头任务、可能涉及的任务数，以及单位 × 部分矩阵。"""
    from .assignments import overview
    from .output import safe_filename

    if output_format not in ("text", "md", "json"):
        _fail_usage(f"不支持的输出格式「{output_format}」，可选：text、md、json")
    checked = _load_checked_plan(plan, plans_dir, units)
    from .writers.unit_list import OVERVIEW_FORMATS, OVERVIEW_NAME, render_overview

    result = overview(checked.loaded.model, checked.registry)
    data = render_overview(result, output_format)
    name = safe_filename(f"{result.plan_title}{OVERVIEW_NAME}") + OVERVIEW_FORMATS[output_format]
    _emit(data, output or "-", name, binary=False, force=force)


@app.command("import")
def import_command(
    source: Path = typer.Argument(..., help="要导入的计划：.docx 或 .txt（UTF-8 或 GBK/GB18030）"),
    year: int | None = typer.Option(None, "--year", help="计划年份（缺省从标题中识别）"),
    output: str | None = typer.Option(
        None, "--output", "-o", help="写入的 YAML 文件；缺省为 <计划文件夹>/<年份>.yaml；- 表示标准输出"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的计划文件"),
    add_units: bool = typer.Option(
        False, "--add-units", help="把名录中没有的单位登记到 units.yaml 末尾，待核对"
    ),
) -> None:
    """把已有的计划（Word 或文本）导入为计划 YAML：不丢一个字，拿不准的地方逐条报告。"""
    from .commands.import_plan import ImportOptions, run

    code = run(ImportOptions(source, year, output, plans_dir, units, force, add_units))
    if code:
        raise typer.Exit(code)


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

    rows = [(code, name, severity, summary) for code, (name, severity, summary) in LOADING_CODES.items()]
    rows += [(r.code, r.name, r.severity, r.summary) for r in all_rules()]
    for code, name, severity, summary in sorted(rows):
        typer.echo(f"{code}  {severity:<7}  {name:<24}  {summary}")


@app.command("diff")
def diff_command(
    old: str = typer.Argument(
        ..., help="旧计划：年份（如 2025）、文件路径，或 git:修订:路径（如 git:origin/main:plans/2025.yaml）"
    ),
    new: str = typer.Argument(..., help="新计划：写法同上"),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        help="text（终端）、md（CI 摘要、PR 评论）、json、docx（新旧对照表）或 redline（带修订标记的公文）",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", help="输出文件；- 表示标准输出；缺省：文本直接显示，docx 写到 out/"
    ),
    ignore_year: bool = typer.Option(
        False, "--ignore-year", help="不显示仅是年份顺延（2025年→2026年）的变化"
    ),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="两份计划有差别时以退出码 1 结束（同 git diff --exit-code）"
    ),
    overrides: Path | None = typer.Option(
        None, "--overrides", help="对照设置（YAML）：pin 固定、forbid 排除某些任务的对应关系"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    color: str = typer.Option("auto", "--color", help="auto、always 或 never"),
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的 YAML 文件"),
) -> None:
    """逐项比较两年的计划：新增、删除、修改、移动、调整顺序的任务，以及各单位增减的任务。"""
    from .commands.diff import DiffOptions, run

    code = run(
        DiffOptions(
            old, new, output_format, output, ignore_year, exit_code, overrides, plans_dir, units, color, force
        )
    )
    if code:
        raise typer.Exit(code)


@app.command("new")
def new_command(
    year: int = typer.Argument(..., help="新计划的年份，如 2026"),
    source: str | None = typer.Option(
        None, "--from", help="来源计划：年份或文件路径；缺省为计划文件夹中早于 YEAR 的最新计划"
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="新计划文件；缺省为 <计划文件夹>/<YEAR>.yaml"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的计划文件"),
) -> None:
    """由上一年的计划起草新一年的计划：编号、注释不变，标题和正文中的本年度年份顺延。"""
    from .commands.new_plan import NewOptions, run

    code = run(NewOptions(year, source, output, plans_dir, units, force))
    if code:
        raise typer.Exit(code)


def main() -> None:
    """Entry point: no traceback reaches a user unless --debug asks for it."""
    # A run lives for a fraction of a second and makes no reference cycles worth collecting, while the
    # cyclic GC would rescan every node of a large plan again and again (a third of validate's time
    # on a 3,000-task plan). Only the command-line process does this, never the library.
    gc.disable()
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
