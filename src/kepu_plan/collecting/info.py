"""The hidden sheet 表格信息: which plan, round and unit a returned form belongs to.

What the form says about itself is trusted over its file name: the hidden sheet names the plan (year,
title, fingerprint), the round and the unit. A form of another plan, round or unit list is refused;
a plan changed since the form was sent is only a warning (rows are matched by task id); a file named
after another unit is collected as the unit the sheet names, with a warning.
"""

from __future__ import annotations

from typing import Any

from .. import codes
from ..form_layout import FORM_KIND, INFO_SHEET
from .result import CollectContext, Findings

_ROWS = 40  # the hidden sheet holds a handful of keys; rows below are never read
_NEEDED = {"计划年份", "计划标题", "轮次", "单位"}


def read_info(ws: Any, context: CollectContext, findings: Findings, file_stem: str) -> dict[str, str]:
    """The hidden sheet's keys and values, checked against the collection; `file_stem` is the
    returned file's name without its suffix."""
    info: dict[str, str] = {}
    where: dict[str, str] = {}
    for number, row in enumerate(ws.iter_rows(min_row=1, max_row=_ROWS, max_col=2, values_only=True), 1):
        if len(row) >= 2 and row[0] is not None:
            info[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
            where[str(row[0]).strip()] = f"{INFO_SHEET}!B{number}"
    if info.get("表格类型") != FORM_KIND or not set(info) >= _NEEDED:
        raise findings.reject(
            codes.FORM_STRUCTURE,
            "隐藏的“表格信息”不完整或被改动：无法确认这是哪份计划、哪个单位的填报表",
            cell=f"{INFO_SHEET}!A1",
            hint="请在收到的填报表中填写，不要修改隐藏的工作表",
        )
    _check_plan_and_round(info, where, context, findings)
    unit = info["单位"]
    if unit not in context.units:
        raise findings.reject(
            codes.FORM_OTHER_PLAN,
            f"表格信息中的单位「{unit}」不在本计划的填报单位中（可能是另一份计划或名录的表格）",
            cell=where["单位"],
        )
    if info.get("计划指纹") != context.fingerprint:
        findings.report(
            codes.FORM_PLAN_CHANGED,
            "发出这份填报表之后，计划的内容有改动；各行按任务编号与当前计划对照",
            cell=where.get("计划指纹", f"{INFO_SHEET}!A1"),
            hint="如改动了任务，可用 kepu-plan forms 重新发出填报表",
        )
    _check_file_name(file_stem, unit, where["单位"], context, findings)
    return info


def _check_plan_and_round(
    info: dict[str, str], where: dict[str, str], context: CollectContext, findings: Findings
) -> None:
    """The form's plan is the plan collected (year, title), its round the round asked for, and valid."""
    plan = context.plan
    if info["计划年份"] != str(plan.year):
        raise findings.reject(
            codes.FORM_OTHER_PLAN,
            f"这是 {info['计划年份']} 年计划的填报表，而本次收集的是 {plan.year} 年的计划",
            cell=where["计划年份"],
        )
    if info["计划标题"] != plan.title:
        raise findings.reject(
            codes.FORM_OTHER_PLAN,
            f"这是另一份计划「{info['计划标题']}」的填报表，而本次收集的是「{plan.title}」",
            cell=where["计划标题"],
        )
    if context.round is not None and info["轮次"] != context.round:
        raise findings.reject(
            codes.FORM_OTHER_PLAN,
            f"这是轮次「{info['轮次']}」的填报表，而本次收集的是轮次「{context.round}」",
            cell=where["轮次"],
            hint=f"收集该轮次请用 --round {info['轮次']}",
        )
    from ..progress import check_round

    if check_round(info["轮次"]) is not None:
        raise findings.reject(
            codes.FORM_STRUCTURE, f"表格信息中的轮次「{info['轮次']}」无效", cell=where["轮次"]
        )


def _check_file_name(stem: str, unit: str, cell: str, context: CollectContext, findings: Findings) -> None:
    """A file named after another unit of the collection than the one its sheet names: a warning."""
    stems = context.stems
    if stem == stems.get(unit):
        return
    for other in context.units:
        if other != unit and stem == stems.get(other):
            findings.report(
                codes.FORM_FILE_NAME,
                f"文件名是「{other}」，但表格信息写明这是「{unit}」的填报表：按「{unit}」收集",
                cell=cell,
            )
            return
