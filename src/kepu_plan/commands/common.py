"""What every command shares: exit codes, usage errors, loading a checked plan, writing the result.

One error style: a command, or a helper deep inside it, stops with `fail_usage()` (exit 2) or
`fail_problems()` (exit 1), which print one line of Chinese on stderr and raise typer.Exit. A command's
`run` returns its exit code only when it finishes (0, or 1 for problems it found). A user never sees
a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from .. import diagnostics as diag
from ..charsets import visible
from ..exitcodes import EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from ..project import REFERENCE_DOCX, in_project, template_file

if TYPE_CHECKING:
    from ..checking import Checked
    from ..model import Plan
    from ..output import OutputError
    from ..progress import Progress
    from ..units import Registry
    from ..writers import OutputKind, WriterError, WriterFunc, WriterSpec

__all__ = ["EXIT_INTERNAL", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE"]


def shown_message(message: str) -> str:
    """A message of the tool for the terminal: `kepu-plan：` and its first line, then its own further
    lines (the next steps after "找不到计划") as lines. Each line is escaped (charsets.visible), and
    every line after the first is indented, so no line break in a user's string can print a line
    that poses as a `文件:行:列` location."""
    first, *rest = message.split("\n")
    lines = [visible(line) for line in rest]
    return "\n".join([f"kepu-plan：{visible(first)}", *(f"  {line.lstrip(' ')}" for line in lines)])


def say(*lines: str) -> None:
    """Lines for the person at the terminal (stderr) that may quote input — a file or unit name, a
    unit's proposal, a font of a reference document: each line escaped as diagnostics are
    (charsets.visible), so that no control, bidi or line-break character of the input acts on the
    terminal or forges a line of its own. Each argument is one line."""
    typer.echo("\n".join(visible(line) for line in lines), err=True)


def fail_usage(message: str) -> NoReturn:
    """The command was used wrongly (a bad flag, a missing file, an unknown unit): say how, exit 2."""
    typer.echo(shown_message(message), err=True)
    raise typer.Exit(EXIT_USAGE)


def print_diagnostics(diagnostics: list[diag.Diagnostic], colour: str = "auto") -> None:
    if diagnostics:
        typer.echo(diag.format_text(diagnostics, colour=diag.use_colour(sys.stderr, colour)), err=True)


def fail_problems(diagnostics: list[diag.Diagnostic], why: str) -> NoReturn:
    """The input has errors: show them, say what was not done, exit 1."""
    print_diagnostics(diagnostics)
    typer.echo(why, err=True)
    raise typer.Exit(EXIT_PROBLEMS)


def warn_passed_over(plans_dir: Path) -> None:
    """Name what looking for plans in `plans_dir` passed over (a pipe named 2026.yaml): a warning."""
    from ..loading import passed_over

    for message in passed_over(plans_dir):
        say(f"kepu-plan：警告：{message}")


def load_checked_plan(plan: str | None, plans_dir: Path, units: Path | None) -> Checked:
    """Resolve, load and validate a plan for an output command; exit 1 with diagnostics on errors."""
    from ..checking import check_plan, display_path
    from ..loading import find_registry, resolve_plan

    if plan is None:
        warn_passed_over(plans_dir)
    try:
        path = resolve_plan(plan, plans_dir)
        registry_path = find_registry(path, plans_dir, units)
    except FileNotFoundError as exc:
        fail_usage(str(exc))
    if plan is None:  # the user named no plan: say which one this is, it may be next year's draft
        say(f"使用 {display_path(path)}（未指定计划时用最新的一份；可写年份指定，如 2025）")
    checked = check_plan(path, registry_path, errors_only=True)  # warnings are validate's to show
    errors = [d for d in checked.diagnostics if d.severity is diag.Severity.ERROR]
    if errors or checked.loaded is None:
        fail_problems(errors, "计划有错误，未生成输出；请先修正（kepu-plan validate 可查看全部问题）。")
    return checked


def load_plan_for_round(
    plan: str | None, plans_dir: Path, units: Path | None, round_name: str | None
) -> tuple[Plan, Registry]:
    """The yearly cycle's opening (forms, collect, progress, report): a named round must be usable as a
    folder name (exit 2 before anything is read), then the plan and its registry, checked as for output."""
    from ..progress import check_round

    if round_name is not None and (problem := check_round(round_name)):
        fail_usage(problem)
    checked = load_checked_plan(plan, plans_dir, units)
    assert checked.loaded is not None and checked.registry is not None
    return checked.loaded.model, checked.registry


def parse_as_of(value: str | None) -> dt.date | None:
    """--as-of DATE (progress, report): an ISO date, or a usage error."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        fail_usage(f"--as-of 应为日期，如 2025-07-01，而不是「{value}」")


def load_progress(
    plan: str | None,
    round_name: str | None,
    as_of: dt.date | None,
    plans_dir: Path,
    units: Path | None,
    progress_dir: Path,
    *,
    collected: bool = False,
) -> Progress:
    """What `progress`, `report` and `remind` start from: the plan (checked) and the round's progress
    files, combined; exit 1 on unreadable files. `collected`: the round must hold collected files
    (exit 2 otherwise) — who has not reported is only known once forms came back."""
    from ..progress import combine
    from ..progress_store import choose_round, load_round

    model, registry = load_plan_for_round(plan, plans_dir, units, round_name)
    chosen = choose_round(progress_dir, model.year, round_name)
    if collected:
        require_collected(progress_dir, model.year, chosen)
    files, problems = load_round(progress_dir, model.year, chosen, registry)
    if any(d.severity is diag.Severity.ERROR for d in problems):
        fail_problems(problems, "进展文件有错误，未生成结果；请修正或重新收集（kepu-plan collect --force）。")
    print_diagnostics(problems)  # files beside the units' own: named, never read
    return combine(model, registry, files, chosen, as_of)


