"""The frame around every command, in Chinese: usage line, help sections, usage errors.

Click writes that frame in English, and the Click inside typer 0.26+ has no translation hook. So
kepu-plan's command and group classes (given to typer with `cls=`) write it themselves through
Click's documented extension points: `format_usage` and `format_options` build the help from each
parameter's own fields (names, metavar, help, default, required), `get_help_option` words the help
option, and the group's `main` shows every usage error from the exception's type and fields
(:func:`error_message`, the one place). The words are i18n.TEXT's, the layout i18n's formatter.

Click's classes are not imported by name (typer 0.26+ keeps its copy of Click private): an
exception's kind is the name of its class or of one of its bases, as both Clicks spell them.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .i18n import TEXT, ChineseContext, did_you_mean
from .patterns import lazy_pattern


def _kinds(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


# -- help -----------------------------------------------------------------------------------------


def argument_name(param: Any) -> str:
    """An argument as usage lines, help and errors show it: its metavar ([PLAN] when optional)."""
    name = param.metavar or (param.name or "").upper() + ("..." if param.nargs != 1 else "")
    if not param.required and not name.startswith("["):
        name = f"[{name}]"
    return str(name)


def error_hint(param: Any) -> str:
    """How an error names a parameter: 'PLAN', or '-o' / '--output'."""
    if param.param_type_name == "argument":
        return f"'{argument_name(param)}'"
    return " / ".join(f"'{name}'" for name in param.opts)


def _option_names(param: Any) -> str:
    """-f, --format FORMAT: short names before long ones, then the metavar of an option with a value."""
    groups = [param.opts, *([param.secondary_opts] if param.secondary_opts else [])]
    shown = []
    for names in groups:
        text = ", ".join(sorted(names, key=lambda name: 1 if name.startswith("--") else 0))
        if not param.is_flag and not getattr(param, "count", False):
            text += f" {param.metavar or (param.name or '').upper()}"
        shown.append(text)
    return " / ".join(shown)


def _default_text(param: Any, ctx: Any) -> str | None:
    """The default a help row shows: none for an unset flag, a None, or show_default=False."""
    show = param.show_default if param.show_default is not None else ctx.show_default
    if isinstance(show, str):
        return f"({show})"
    default = param.default
    if not show or default is None or callable(default):
        return None
    if getattr(param, "is_bool_flag", False) and not default:
        return None
    if isinstance(default, list | tuple):
        return ", ".join(str(value) for value in default) or None
    return str(getattr(default, "value", default)) or None  # an Enum by its value


def help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """A parameter's row in the help: its names and its help, with [缺省：…] and [必填] after it."""
    if param.hidden:
        return None
    name = argument_name(param) if param.param_type_name == "argument" else _option_names(param)
    extra = []
    default = _default_text(param, ctx)
    if default is not None:
        extra.append(TEXT["default"].format(default=default))
    if param.required:
        extra.append(TEXT["required"])
    text = param.help or ""
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return name, text


def _format_usage(command: Any, ctx: Any, formatter: Any) -> None:
    pieces = [f"[{TEXT['options']}]"]
    pieces += [argument_name(p) for p in command.get_params(ctx) if p.param_type_name == "argument"]
    if getattr(command, "subcommand_metavar", None):
        pieces.append(command.subcommand_metavar)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=TEXT["usage"])


def _format_parameters(command: Any, ctx: Any, formatter: Any) -> None:
    rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
    for param in command.get_params(ctx):
        record = help_record(param, ctx)
        if record is not None and param.param_type_name in rows:
            rows[param.param_type_name].append(record)
    for kind, heading in (("argument", TEXT["arguments"]), ("option", TEXT["options"])):
        if rows[kind]:
            with formatter.section(heading):
                formatter.write_dl(rows[kind])


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = TEXT["help_option"]
    return option


class KepuCommand(TyperCommand):
    """Every kepu-plan command: its help frame in Chinese, laid out for Chinese text."""

    context_class = ChineseContext

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_parameters(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))


