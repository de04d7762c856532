"""The checks run on a loaded plan: one small module per rule, each with a stable code.

A rule is a function that takes a :class:`Context` and yields diagnostics; it never prints. Its module
declares the rule with :func:`rule`, and its docstring (with pass/fail examples) is the rule's
documentation (`kepu-plan rules` prints it). Codes are never renumbered or reused once published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
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


#: Codes of `kepu-plan collect` (returned progress forms) and of the stored progress files.
COLLECT_CODES = {
    "KP061": (
        "form-unreadable",
        Severity.ERROR,
        "收回的文件不是 .xlsx 工作簿：旧版 .xls、CSV/文本改了扩展名、已损坏或加密",
    ),
    "KP062": (
        "form-unsafe",
        Severity.ERROR,
        "工作簿含宏（.xlsm）、XML 实体声明（DOCTYPE/ENTITY）或解压后过大（压缩炸弹）",
    ),
    "KP063": ("form-too-large", Severity.ERROR, "工作表的行数远超填报表应有的行数（只读取有限的行）"),
    "KP064": (
        "form-structure",
        Severity.ERROR,
        "不是 kepu-plan 的填报表，或结构被改动：缺少工作表或列、有隐藏的其他工作表、合并单元格",
    ),
    "KP065": (
        "form-other-plan",
        Severity.ERROR,
        "表格属于另一份计划、另一年度、另一轮次，或单位不在本计划的填报单位中（以隐藏的表格信息为准）",
    ),
    "KP066": ("form-rows-changed", Severity.ERROR, "任务行被删除、增加、重复或调整了顺序"),
    "KP067": ("form-task-id-changed", Severity.ERROR, "任务编号被改动"),
    "KP068": ("form-status-invalid", Severity.ERROR, "进展状态不是下拉列表中的选项"),
    "KP069": (
        "form-missing-text",
        Severity.ERROR,
        "选了“已完成”或“滞后”却没有填写完成情况；次年工作建议缺少工作任务",
    ),
    "KP070": ("form-not-a-number", Severity.ERROR, "主要数据（活动场次、参与人次）不是不小于 0 的整数"),
    "KP071": (
        "form-formula",
        Severity.ERROR,
        "单元格是公式：公式从不计算；有缓存结果时取其结果（警告），没有时报错",
    ),
    "KP072": (
        "form-collected-twice",
        Severity.ERROR,
        "该单位本轮的表格已收集过且内容不同：不加 --force 不覆盖，并列出变化",
    ),
    "KP073": (
        "form-plan-changed",
        Severity.WARNING,
        "发出表格后计划内容有改动（计划指纹不同）；按任务编号对照当前计划",
    ),
    "KP074": ("form-plan-text-edited", Severity.WARNING, "锁定的计划内容（工作任务）被改动；以计划为准"),
    "KP075": ("form-duplicate-unit", Severity.ERROR, "同一次收集中有两份表格属于同一单位"),
    "KP076": ("form-bad-characters", Severity.ERROR, "单元格中有控制字符，无法保存"),
    "KP077": (
        "progress-file-invalid",
        Severity.ERROR,
        "保存的进展文件（progress/…yaml）无法读取或不符合格式",
    ),
    "KP079": ("form-formula-value", Severity.WARNING, "单元格是公式：取其保存的计算结果（公式本身从不计算）"),
    "KP078": (
        "form-file-name",
        Severity.WARNING,
        "文件名像是另一单位的，但表格信息写明了单位：以表格信息为准",
    ),
}


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Check]:
    """Register a check under a stable code."""

    def register(check: Check) -> Check:
        if code in RULES or code in LOADING_CODES or code in COLLECT_CODES:
            raise RuntimeError(f"rule code {code} is used twice")
        RULES[code] = Rule(code, name, severity, summary, check, (check.__doc__ or "").strip())
        return check

    return register


_MODULES = ("units", "ids", "years", "punctuation", "structure", "characters", "proposals")


def all_rules() -> list[Rule]:
    for module in _MODULES:
        import_module(f"{__name__}.{module}")
    return [RULES[code] for code in sorted(RULES)]


def run_rules(context: Context) -> list[Diagnostic]:
    return [d for r in all_rules() for d in r.check(context)]