def require_collected(progress_dir: Path, year: int, round_name: str) -> None:
    """Exit 2 when no form of round `round_name` has been collected: naming the folder looked in and
    the rounds that do hold files (a mistyped --round), or saying that `collect` comes first."""
    from ..progress_store import round_dir, rounds

    found = [folder.name for folder in rounds(progress_dir, year)]
    if round_name in found:
        return
    folder = round_dir(progress_dir, year, round_name)
    others = f"；已收集的轮次：{'、'.join(found)}（用 --round 指定）" if found else ""
    fail_usage(
        f"轮次 {round_name} 还没有收回任何填报表（{folder} 中没有进展文件），无法判断哪些单位未报送；"
        f"请先用 kepu-plan collect 收表{others}"
    )


@contextmanager
def writer_errors(checked: Checked) -> Iterator[None]:
    """Around a writer: a wrong writer option (a bad SOURCE_DATE_EPOCH) is a usage error (exit 2), a plan
    value the format cannot hold a located problem of the plan (exit 1)."""
    from ..writers import WriterError, WriterOptionError

    try:
        yield
    except WriterOptionError as exc:
        fail_usage(str(exc))
    except WriterError as exc:
        fail_unwritable(checked, exc)


def fail_unwritable(checked: Checked, exc: WriterError) -> NoReturn:
    """A plan value the output format cannot hold (a WriterError): located like any diagnostic."""
    assert checked.loaded is not None
    found = checked.loaded.source.diagnostic(exc.code, str(exc), exc.path, hint=exc.hint)
    fail_problems([found], "计划有错误，未生成输出；请先修正。")


def check_colour(choice: str) -> None:
    """--color auto|always|never, as pre-commit spells it."""
    if choice not in ("auto", "always", "never"):
        fail_usage(f"--color 只能是 auto、always 或 never，而不是「{choice}」")


def choose_writer(
    kind: OutputKind, name: str | None, *, output: str | None, default: str | None = None, **options: Any
) -> tuple[str, WriterSpec, WriterFunc]:
    """The canonical format name, its writer and the writer function with `options` bound. The format
    is `name` (--format) or, left out, the one `output`'s suffix names, else `default`
    (writers.format_for: the one -o rule). A format, a suffix or an option the writer does not take
    is a usage error (exit 2)."""
    from ..writers import WriterOptionError, format_for, writer

    try:
        canonical, spec = writer(kind, format_for(kind, name, output, default))
        if options.get("reference_doc") is None and "reference_doc" in spec.options:
            options["reference_doc"] = template_file(REFERENCE_DOCX)  # the city's 红头, if it keeps one
        loaded = spec.load(**options)
    except WriterOptionError as exc:
        fail_usage(str(exc))
    if spec.pdf:
        require_pdf()
    return canonical, spec, loaded


def finish(spec: WriterSpec, documents: list[tuple[str, bytes]]) -> list[bytes]:
    """What the writers made, as the format asked for: Word documents converted to PDF in one
    LibreOffice run when the format is pdf, unchanged otherwise."""
    return as_pdf(documents) if spec.pdf else [data for _, data in documents]


def emit(
    data: bytes,
    output: str | None,
    default_name: str,
    *,
    binary: bool,
    force: bool,
    print_by_default: bool = False,
) -> None:
    """Write to stdout (`-o -`), to the given path (a folder: the default name in it), or to
    out/<default_name>; print where it went.

    The one rule for where output goes: `-o -` is standard output and `-o PATH` a file, for every
    command and format. Without -o, `render` writes a file (it makes documents to hand out), while
    the commands that answer a question (`units`, `diff`: `print_by_default`) print text, md and json
    and write Word documents to out/.
    """
    from ..output import OutputError, is_stdout, output_path, write_atomically, write_stdout

    if output is None and print_by_default and not binary:
        output = "-"
    try:
        if is_stdout(output):
            if binary and sys.stdout.isatty():
                fail_usage("不能把二进制文档输出到终端；请用 -o 指定文件，或重定向到文件")
            write_stdout(data)
            return
        # a trailing slash or an existing folder: the default name inside it
        target = output_path(output, in_project("out") / default_name)
        write_atomically(target, data, force=force)
        write_stdout(f"{visible(str(target))}\n")
    except OutputError as exc:
        fail_output(exc)


def fail_output(exc: OutputError) -> NoReturn:
    """The output could not be written (an OutputError): exit 2 for a refused target, 3 for a failed write."""
    typer.echo(shown_message(str(exc)), err=True)
    raise typer.Exit(exc.exit_code)


def require_pdf() -> None:
    """Stop before any work when no PDF can be made (no LibreOffice), naming the package to install."""
    from ..writers.pdf import PdfError, soffice_path

    try:
        soffice_path()
    except PdfError as exc:
        fail_usage(str(exc))


def as_pdf(documents: list[tuple[str, bytes]]) -> list[bytes]:
    """Word documents (name, .docx bytes) as PDFs, through LibreOffice in one run; warn in Chinese on
    stderr about every font the documents ask for that this machine lacks, and what replaced it."""
    from ..writers.pdf import PdfError, convert, font_warning

    try:
        results = convert(documents)
    except PdfError as exc:
        fail_usage(str(exc))
    for warning in dict.fromkeys(w for r in results if (w := font_warning(r)) is not None):
        say(f"kepu-plan：警告：{warning}")
    return [r.pdf for r in results]
