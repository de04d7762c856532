"""The command line declared once: every option several commands share, and the typer command that a
command module's `Options` dataclass becomes.

A command module (`commands/<name>.py`) declares its options once, as the fields of a keyword-only
`Options` dataclass whose annotations carry typer's `Argument`/`Option` (an `Annotated` alias from
here for a shared option, inline for its own), and writes `command = typer_command(Options, run,
help)`. :func:`typer_command` gives typer a function whose signature is those fields (plus the
`--debug` every command takes) and whose body is `run(Options(**values))`: no option is written in a
signature, a dataclass and a constructor call. `cli.py` only puts the commands into the app.

No `from __future__ import annotations` here: the aliases are read by typer as objects.
"""

import dataclasses
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer

from ..i18n import TEXT
from ..project import in_project

DEBUG_HELP = "出错时显示完整的调用栈（供开发者排查）"


def default_in_project(name: str) -> Callable[[typer.Context, typer.CallbackParam, Path], Path]:
    """A typer callback for a folder option (`--plans-dir`, `--progress-dir`, `--out-dir`): the value as
    typed when the user gave it; else, when `--plans-dir` was given, the folder `name` beside those
    plans (their progress/, not the working folder's project's); else the project's folder `name`
    (found upwards from the working folder)."""

    def resolve(ctx: typer.Context, param: typer.CallbackParam, value: Path) -> Path:
        if given(ctx, param.name):
            return value
        if name != PLANS.name and given(ctx, "plans_dir") and "plans_dir" in ctx.params:
            return Path(ctx.params["plans_dir"]).parent / name  # beside the plans the user named
        return in_project(name)

    return resolve


def given(ctx: typer.Context, name: str | None) -> bool:
    """Whether the user typed option `name` (not its default). Click handles the options typed on the
    command line before the others, so a folder left to its default sees `--plans-dir` already in
    `ctx.params` when it was given."""
    source = ctx.get_parameter_source(name) if name else None
    return source is not None and source.name != "DEFAULT"  # the ParameterSource of whichever Click


def folder_option(name: str, help: str) -> Any:
    """`--plans-dir`-like options: a folder of the project unless the user names one."""
    return typer.Option(
        f"--{name}-dir",
        metavar="DIR",
        callback=default_in_project(name),
        show_default=False,
        help=help,
    )


def output_option(help: str, metavar: str = "PATH") -> Any:
    """-o/--output: where the result goes (`-` is standard output: commands/common.emit)."""
    return typer.Option("--output", "-o", metavar=metavar, help=help)


def format_option(help: str) -> Any:
    """-f/--format: the output format's name (the names are writers.WRITERS')."""
    return typer.Option("--format", "-f", metavar="FORMAT", help=help)


def whole_number(text: str) -> int:
    """A number typed on the command line (a year): the int, or a usage error in our words (Click's
    own conversion words it in English, typer 0.29's through pydantic)."""
    try:
        return int(text)
    except ValueError:
        raise typer.BadParameter(TEXT["not_a_number"].format(value=text)) from None


PlanArgument = Annotated[
    str | None, typer.Argument(metavar="[PLAN]", help="年份或计划文件路径；缺省为最新的计划")
]
PlansDir = Annotated[
    Path,
    folder_option(
        "plans", "计划文件所在文件夹（年份参数在此查找）；缺省为项目的 plans（从当前文件夹向上找）"
    ),
]
ProgressDir = Annotated[
    Path, folder_option("progress", "各单位进展数据所在文件夹；缺省为项目的 progress（plans 旁边）")
]
UnitsFile = Annotated[
    Path | None,
    typer.Option("--units", metavar="FILE", help="单位名录文件（缺省：计划旁边或计划文件夹中的 units.yaml）"),
]
OutputForce = Annotated[
    bool,
    typer.Option(
        "--force", help="允许输出覆盖计划、名录、进度等 YAML 文件或本命令读取的输入文件（符号链接始终不写）"
    ),
]
#: --force of the commands that write a plan (import, new): an existing plan is replaced only with it.
PlanForce = Annotated[bool, typer.Option("--force", help="允许覆盖已有的计划文件")]
ReferenceDoc = Annotated[
    Path | None,
    typer.Option(
        "--reference-doc",
        metavar="FILE",
        help="参考 Word 文档（.docx）：页面设置、样式、页眉页脚（如红头）取自该文档，内容仍取自计划",
    ),
]
Round = Annotated[
    str | None,
    typer.Option(
        "--round",
        metavar="ROUND",
        help="填报轮次，如 2025-年中；缺省为 <年份>-年度（读取时缺省为最近收集的轮次）",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="截至日期（如 2025-07-01）：另列出已过完成时限而未完成的任务"
    ),
]
Color = Annotated[str, typer.Option("--color", metavar="WHEN", help="auto、always 或 never")]
PLANS = Path("plans")
PROGRESS = Path("progress")

_DEBUG = inspect.Parameter(
    "debug",
    inspect.Parameter.KEYWORD_ONLY,
    default=False,
    annotation=Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)],
)


def typer_command(options_type: type[Any], run: Callable[[Any], int], help: str) -> Callable[..., None]:
    """The typer command of a command module: its parameters are the fields of `options_type` (a
    keyword-only dataclass whose annotations carry typer's Argument/Option), in their order, then
    `--debug` (read by cli.main from the command line; accepted after the command's name too). It
    builds the options, runs the command and ends with its exit code."""
    hints = get_type_hints(options_type, include_extras=True)
    parameters = [
        inspect.Parameter(
            field.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=inspect.Parameter.empty if field.default is dataclasses.MISSING else field.default,
            annotation=hints[field.name],
        )
        for field in dataclasses.fields(options_type)
    ]

    def command(**values: Any) -> None:
        values.pop(_DEBUG.name)
        code = run(options_type(**values))
        if code:
            raise typer.Exit(code)

    command.__signature__ = inspect.Signature([*parameters, _DEBUG])  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in command.__signature__.parameters.values()}  # type: ignore[attr-defined]
    command.__doc__ = help
    command.__name__ = options_type.__module__.rsplit(".", 1)[-1]
    return command
