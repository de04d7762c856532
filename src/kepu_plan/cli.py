"""The command line assembled: the `kepu-plan` group and the commands of commands/ (`COMMANDS`), each
declared in its own module; the frame around them is cliframe.py's. The work is done by the library.

Exit codes: 0 clean, 1 the input has problems, 2 the command was used wrongly (unknown unit, missing
file, bad flag), 3 an internal error (a bug: please report it with --debug output).
Heavy modules (jinja2, python-docx) are imported inside the commands that need them, so that
`validate` and `--help` start fast in every pre-commit run.
"""

# No `from __future__ import annotations` here: typer reads the commands' annotations at every run,
# and as objects rather than text they need no evaluation (~0.3 ms of each start).
import contextlib
import functools
import importlib
import sys
from collections.abc import Iterable
from typing import Annotated

import typer

from . import __version__
from .cliframe import KepuCommand, KepuGroup
from .commands.options import DEBUG_HELP
from .exitcodes import EXIT_INTERNAL, EXIT_IO

#: Every command: its name on the command line → its module in commands/, which owns its options
#: (an `Options` dataclass) and its typer function (`command`, made by commands.options.typer_command).
#: In the order `kepu-plan --help` lists them.
COMMANDS = {
    "validate": "validate",
    "render": "render",
    "units": "units",
    "import": "import_plan",
    "schema": "schema",
    "rules": "rules",
    "diff": "diff",
    "new": "new_plan",
    "forms": "forms",
    "collect": "collect",
    "progress": "progress",
    "report": "report",
    "remind": "remind",
    "site": "site",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kepu-plan {__version__}")
        raise typer.Exit()


def main_options(
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="显示版本")
    ] = False,
) -> None:
    """The options before a command's name. `--debug` is read from the command line by main()."""
    from .inputs import forget_inputs

    forget_inputs()  # a new run: the writer protects only what this run reads


def build_app(names: Iterable[str]) -> typer.Typer:
    """The app with the named commands (their modules imported now, not before)."""
    built = typer.Typer(
        name="kepu-plan",
        cls=KepuGroup,
        help="科普工作计划：校验、生成公文、按单位拆分、逐年对比。",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        subcommand_metavar="命令 [参数]...",
    )
    built.callback()(main_options)
    for name in names:
        module = importlib.import_module(f"{__package__}.commands.{COMMANDS[name]}")
        built.command(name, cls=KepuCommand)(module.command)
    return built


@functools.cache
def whole_app() -> typer.Typer:
    """The app with every command: for the group's help, a misspelt command, and the tests."""
    return build_app(COMMANDS)


def __getattr__(name: str) -> typer.Typer:
    """`cli.app`, the whole app, built on first use (PEP 562): a run that names its command builds
    only that one (app_for)."""
    if name == "app":
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command this run invokes, when the command line names one plainly.

    Typer builds every registered command's Click object, with an adapter per parameter, before it
    parses a single argument (~7 ms for twelve commands, on every run), and each command's module
    would be imported; only the invoked one is ever used. When the first word that is not an option
    names a command, and nothing before it but --debug (--help there lists every command), an app
    holding that one command runs instead: same options, same help, same errors. Otherwise (no
    command, a misspelt one that earns suggestions, -h) the whole app runs.
    """
    position = next((n for n, arg in enumerate(args) if not arg.startswith("-")), None)
    if position is None or any(arg != "--debug" for arg in args[:position]) or args[position] not in COMMANDS:
        return whole_app()
    return build_app([args[position]])


def main() -> None:
    """Run the command line: no traceback reaches a user unless --debug asks for it."""
    try:
        app_for(sys.argv[1:])()
    except SystemExit:
        raise
    except OSError as exc:  # stdout to a full disk or a closed pipe: the surroundings, not a bug
        from .output import abandon_stdout, os_error_text

        abandon_stdout()
        with contextlib.suppress(OSError):  # stderr may be gone too
            sys.stderr.write(f"kepu-plan：无法写出结果：{os_error_text(exc)}\n")
        sys.exit(EXIT_IO)
    except Exception as exc:  # a bug, not bad input: bad input has its own messages
        if "--debug" in sys.argv[1:]:
            raise
        typer.echo(
            f"kepu-plan：内部错误（{type(exc).__name__}）。请用 --debug 重新运行并报告此问题。", err=True
        )
        sys.exit(EXIT_INTERNAL)
