"""The checks run on a loaded plan: one small module per rule, each with a stable code.

A rule is a function that takes a :class:`Context` and yields diagnostics; it never prints. Its module
registers it with :func:`rule` against its code from :mod:`kepu_plan.codes` (the one registry of
codes, names, severities and summaries), and its docstring (with pass/fail examples) is the rule's
documentation (`kepu-plan rules` prints it). Codes are never renumbered or reused once published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module

from ..author_text import author_texts
from ..diagnostics import Code, Diagnostic, Severity
from ..model import Plan, Task
from ..units import Registry
from ..yamlsource import SourceMap, YamlPath

Check = Callable[["Context"], Iterator[Diagnostic]]


@dataclass(frozen=True, eq=False)
class Context:
    """What every rule may look at: the plan, where its values stand, and the unit registry."""

    plan: Plan
    source: SourceMap
    registry: Registry

    def tasks(self) -> list[tuple[YamlPath, Task]]:
        """Every task with its YAML path (the plan's one located-task view), gathered once for all the
        rules: a dozen rules walk the tasks, and Plan.tasks() builds its located tasks anew each call."""
        return self._tasks

    @cached_property
    def _tasks(self) -> list[tuple[YamlPath, Task]]:
        return [(located.path, located.task) for located in self.plan.tasks()]

    def tasks_with_units(self) -> list[tuple[YamlPath, Task, list[str]]]:
        """Every task with its path and its unit names in published order (task.unit_names, worked out
        once for the four rules that look at them all)."""
        return self._tasks_with_units

    @cached_property
    def _tasks_with_units(self) -> list[tuple[YamlPath, Task, list[str]]]:
        return [(path, task, task.unit_names) for path, task in self.tasks()]

    def unit_references(self) -> list[tuple[Task, YamlPath, str]]:
        """Every unit name as written in every task (lead units, then supporting units), with its path
        (gathered once for all the rules)."""
        return self._unit_references

    @cached_property
    def _unit_references(self) -> list[tuple[Task, YamlPath, str]]:
        return [
            (task, (*path, field, gi, ui), name)
            for path, task in self.tasks()
            for field, gi, group in task.unit_groups
            for ui, name in enumerate(group)
        ]

    def texts(self) -> list[tuple[YamlPath, str]]:
        """Every piece of the authors' text, with its YAML path (gathered once for all the rules)."""
        return self._texts

    @cached_property
    def _texts(self) -> list[tuple[YamlPath, str]]:
        return list(author_texts(self.plan))  # the fields model.py marks as AuthorText

    def report(
        self, code: Code, message: str, path: YamlPath, *, hint: str | None = None, offset: int | None = None
    ) -> Diagnostic:
        return self.source.diagnostic(code, message, path, hint=hint, offset=offset)


@dataclass(frozen=True, eq=False)
class Rule:
    """A check registered against its code; its docstring documents it."""

    code: Code
    check: Check
    doc: str


#: code (KP010) → rule
RULES: dict[str, Rule] = {}


def rule(code: Code) -> Callable[[Check], Check]:
    """Register a check under its stable code."""

    def register(check: Check) -> Check:
        if code.code in RULES:
            raise RuntimeError(f"rule code {code} is used twice")
        RULES[code.code] = Rule(code, check, (check.__doc__ or "").strip())
        return check

    return register


_MODULES = ("units", "ids", "years", "punctuation", "structure", "characters", "proposals", "notice")


def all_rules() -> list[Rule]:
    for module in _MODULES:
        import_module(f"{__name__}.{module}")
    return [RULES[code] for code in sorted(RULES)]


def rule_for(code: Code) -> Rule | None:
    """The rule that checks `code`, or None for a code found while reading or importing."""
    all_rules()
    return RULES.get(code.code)


def run_rules(context: Context, *, errors_only: bool = False) -> list[Diagnostic]:
    """Every rule's diagnostics; with `errors_only`, only the rules whose code is an error (a rule
    reports its own code, so the others could only add warnings)."""
    rules = [r for r in all_rules() if not errors_only or r.code.severity is Severity.ERROR]
    return [d for r in rules for d in r.check(context)]
