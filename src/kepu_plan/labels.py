"""The plan's vocabulary of labels: the words that introduce responsible units (责任单位, 牵头单位 …, simplified
and traditional, with the role each gives), the task fields printed as lines of their own, how units and
tasks are laid out and numbered. A leaf: the models name these in their annotations, the importer reads
plans by them, the writers print them.
"""

from __future__ import annotations

from typing import Literal

#: Task fields printed as lines of their own after the task (时间：…), with the label they are printed
#: under. The importer reads these labels (and their variants, importing.FIELD_LABELS) back into the
#: same fields; a new such field is added here and printed by layout.field_lines.
FIELD_LINES: dict[str, str] = {"time": "时间", "place": "地点", "deadline": "完成时限"}

#: Every label a plan uses to introduce responsible units, simplified and traditional, with the role it
#: gives them: "units" (responsible), "lead" (牵头, 主办) or "support" (配合, 协办). The importer reads
#: labels from this table and the model accepts exactly these; add a label here and both follow.
UNIT_LABELS: dict[str, str] = {
    "责任单位": "units",
    "責任單位": "units",
    "责任部门": "units",
    "責任部門": "units",
    "承办单位": "units",
    "承辦單位": "units",
    "建议组织单位": "units",
    "建議組織單位": "units",
    "实施单位": "units",
    "實施單位": "units",
    "牵头单位": "lead",
    "牽頭單位": "lead",
    "牵头部门": "lead",
    "牽頭部門": "lead",
    "总牵头部门": "lead",
    "總牽頭部門": "lead",
    "主办单位": "lead",
    "主辦單位": "lead",
    "配合单位": "support",
    "配合單位": "support",
    "配合部门": "support",
    "配合部門": "support",
    "协办单位": "support",
    "協辦單位": "support",
    "参与单位": "support",
    "參與單位": "support",
    "负责单位": "units",
    "負責單位": "units",
    "责任主体": "units",
    "責任主體": "units",
    "组织单位": "units",
    "組織單位": "units",
    "主责单位": "lead",
    "主責單位": "lead",
    "协同单位": "support",
    "協同單位": "support",
    "协作单位": "support",
    "協作單位": "support",
    "支持单位": "support",
    "支持單位": "support",
    # activity notices: 主办：… 承办：… 协办：…, 举办单位：…
    "主办": "lead",
    "主辦": "lead",
    "承办": "units",
    "承辦": "units",
    "协办": "support",
    "協辦": "support",
    "举办单位": "units",
    "舉辦單位": "units",
    # task-division tables of departments: 牵头处室 / 责任处室 / 配合处室, 主责部门 / 协办部门
    "责任处室": "units",
    "責任處室": "units",
    "牵头处室": "lead",
    "牽頭處室": "lead",
    "配合处室": "support",
    "配合處室": "support",
    "主责部门": "lead",
    "主責部門": "lead",
    "协办部门": "support",
    "協辦部門": "support",
    "参与部门": "support",
    "參與部門": "support",
    "协同部门": "support",
    "協同部門": "support",
    "承担单位": "units",
    "承擔單位": "units",
    "执行单位": "units",
    "執行單位": "units",
    "落实单位": "units",
    "落實單位": "units",
}

#: The word that opens the responsibility note, as the plan prints it: （责任单位：…）, （牵头单位：…；
#: 配合单位：…）, 主办单位：… on its own line, … or "" for a bare list（…）. Kept in step with UNIT_LABELS
#: by a test.
ResponsibilityLabel = Literal[
    "责任单位",
    "責任單位",
    "责任部门",
    "責任部門",
    "承办单位",
    "承辦單位",
    "建议组织单位",
    "建議組織單位",
    "实施单位",
    "實施單位",
    "牵头单位",
    "牽頭單位",
    "牵头部门",
    "牽頭部門",
    "总牵头部门",
    "總牽頭部門",
    "主办单位",
    "主辦單位",
    "负责单位",
    "負責單位",
    "责任主体",
    "責任主體",
    "组织单位",
    "組織單位",
    "主责单位",
    "主責單位",
    "主办",
    "主辦",
    "承办",
    "承辦",
    "举办单位",
    "舉辦單位",
    "责任处室",
    "責任處室",
    "牵头处室",
    "牽頭處室",
    "主责部门",
    "主責部門",
    "承担单位",
    "承擔單位",
    "执行单位",
    "執行單位",
    "落实单位",
    "落實單位",
    "",
]
#: The supporting label: 配合单位 and the like, or 责任单位 where it stands beside a 牵头单位 (牵头单位：X；
#: 责任单位：Y, as task-division tables write it).
SupportLabel = Literal[
    "配合单位",
    "配合單位",
    "配合部门",
    "配合部門",
    "协办单位",
    "協辦單位",
    "参与单位",
    "參與單位",
    "责任单位",
    "責任單位",
    "责任部门",
    "責任部門",
    "协同单位",
    "協同單位",
    "协作单位",
    "協作單位",
    "支持单位",
    "支持單位",
    "协办",
    "協辦",
    "配合处室",
    "配合處室",
    "协办部门",
    "協辦部門",
    "参与部门",
    "參與部門",
    "协同部门",
    "協同部門",
]
#: The supporting label a lead label is printed with when the plan does not say otherwise.
SUPPORT_LABEL = {
    "牵头单位": "配合单位",
    "牽頭單位": "配合單位",
    "牵头部门": "配合部门",
    "牽頭部門": "配合部門",
    "主办": "协办",
    "主辦": "協辦",
    "牵头处室": "配合处室",
    "牽頭處室": "配合處室",
}

#: How the units are printed: a parenthetical after the task (the usual form), field lines after the
#: task (责任单位：… on a line of its own), or not at all because the task's own sentence names them
#: (由市科协牵头，市教育局配合 …).
UnitsLayout = Literal["parenthetical", "lines", "sentence"]

#: How the tasks of a group are numbered, if at all (the 2025 plan does not number them).
TaskNumbering = Literal["", "1.", "1、", "（1）", "①", "（一）"]