class KepuGroup(TyperGroup):
    """The `kepu-plan` group: the same frame, its commands listed, and every usage error of a run
    shown in Chinese (`main`)."""

    context_class = ChineseContext

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _format_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, command) for name, command in commands if command is not None and not command.hidden]
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _ in shown)
            with formatter.section(TEXT["commands"]):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in shown])

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def invoke(self, ctx: Any) -> Any:
        """A UsageProblem (a project found by walking up that another user owns, a bad
        SOURCE_DATE_EPOCH) is a usage error wherever it is raised: an option's default, a command,
        a reader, any writer."""
        from .exitcodes import UsageProblem

        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            from .commands.common import fail_usage

            fail_usage(str(exc))

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """A mistyped command: 没有命令 'rendr'。 with the nearest names (an option there is Click's)."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib  # only on a mistyped command

            close = difflib.get_close_matches(name, self.list_commands(ctx))
            ctx.fail(TEXT["no_such_command"].format(name=name) + (did_you_mean(close) if close else ""))
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; a usage error, an abort and the exit code are handled here, as Click's
        standalone mode does, but in Chinese."""
        run = super().main
        if not standalone_mode:
            return run(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            code = run(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except Exception as exc:
            kinds = _kinds(exc)
            if "Abort" in kinds:
                typer.echo(TEXT["aborted"], err=True)
                sys.exit(1)
            if "ClickException" not in kinds:
                raise
            show_error(exc)
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        sys.exit(code if isinstance(code, int) else 0)


# -- usage errors ---------------------------------------------------------------------------------

#: What Click gives only as English text (no field tells which case it is): its wording → ours.
LIBRARY_MESSAGES = (
    (lazy_pattern(r"Option '(?P<name>.+)' does not take a value\."), "takes_no_value"),
    (lazy_pattern(r"Option '(?P<name>.+)' requires an argument\."), "requires_value"),
    (lazy_pattern(r"Option '(?P<name>.+)' requires (?P<nargs>\d+) arguments\."), "requires_values"),
    (lazy_pattern(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)"), "extra_arguments"),
    (lazy_pattern(r"Missing command\."), "missing_command"),
)


def _library_message(message: str) -> str:
    for pattern, key in LIBRARY_MESSAGES:
        found = pattern().fullmatch(message)
        if found:
            return TEXT[key].format(**found.groupdict())
    return message


def error_message(exc: Any) -> str:
    """A usage error's message in Chinese, from the exception's type and fields."""
    kinds = _kinds(exc)
    if "NoSuchOption" in kinds:
        text = TEXT["no_such_option"].format(name=exc.option_name)
        return f"{text} {did_you_mean(sorted(exc.possibilities))}" if exc.possibilities else text
    hint = exc.param_hint if getattr(exc, "param_hint", None) else None
    if hint is None and getattr(exc, "param", None) is not None:
        hint = error_hint(exc.param)
    if "MissingParameter" in kinds:
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        missing = TEXT["missing_option"] if kind == "option" else TEXT["missing_argument"]
        return f"{missing} {hint}." if hint else f"{missing}."
    if "BadParameter" in kinds:
        message = _library_message(exc.message)
        if hint:
            return TEXT["invalid_value_for"].format(param_hint=hint, message=message)
        return TEXT["invalid_value"].format(message=message)
    return _library_message(exc.format_message() if "UsageError" not in kinds else exc.message)


def show_error(exc: Any) -> None:
    """A Click exception as Click's standalone mode shows it, in Chinese: for a usage error the usage
    line and where to find help, then 错误：…; the help itself when the group was run bare."""
    kinds = _kinds(exc)
    ctx: Any = getattr(exc, "ctx", None)
    if "NoArgsIsHelpError" in kinds:
        typer.echo(ctx.get_help(), err=True, color=ctx.color)
        return
    if "UsageError" in kinds and ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            command, option = ctx.command_path, ctx.help_option_names[0]
            hint = TEXT["try_help"].format(command=command, option=option) + "\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    typer.echo(TEXT["error"].format(message=error_message(exc)), err=True)
