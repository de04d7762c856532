"""The command line: argument handling and exit codes only; the work is done by the library.

Exit codes: 0 clean, 1 the input has problems, 2 the command was used wrongly (unknown unit, missing
file, bad flag), 3 an internal error (a bug: please report it with --debug output).
Heavy modules (jinja2, python-docx) are imported inside the commands that need them, so that
`validate` and `--help` start fast in every pre-commit run.
"""

# No `from __future__ import annotations` here: typer reads the commands' annotations at every run,
# and as objects rather than text they need no evaluation (~0.3 ms of each start).
import contextlib
import copy
import sys
from pathlib import Path

import click
import typer
import typer.main
from typer.core import TyperGroup

from . import __version__, i18n, project
from .exitcodes import EXIT_INTERNAL, EXIT_IO

i18n.install()  # Click's and Typer's own text (help frame, usage errors) in Chinese

_state = {"debug": False}


def _debug(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _state["debug"] = True


DEBUG_HELP = "出错时显示完整的调用栈（供开发者排查）"


class KepuGroup(TyperGroup):
    """The command group: every command, whoever adds it, also takes `--debug` after its name
    (the README says "add --debug"; a user types it at the end of the line), and lays its help out
    for Chinese text."""

    context_class = i18n.ChineseContext

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            return None
        command.context_class = i18n.ChineseContext
        if not any(p.name == "debug" for p in command.params):
            command.params.append(
                click.Option(["--debug"], is_flag=True, expose_value=False, callback=_debug, help=DEBUG_HELP)
            )
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """A mistyped command: Click's message, with the suggestion in the catalogue's words
        (Typer's own adds ". Did you mean 'render'?" in English)."""
        try:
            return click.Group.resolve_command(self, ctx, args)
        except click.UsageError as error:
            import difflib  # only on a mistyped command

            close = difflib.get_close_matches(args[0], list(self.commands)) if args else []
            if close:
                error.message = f"{error.message}{i18n.did_you_mean(close)}"
            raise


app = typer.Typer(
    name="kepu-plan",
    cls=KepuGroup,
    help="科普工作计划：校验、生成公文、按单位拆分、逐年对比。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
)

PlanArgument = typer.Argument(None, metavar="[PLAN]", help="年份或计划文件路径；缺省为最新的计划")
PlansDir = typer.Option(
    Path("plans"),
    "--plans-dir",
    metavar="DIR",
    callback=project.default_in_project("plans"),
    show_default=False,
    help="计划文件所在文件夹（年份参数在此查找）；缺省为项目的 plans（从当前文件夹向上找）",
)
OutputForce = typer.Option(
    False,
    "--force",
    help="允许输出覆盖计划、名录、进度等 YAML 文件或本命令读取的输入文件（符号链接始终不写）",
)
UnitsFile = typer.Option(
    None, "--units", metavar="FILE", help="单位名录文件（缺省：计划旁边或计划文件夹中的 units.yaml）"
)
ReferenceDoc = typer.Option(
    None,
    "--reference-doc",
    metavar="FILE",
    help="参考 Word 文档（.docx）：页面设置、样式、页眉页脚（如红头）取自该文档，内容仍取自计划",
)


def _exit(code: int) -> None:
    """Commands return their exit code; typer ends the process with it."""
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kepu-plan {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: bool = typer.Option(False, "--debug", help=DEBUG_HELP),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="显示版本"),
) -> None:
    _state["debug"] = _state["debug"] or debug
    from .inputs import forget_inputs

    forget_inputs()  # a new run: the writer protects only what this run reads


