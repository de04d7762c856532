"""What reading one returned form gives back, and how its problems are gathered on the way.

Every step of the reader (the safety checks on the bytes, the form's grammar) reports into one
`Findings` of the file, so the diagnostics come out in the order they were found, each located as
``file:sheet!cell``; a step that cannot go on raises the `FormRejected` that `Findings.reject` made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..assignments import UnitTasks
from ..diagnostics import Code, Diagnostic, LoadError, Severity
from ..model import Plan
from ..progress_files import ProgressFile


class FormRejected(Exception):
    """Reading stops: the file cannot be read as a form at all (its diagnostics say why)."""


@dataclass
class CollectContext:
    """What every returned form is checked against."""

    plan: Plan
    fingerprint: str
    units: dict[str, UnitTasks]  # the units that were sent forms, by name
    round: str | None  # the round asked for (--round), or None: take the form's own
    stems: dict[str, str]  # every registered unit's file stem (progress_store.unit_stems)


@dataclass
class FormRead:
    """One returned file: what it says (progress, when it could be read) and what is wrong with it."""

    display: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    progress: ProgressFile | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


@dataclass
class Findings:
    """The diagnostics of one file as `display` names it, in the order they were found."""

    display: str
    found: list[Diagnostic] = field(default_factory=list)

    def report(self, code: Code, message: str, cell: str | None = None, hint: str | None = None) -> None:
        self.found.append(code.in_cell(message, self.display, cell, hint))

    def reject(
        self, code: Code, message: str, cell: str | None = None, hint: str | None = None
    ) -> FormRejected:
        """Report, and give the exception that stops reading (the caller raises it)."""
        self.report(code, message, cell, hint)
        return FormRejected()

    def refuse(self, error: LoadError) -> FormRejected:
        """Take the diagnostics of a shared check (inputs, archives, workbook_scan) that refused the file."""
        self.found.extend(error.diagnostics)
        return FormRejected()

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.found)
