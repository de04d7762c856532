"""Rules that keep the text and its structure apart, so that numbering and lead sentences stay derivable."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import codes
from ..diagnostics import Diagnostic
from ..numbering import SENTENCE_END, parse_number
from ..yamlsource import YamlPath
from . import Context, rule

_SENTENCE_END = re.compile(f"[{SENTENCE_END}]")


@rule(codes.TYPED_NUMBERING)
def typed_numbering(ctx: Context) -> Iterator[Diagnostic]:
    """Numbering (一、 （一） 1. （1）) is generated from the structure; typed by hand it is printed twice.

    warn:  ``heading: 一、指导思想``   ``title: 1.各区政府要履行科普工作领导责任。``
    pass:  ``heading: 指导思想``（要给任务编号，在分组上写 ``task_numbering: "1."``）
    """
    for path, text in ctx.texts():
        number = parse_number(text)  # the importer's grammar of numbers: one set of forms
        if number is not None:
            typed = text[: len(text) - len(number.rest)]
            yield ctx.report(
                codes.TYPED_NUMBERING,
                f"「{typed}」像是手写的编号：编号由结构自动生成",
                path,
                offset=0,
                hint=f"删去开头的「{typed}」",
            )


@rule(codes.LEAD_SENTENCE)
def lead_sentence(ctx: Context) -> Iterator[Diagnostic]:
    """A task's title, a group's heading and a run-in item's heading are one sentence with its full stop.

    The lead sentence is set apart in the document (bold) and is where an imported paragraph is split
    into title and text: a title without its 。, or with two sentences, cannot be found again.

    warn:  ``title: 加强卫生健康科普``   ``title: 加强卫生健康科普。印发《…》实施工作方案。``
    pass:  ``title: 加强卫生健康科普。``
    """
    plan = ctx.plan
    for si, section in enumerate(plan.sections):
        leads: list[tuple[YamlPath, str]] = [
            (("sections", si, "groups", gi, "heading"), g.heading)
            for gi, g in enumerate(section.groups)
            if g.heading  # tasks standing directly under the level-1 heading have no group line
        ]
        leads += [
            (("sections", si, "items", ii, "heading"), item.heading) for ii, item in enumerate(section.items)
        ]
        for gi, group in enumerate(section.groups):
            leads += [
                (("sections", si, "groups", gi, "tasks", ti, "title"), task.title)
                for ti, task in enumerate(group.tasks)
            ]
        for path, text in leads:
            if text[-1] not in SENTENCE_END:
                yield ctx.report(
                    codes.LEAD_SENTENCE, f"领句「{text}」没有以“。”结尾", path, hint="在领句末尾加“。”"
                )
            elif inner := _SENTENCE_END.search(text, 0, len(text) - 1):
                yield ctx.report(
                    codes.LEAD_SENTENCE,
                    f"领句「{text}」包含不止一句话",
                    path,
                    offset=inner.start(),
                    hint="领句只写第一句，其余移到 text",
                )
