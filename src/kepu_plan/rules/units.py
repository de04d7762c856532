"""Rules about who is responsible: the reason this tool exists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic, did_you_mean
from ..units import UNCONFIRMED_KIND, Registry
from ..yamlsource import describe_character
from . import Context, rule

_SEPARATORS = re.compile("[，；、]")


def written_as_one(registry: Registry, name: str) -> list[tuple[int, str]]:
    """The full-width separators that made several units one name: 「市科技局，市科协」 → [(4, "，")].

    「，」 and 「；」 never belong to a unit name; 「、」 does (市、区科协), so it counts only when the
    whole name is unknown and every part of it is a registered unit.
    """
    if registry.resolve(name) is not None:
        return []
    found = [(m.start(), m.group()) for m in _SEPARATORS.finditer(name)]
    if any(ch != "、" for _, ch in found):
        return [(i, ch) for i, ch in found if ch != "、"]
    parts = [part.strip() for part in _SEPARATORS.split(name)]
    if found and all(part and registry.resolve(part) is not None for part in parts):
        return found
    return []


@rule(codes.FULL_WIDTH_SYNTAX)
def full_width_unit_list(ctx: Context) -> Iterator[Diagnostic]:
    """Units inside a group are separated by a half-width comma; a full-width one makes them one name.

    fail:  ``units: [[市科技局，市科协]]``（YAML 读成一个名为「市科技局，市科协」的单位）
    pass:  ``units: [[市科技局, 市科协]]``
    """
    found: dict[str, list[tuple[int, str]]] = {}  # the same few dozen names, thousands of times
    for task, where, name in ctx.unit_references():
        separators = found.get(name)
        if separators is None:
            separators = found[name] = written_as_one(ctx.registry, name)
        if not separators:
            continue
        field, gi, ui = where[-3], where[-2], int(where[-1])  # (…, "units", group, index)
        group = next(g for f, i, g in task.unit_groups if (f, i) == (field, gi))
        offset, ch = separators[0]
        parts = [part.strip() for part in _SEPARATORS.split(name) if part.strip()]
        if any(c != "、" for _, c in separators):
            parts = [part.strip() for part in re.split("[，；]", name) if part.strip()]
        fixed = [*group[:ui], *parts, *group[ui + 1 :]]
        yield ctx.report(
            codes.FULL_WIDTH_SYNTAX,
            f"责任单位「{name}」中的{describe_character(ch)}不分隔单位：YAML 把整段读成了一个单位名称",
            where,
            offset=offset,
            hint=f"组内的单位用半角逗号加空格分开：[{', '.join(fixed)}]",
        )


@rule(codes.TASK_WITHOUT_UNITS)
def task_without_units(ctx: Context) -> Iterator[Diagnostic]:
    """Every task names at least one responsible unit.

    fail:  ``units: []``，或没有 ``units``
    pass:  ``units: [[市科技局, 市科协], [各区政府]]``
    """
    for path, task, names in ctx.tasks_with_units():
        if not names:
            where = (*path, "units") if ctx.source.has((*path, "units")) else path
            yield ctx.report(
                codes.TASK_WITHOUT_UNITS,
                f"任务「{task.title}」没有责任单位",
                where,
                hint="在 units 中写明责任单位，如 units: [[市科技局]]",
            )


@rule(codes.UNKNOWN_UNIT)
def unknown_unit(ctx: Context) -> Iterator[Diagnostic]:
    """Every unit name resolves in plans/units.yaml (short name, full name, alias or collective).

    fail:  ``units: [[市科技厅]]``（提示：是否应为「市科技局」？）
    pass:  ``units: [[市科技局]]`` 或 ``units: [[广州市科学技术局]]``
    """
    for _, where, name in ctx.unit_references():
        if ctx.registry.resolve(name) is None and not written_as_one(ctx.registry, name):
            close = ctx.registry.suggest(name)
            hint = did_you_mean(close) if close else "在 plans/units.yaml 中登记该单位"
            yield ctx.report(codes.UNKNOWN_UNIT, f"责任单位「{name}」不在单位名录中", where, hint=hint)


@rule(codes.DUPLICATE_UNIT)
def duplicate_unit(ctx: Context) -> Iterator[Diagnostic]:
    """A task names each unit once, under whatever name (市科协 and 广州市科学技术协会 are one unit).

    fail:  ``units: [[市科协, 市科技局, 广州市科学技术协会]]``
    pass:  ``units: [[市科协, 市科技局]]``
    """
    canonical = ctx.registry.canonical
    for path, task, names in ctx.tasks_with_units():
        if len({canonical(name) for name in names}) == len(names):
            continue  # each unit once: nothing to report (most tasks)
        first: dict[str, str] = {}
        repeats: dict[str, list[tuple[str, tuple[str | int, ...]]]] = {}
        for field, gi, group in task.unit_groups:
            for ui, name in enumerate(group):
                key = canonical(name)
                if key in first:
                    repeats.setdefault(key, []).append((name, (*path, field, gi, ui)))
                else:
                    first[key] = name
        for key, found in repeats.items():  # one report per unit, however often it is repeated
            name, where = found[0]
            same = "" if first[key] == name else f"（「{first[key]}」与「{name}」是同一单位）"
            times = f"，共重复 {len(found)} 次" if len(found) > 1 else ""
            yield ctx.report(
                codes.DUPLICATE_UNIT,
                f"任务「{task.title}」重复列出责任单位「{name}」{same}{times}",
                where,
                hint="删除重复的一项",
            )


@rule(codes.ONLY_VAGUE_UNITS)
def only_vague_units(ctx: Context) -> Iterator[Diagnostic]:
    """A task whose units are all vague collectives (市有关单位, 各有关单位 …) has no one accountable.

    warn:  ``units: [[市、区有关部门]]``
    pass:  ``units: [[市科技局, 市有关单位]]``
    """
    vague: dict[str, bool] = {}  # asked once per distinct name

    def only_vague(name: str) -> bool:
        found = vague.get(name)
        if found is None:
            r = ctx.registry.resolve(name)
            found = vague[name] = r is not None and r.vague and not r.members
        return found

    for path, task, names in ctx.tasks_with_units():
        if names and all(only_vague(name) for name in names):
            yield ctx.report(
                codes.ONLY_VAGUE_UNITS,
                f"任务「{task.title}」的责任单位都是泛指（{'、'.join(names)}），没有明确的责任主体",
                (*path, "units"),
                hint="至少写明一个牵头的具体单位",
            )


@rule(codes.LEAD_NOT_AMONG_UNITS)
def lead_not_among_units(ctx: Context) -> Iterator[Diagnostic]:
    """An explicit `lead` must be one of the task's own units.

    fail:  ``lead: 市教育局``，而 ``units: [[市科技局, 市科协]]``
    pass:  ``lead: 市科协``，而 ``units: [[市科技局, 市科协]]``
    """
    for path, task, names in ctx.tasks_with_units():
        if task.lead is None:
            continue
        if ctx.registry.canonical(task.lead) not in {ctx.registry.canonical(n) for n in names}:
            yield ctx.report(
                codes.LEAD_NOT_AMONG_UNITS,
                f"牵头单位「{task.lead}」不在任务「{task.title}」的责任单位中",
                (*path, "lead"),
                hint="牵头单位须是 units 中的一项",
            )


@rule(codes.UNCONFIRMED_UNIT)
def unconfirmed_unit(ctx: Context) -> Iterator[Diagnostic]:
    """A unit that `import --add-units` registered stays a warning until someone confirms it in units.yaml.

    warn:  ``units: [[市科普联盟]]``，而名录中 ``kind: 待确认``
    pass:  名录中写明类别，如 ``kind: 群团组织``
    """
    unconfirmed: dict[str, bool] = {}  # asked once per distinct name
    for _, where, name in ctx.unit_references():
        found = unconfirmed.get(name)
        if found is None:
            resolved = ctx.registry.resolve(name)
            unit = ctx.registry.unit(resolved.canonical) if resolved else None
            found = unconfirmed[name] = unit is not None and unit.kind == UNCONFIRMED_KIND
        if found:
            yield ctx.report(
                codes.UNCONFIRMED_UNIT,
                f"责任单位「{name}」在名录中的类别仍是“待确认”",
                where,
                hint="在 units.yaml 中核对全称、类别和层级",
            )
