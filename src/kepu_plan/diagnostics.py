"""Problems found in a plan, and the reporters that print them.

A check never prints: it yields :class:`Diagnostic` objects, each with a stable code and a place in a
file. Reporters turn a list of them into text for a terminal, one JSON document, or GitHub Actions
annotations. Results go to stdout, diagnostics to stderr; the CLI decides which stream.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import TextIO

from .charsets import visible


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


@dataclass(frozen=True)
class Code:
    """A published diagnostic code: KP010, its readable name, its severity and a one-line summary.

    Every code lives in :mod:`kepu_plan.codes`; nothing else spells one out.
    """

    code: str
    name: str
    severity: Severity
    summary: str

    def __str__(self) -> str:
        return self.code

    def at(self, message: str, file: str, line: int = 1, col: int = 1, hint: str | None = None) -> Diagnostic:
        """A diagnostic with this code at a place in a file."""
        return Diagnostic(self.code, self.severity, message, file, line, col, hint)

    def in_cell(
        self, message: str, file: str, cell: str | None = None, hint: str | None = None
    ) -> Diagnostic:
        """A diagnostic with this code at a cell of a workbook (工作任务!H5), or the file as a whole."""
        return Diagnostic(self.code, self.severity, message, file, hint=hint, cell=cell)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: what (code, message), how bad (severity) and where (file, line, col; 1-based)."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 1
    col: int = 1
    hint: str | None = None
    #: In a spreadsheet the place is a cell, not a line: 工作任务!H5 (then `location` is file:sheet!cell).
    cell: str | None = None

    @property
    def location(self) -> str:
        if self.cell:
            return f"{self.file}:{self.cell}"
        return f"{self.file}:{self.line}:{self.col}"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data

    def shown(self) -> Diagnostic:
        """This diagnostic as every reporter prints it: the strings a user supplied (names, quoted text,
        file names) with control, bidi and invisible characters written as \\uXXXX (charsets.visible)."""
        from dataclasses import replace

        return replace(
            self,
            message=visible(self.message),
            file=visible(self.file),
            hint=None if self.hint is None else visible(self.hint),
            cell=None if self.cell is None else visible(self.cell),
        )


def did_you_mean(candidates: Sequence[str]) -> str:
    """The one wording of a suggestion: 是否应为「市科技局」？ or 是否应为「市科协」或「区科协」？"""
    return "是否应为" + "或".join(f"「{c}」" for c in candidates) + "？"


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.col, d.code)


def use_colour(stream: TextIO, choice: str = "auto") -> bool:
    """Colour only on a terminal that can show it, as pre-commit does (`--color auto|always|never`)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m"}
_RESET, _DIM = "\033[0m", "\033[2m"


def format_text(diagnostics: Sequence[Diagnostic], *, colour: bool = False) -> str:
    """`file:line:col: 错误 KP010 message` lines, a hint under each where there is one, and a summary."""
    lines: list[str] = []
    for d in (d.shown() for d in diagnostics):
        label = SEVERITY_LABEL[d.severity]
        if colour:
            label = f"{_COLOURS[d.severity]}{label}{_RESET}"
        lines.append(f"{d.location}: {label} {d.code} {d.message}")
        if d.hint:
            hint = f"  提示：{d.hint}"
            lines.append(f"{_DIM}{hint}{_RESET}" if colour else hint)
    errors, warnings = count(diagnostics, Severity.ERROR), count(diagnostics, Severity.WARNING)
    if diagnostics:
        lines.append(f"共 {errors} 个错误，{warnings} 个警告。")
    return "\n".join(lines)


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so problems appear as annotations on the pull request."""
    lines = []
    for d in (d.shown() for d in diagnostics):
        message = d.message + (f"（提示：{d.hint}）" if d.hint else "")
        lines.append(
            f"::{d.severity} file={_github_escape(d.file, prop=True)},line={d.line},col={d.col},"
            f"title={d.code}::{_github_escape(message)}"
        )
    return "\n".join(lines)


def format_json(diagnostics: Sequence[Diagnostic], files: Sequence[str]) -> str:
    """One valid JSON document for every file checked, however many problems there are."""
    document = {
        "files": [visible(f) for f in files],
        "summary": {
            "errors": count(diagnostics, Severity.ERROR),
            "warnings": count(diagnostics, Severity.WARNING),
        },
        "diagnostics": [d.shown().to_dict() for d in diagnostics],
    }
    import json  # only for -f json

    return json.dumps(document, ensure_ascii=False, indent=2)


#: The formats of `validate`'s report (the writers of results are in kepu_plan.writers).
REPORT_FORMATS = ("auto", "text", "json", "github")


def resolve_format(choice: str) -> str:
    """`auto` means GitHub annotations inside GitHub Actions, plain text elsewhere."""
    if choice != "auto":
        return choice
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


class LoadError(Exception):
    """A file could not be turned into a model; `diagnostics` says where and why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics

    @classmethod
    def at(
        cls, code: Code, message: str, file: str, line: int = 1, col: int = 1, hint: str | None = None
    ) -> LoadError:
        """One located error: the usual case when reading stops at the first problem."""
        return cls([code.at(message, file, line, col, hint)])