@app.command()
def validate(
    plans: list[str] = typer.Argument(
        None, metavar="[PLAN]...", help="年份（如 2025）或计划文件路径；缺省为计划文件夹中的全部计划"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    output_format: str = typer.Option(
        "auto", "--format", "-f", metavar="FORMAT", help="text（也可写 txt）、json、github 或 auto"
    ),
    strict: bool = typer.Option(False, "--strict", help="有警告也以退出码 1 结束"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示错误"),
    color: str = typer.Option("auto", "--color", metavar="WHEN", help="auto、always 或 never"),
) -> None:
    """校验计划：责任单位、单位名称、编号、年份、标点……每个问题给出 文件:行:列。"""
    from .commands.validate import ValidateOptions, run

    _exit(
        run(
            ValidateOptions(
                plans=plans or [],
                plans_dir=plans_dir,
                units=units,
                output_format=output_format,
                strict=strict,
                quiet=quiet,
                color=color,
            )
        )
    )


@app.command()
def render(
    plan: str | None = PlanArgument,
    output_format: str = typer.Option(
        "docx",
        "--format",
        "-f",
        metavar="FORMAT",
        help="输出格式：docx（公文格式的 Word 文档，缺省）、pdf（经 LibreOffice 转换）、text（也可写 txt）或 md；--unit 时还可为 json",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="PATH", help="输出文件；- 表示标准输出；缺省为 out/<标题>"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = OutputForce,
    reference_doc: Path | None = ReferenceDoc,
    unit: str | None = typer.Option(
        None,
        "--unit",
        metavar="NAME",
        help="只生成该单位的任务清单（简称、全称或别名）；格式可为 docx、pdf、text、md、json",
    ),
    all_units: bool = typer.Option(
        False, "--all-units", help="为每个有明确任务的单位各生成一份任务清单，另附责任分工总览；-o 为文件夹"
    ),
) -> None:
    """生成公文（Word）、文本或 Markdown；或单位任务清单。

    缺省写出公文格式的 Word 文档 out/<标题>.docx；--unit、--all-units 生成单位任务清单。
    """
    from .commands.render import RenderOptions, run

    _exit(
        run(
            RenderOptions(
                plan=plan,
                output_format=output_format,
                output=output,
                plans_dir=plans_dir,
                units=units,
                force=force,
                reference_doc=reference_doc,
                unit=unit,
                all_units=all_units,
            )
        )
    )


@app.command("units")
def units_command(
    plan: str | None = PlanArgument,
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        metavar="FORMAT",
        help="text（也可写 txt）、md、json、docx（Word 表格）或 pdf",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="输出文件；- 表示标准输出；缺省：文本直接显示，docx 写到 out/",
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = OutputForce,
    reference_doc: Path | None = ReferenceDoc,
) -> None:
    """责任分工总览：每个单位的明确任务、牵头任务、可能涉及的任务数，以及单位 × 部分矩阵。"""
    from .commands.units import UnitsOptions, run

    _exit(
        run(
            UnitsOptions(
                plan=plan,
                output_format=output_format,
                output=output,
                plans_dir=plans_dir,
                units=units,
                force=force,
                reference_doc=reference_doc,
            )
        )
    )


@app.command("import")
def import_command(
    source: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="要导入的计划：.docx、.xlsx（任务分工表）、网页 .html 或 .txt（UTF-8 或 GBK/GB18030）",
    ),
    year: int | None = typer.Option(None, "--year", metavar="YEAR", help="计划年份（缺省从标题中识别）"),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="写入的 YAML 文件；缺省为 <计划文件夹>/<年份>.yaml；- 表示标准输出",
    ),
    plans_dir: Path = typer.Option(
        Path("plans"),
        "--plans-dir",
        metavar="DIR",
        callback=project.default_in_project("plans"),
        show_default=False,
        help="计划文件夹：缺省的输出位置（<年份>.yaml）和单位名录 units.yaml 所在；缺省为项目的 plans",
    ),
    units: Path | None = typer.Option(
        None, "--units", metavar="FILE", help="单位名录文件（缺省：计划文件夹中的 units.yaml）"
    ),
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的计划文件"),
    add_units: bool = typer.Option(
        False, "--add-units", help="把名录中没有的单位登记到 units.yaml 末尾，待核对"
    ),
    ids_from: str | None = typer.Option(
        None,
        "--ids-from",
        metavar="PLAN",
        help="沿用另一份计划（年份或文件，如 2025）中对应任务的编号，使 diff 能逐项对照",
    ),
) -> None:
    """把已有的计划（Word 或文本）导入为计划 YAML：不丢一个字，拿不准的地方逐条报告。"""
    from .commands.import_plan import ImportOptions, run

    _exit(
        run(
            ImportOptions(
                source=source,
                year=year,
                output=output,
                plans_dir=plans_dir,
                units=units,
                force=force,
                add_units=add_units,
                ids_from=ids_from,
            )
        )
    )


@app.command()
def schema(
    check: bool = typer.Option(False, "--check", help="只检查 schemas/ 中的文件是否最新；过期则退出码 1"),
    out_dir: Path = typer.Option(
        Path("schemas"),
        "--out-dir",
        metavar="DIR",
        callback=project.default_in_project("schemas"),
        show_default=False,
        help="JSON Schema 写入的文件夹（缺省为项目的 schemas）",
    ),
) -> None:
    """由模型生成 JSON Schema（plan.schema.json、units.schema.json），供编辑器补全和校验。"""
    from .commands.schema import run

    _exit(run(check, out_dir))


@app.command("rules")
def list_rules(
    code: str | None = typer.Argument(
        None, metavar="[CODE]", help="规则代码或名称（如 KP010、stale-year）：显示该规则的说明和例子"
    ),
) -> None:
    """列出全部检查规则及其代码；给出代码时显示该规则的说明。"""
    from .commands.rules import run

    _exit(run(code))


@app.command("diff")
def diff_command(
    old: str = typer.Argument(
        ...,
        metavar="OLD",
        help="旧计划：年份（如 2025）、文件路径，或 git:修订:路径（如 git:origin/main:plans/2025.yaml）",
    ),
    new: str = typer.Argument(..., metavar="NEW", help="新计划：写法同上"),
    output_format: str = typer.Option(
        "text",
        "--format",
        "-f",
        metavar="FORMAT",
        help="text（终端，也可写 txt）、md（CI 摘要、PR 评论）、json、docx（新旧对照表）、pdf（对照表经 LibreOffice 转换）或 redline（带修订标记的公文）",
    ),
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="输出文件；- 表示标准输出；缺省：文本直接显示，docx 写到 out/",
    ),
    ignore_year: bool = typer.Option(
        False, "--ignore-year", help="不显示仅是年份顺延（2025年→2026年）的变化"
    ),
    exit_code: bool = typer.Option(
        False, "--exit-code", help="两份计划有差别时以退出码 1 结束（同 git diff --exit-code）"
    ),
    overrides: Path | None = typer.Option(
        None, "--overrides", metavar="FILE", help="对照设置（YAML）：pin 固定、forbid 排除某些任务的对应关系"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    color: str = typer.Option("auto", "--color", metavar="WHEN", help="auto、always 或 never"),
    force: bool = OutputForce,
    author: str | None = typer.Option(
        None, "--author", metavar="NAME", help="修订人（redline 中每处修订标记的作者；缺省为 kepu-plan）"
    ),
) -> None:
    """逐项比较两年的计划：新增、删除、修改、移动、调整顺序的任务，以及各单位增减的任务。"""
    from .commands.diff import DiffOptions, run

    _exit(
        run(
            DiffOptions(
                old=old,
                new=new,
                output_format=output_format,
                output=output,
                ignore_year=ignore_year,
                exit_code=exit_code,
                overrides=overrides,
                plans_dir=plans_dir,
                units=units,
                color=color,
                force=force,
                author=author,
            )
        )
    )


@app.command("new")
def new_command(
    year: int = typer.Argument(..., metavar="YEAR", help="新计划的年份，如 2026"),
    source: str | None = typer.Option(
        None,
        "--from",
        metavar="PLAN",
        help="来源计划：年份或文件路径；缺省为计划文件夹中早于 YEAR 的最新计划",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="PATH", help="新计划文件；缺省为 <计划文件夹>/<YEAR>.yaml"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    force: bool = typer.Option(False, "--force", help="允许覆盖已有的计划文件"),
    progress_dir: Path = typer.Option(
        Path("progress"),
        "--progress-dir",
        callback=project.default_in_project("progress"),
        show_default=False,
        metavar="DIR",
        help="各单位进展数据所在文件夹（次年工作建议取自这里）",
    ),
) -> None:
    """由上一年的计划起草新一年的计划：编号、注释不变，年份顺延；各单位的次年工作建议列为待审定的任务。"""
    from .commands.new_plan import NewOptions, run

    _exit(
        run(
            NewOptions(
                year=year,
                source=source,
                output=output,
                plans_dir=plans_dir,
                units=units,
                force=force,
                progress_dir=progress_dir,
            )
        )
    )


RoundOption = typer.Option(
    None,
    "--round",
    metavar="ROUND",
    help="填报轮次，如 2025-年中；缺省为 <年份>-年度（读取时缺省为最近收集的轮次）",
)
ProgressDir = typer.Option(
    Path("progress"),
    "--progress-dir",
    metavar="DIR",
    callback=project.default_in_project("progress"),
    show_default=False,
    help="各单位进展数据所在文件夹；缺省为项目的 progress（plans 旁边）",
)


@app.command("forms")
def forms_command(
    plan: str | None = PlanArgument,
    round_name: str | None = RoundOption,
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="DIR",
        help="存放填报表的文件夹；缺省为 out/<标题>完成情况填报表-<轮次>/",
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
) -> None:
    """为每个有明确任务的单位生成进展填报表（.xlsx）：任务、进展状态下拉、完成情况、主要数据、次年工作建议。"""
    from .commands.forms import FormsOptions, run

    _exit(run(FormsOptions(plan, round_name, output, plans_dir, units)))


@app.command("collect")
def collect_command(
    plan: str = typer.Argument(..., metavar="PLAN", help="年份或计划文件路径，如 2025"),
    files: list[str] = typer.Argument(
        ..., metavar="FILE...", help="收回的填报表（.xlsx），可用通配符，如 返回/*.xlsx"
    ),
    round_name: str | None = typer.Option(
        None, "--round", metavar="ROUND", help="只收集该轮次的填报表；缺省按各表格中记录的轮次"
    ),
    force: bool = typer.Option(False, "--force", help="已收集过的单位，用这份表格替换原有数据"),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    progress_dir: Path = ProgressDir,
) -> None:
    """收集各单位填好的填报表：逐份检查，把填报内容保存为 progress/<年份>/<轮次>/<单位>.yaml。"""
    from .commands.collect import CollectOptions, run

    _exit(run(CollectOptions(plan, files, round_name, force, plans_dir, units, progress_dir)))


@app.command("progress")
def progress_command(
    plan: str | None = PlanArgument,
    round_name: str | None = RoundOption,
    output_format: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text、md 或 json"),
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", help="截至日期（如 2025-07-01）：列出已过完成时限而未完成的任务"
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="PATH", help="输出文件；缺省为标准输出"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    progress_dir: Path = ProgressDir,
) -> None:
    """进展汇总：每项任务的综合状态和各单位的报送、各部分完成数、催报名单、逾期任务。"""
    from .commands.progress import ProgressOptions, run

    _exit(
        run(ProgressOptions(plan, round_name, output_format, as_of, output, plans_dir, units, progress_dir))
    )


@app.command("site")
def site_command(
    plan: str | None = PlanArgument,
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="DIR", help="存放网页的文件夹；缺省为 out/site/"
    ),
    round_name: str | None = RoundOption,
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", help="截至日期（如 2025-07-01）：进展看板中标出逾期的任务"
    ),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    progress_dir: Path = ProgressDir,
    force: bool = OutputForce,
) -> None:
    """静态网站：计划全文（可按单位筛选）、各单位任务页、进展看板（已收集填报表时）、与上一年计划的对比。"""
    from .commands.site import SiteOptions, run

    _exit(
        run(
            SiteOptions(
                plan=plan,
                output=output,
                round=round_name,
                as_of=as_of,
                plans_dir=plans_dir,
                units=units,
                progress_dir=progress_dir,
                force=force,
            )
        )
    )


