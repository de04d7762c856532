"""The checks run on a loaded plan: one small module per rule, each with a stable code.

A rule is a function that takes a :class:`Context` and yields diagnostics; it never prints. Its module
declares the rule with :func:`rule`, and its docstring (with pass/fail examples) is the rule's
documentation (`kepu-plan rules` prints it). Codes are never renumbered or reused once published.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import import_module

from ..diagnostics import Diagnostic, Severity
from ..model import Plan, Task, task_path
from ..units import Registry
from ..yamlsource import SourceMap, YamlPath

Check = Callable[["Context"], Iterator[Diagnostic]]


@dataclass(frozen=True)
class Context:
    """What every rule may look at: the plan, where its values stand, and the unit registry."""

    plan: Plan
    source: SourceMap
    registry: Registry

    def tasks(self) -> Iterator[tuple[YamlPath, Task]]:
        for indices, task in self.plan.tasks():
            yield task_path(indices), task

    def unit_references(self) -> Iterator[tuple[Task, YamlPath, str]]:
        """Every unit name as written in every task (lead units, then supporting units), with its path."""
        for path, task in self.tasks():
            for field, gi, group in task.unit_groups:
                for ui, name in enumerate(group):
                    yield task, (*path, field, gi, ui), name

    def texts(self) -> list[tuple[YamlPath, str]]:
        """Every piece of the authors' text, with its YAML path (gathered once for all the rules)."""
        return self._texts

    @cached_property
    def _texts(self) -> list[tuple[YamlPath, str]]:
        return list(self._walk_texts())

    def _walk_texts(self) -> Iterator[tuple[YamlPath, str]]:
        plan = self.plan
        yield ("title",), plan.title
        for i, p in enumerate(plan.preamble):
            yield ("preamble", i), p
        for si, section in enumerate(plan.sections):
            base: YamlPath = ("sections", si)
            yield (*base, "heading"), section.heading
            for pi, p in enumerate(section.paragraphs):
                yield (*base, "paragraphs", pi), p
            for gi, group in enumerate(section.groups):
                yield (*base, "groups", gi, "heading"), group.heading
                for ti, task in enumerate(group.tasks):
                    task_base = (*base, "groups", gi, "tasks", ti)
                    yield (*task_base, "title"), task.title
                    if task.text:
                        yield (*task_base, "text"), task.text
            for ii, item in enumerate(section.items):
                yield (*base, "items", ii, "heading"), item.heading
                if item.text:
                    yield (*base, "items", ii, "text"), item.text
                for pi, p in enumerate(item.paragraphs):
                    yield (*base, "items", ii, "paragraphs", pi), p
        if plan.issuer:
            yield ("issuer",), plan.issuer

    def report(
        self, rule: Rule, message: str, path: YamlPath, *, hint: str | None = None, offset: int | None = None
    ) -> Diagnostic:
        return self.source.diagnostic(rule.code, rule.severity, message, path, hint=hint, offset=offset)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Check
    doc: str


RULES: dict[str, Rule] = {}

#: Codes used before a plan reaches the rules (reading and schema); documented with the rules.
LOADING_CODES = {
    "KP001": ("yaml-syntax", Severity.ERROR, "YAML 语法错误、不支持的标签、合并冲突标记、空文件"),
    "KP002": ("duplicate-key", Severity.ERROR, "同一映射中键重复"),
    "KP003": ("missing-field", Severity.ERROR, "缺少必填字段"),
    "KP004": ("unknown-field", Severity.ERROR, "未知字段（提示最接近的有效字段）"),
    "KP005": ("invalid-value", Severity.ERROR, "字段类型或取值不对"),
    "KP030": ("unreadable-file", Severity.ERROR, "文件无法读取、不是 UTF-8、过大或含控制字符"),
    "KP040": ("registry-inconsistent", Severity.ERROR, "单位名录自相矛盾：重名、成员未登记、循环引用"),
}


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled the first time a rule needs it. Large Unicode classes cost
    milliseconds to compile, paid at every start of validate even when no text needs the pattern."""
    return cache(lambda: re.compile(pattern, flags))


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Register a check under a stable code."""

    def register(check: Check) -> Check:
        if code in RULES or code in LOADING_CODES:
            raise RuntimeError(f"rule code {code} is used twice")
        RULES[code] = Rule(code, name, severity, summary, check, (check.__doc__ or "").strip())
        return check

    return register


_MODULES = ("units", "ids", "years", "punctuation", "structure", "characters")


def all_rules() -> list[Rule]:
    for module in _MODULES:
        import_module(f"{__name__}.{module}")
    return [RULES[code] for code in sorted(RULES)]


def run_rules(context: Context) -> list[Diagnostic]:
    return [d for r in all_rules() for d in r.check(context)]