@app.command("report")
def report_command(
    plan: str | None = PlanArgument,
    round_name: str | None = RoundOption,
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="PATH", help="输出文件（.docx、.md 或 .pdf）；缺省为 out/<标题>.docx"
    ),
    output_format: str | None = typer.Option(
        None, "--format", "-f", metavar="FORMAT", help="docx、md 或 pdf；缺省按 -o 的扩展名，否则 docx"
    ),
    as_of: str | None = typer.Option(None, "--as-of", metavar="DATE", help="截至日期：另列出逾期的任务"),
    plans_dir: Path = PlansDir,
    units: Path | None = UnitsFile,
    progress_dir: Path = ProgressDir,
    force: bool = OutputForce,
    reference_doc: Path | None = typer.Option(
        None, "--reference-doc", metavar="FILE", help="参考 Word 文档：页面设置、样式、页眉页脚取自该文档"
    ),
) -> None:
    """年度科普工作完成情况报告（公文格式 Word、Markdown 或 PDF）：汇总、各项任务、主要数据、各单位报送。"""
    from .commands.report import ReportOptions, run

    _exit(
        run(
            ReportOptions(
                plan,
                round_name,
                output,
                output_format,
                as_of,
                plans_dir,
                units,
                progress_dir,
                force,
                reference_doc,
            )
        )
    )


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command this run invokes, when the command line names one plainly.

    Typer builds every registered command's Click object, with an adapter per parameter, before it
    parses a single argument (~7 ms for twelve commands, on every run); only the invoked one is ever
    used. When the first word that is not an option names a command, and nothing before it but
    --debug (--help there lists every command), a copy of the app holding that one command runs
    instead: same options, same help, same errors. Otherwise (no command, a misspelt one that
    earns suggestions, -h) the whole app runs.
    """
    position = next((n for n, arg in enumerate(args) if not arg.startswith("-")), None)
    if position is None or any(arg != "--debug" for arg in args[:position]):
        return app
    wanted = [
        info
        for info in app.registered_commands
        if (info.name or typer.main.get_command_name(info.callback.__name__ if info.callback else ""))
        == args[position]
    ]
    if not wanted:
        return app
    only = copy.copy(app)
    only.registered_commands = wanted
    return only


def main() -> None:
    """Entry point: no traceback reaches a user unless --debug asks for it."""
    from .entry import collect_less_often

    collect_less_often()  # entry.main did it first thing; here for callers of cli.main itself
    try:
        _app_for(sys.argv[1:])()
    except SystemExit:
        raise
    except OSError as exc:  # stdout to a full disk or a closed pipe: the surroundings, not a bug
        from .output import abandon_stdout, os_error_text

        abandon_stdout()
        with contextlib.suppress(OSError):  # stderr may be gone too
            sys.stderr.write(f"kepu-plan：无法写出结果：{os_error_text(exc)}\n")
        sys.exit(EXIT_IO)
    except Exception as exc:  # a bug, not bad input: bad input has its own messages
        if _state["debug"] or "--debug" in sys.argv:
            raise
        typer.echo(
            f"kepu-plan：内部错误（{type(exc).__name__}）。请用 --debug 重新运行并报告此问题。", err=True
        )
        sys.exit(EXIT_INTERNAL)
