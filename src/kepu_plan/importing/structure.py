"""Structure stage: sections (一、), groups and tasks (（一） 1. （1） ①), run-in items, paragraphs.

A numbered line with deeper-numbered lines under it heads a group; a line that names units is a
task, and the field lines under it (责任单位：… 时间：…) belong to it; any other numbered line is
an item. A paragraph that cannot be placed stays where it stood, as a paragraph, with a note."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..numbering import Number, parse_number
from ..sources import SourceParagraph
from .context import NORMALISED, SPLIT, UNSURE, Context, Element, TableTasks
from .fields import AGENDA_LINE, detail_line, fact_lines, field_line, first_sentence
from .headings import AGENDA, ATTACHMENT, heading_like, level, short_heading, split_heading
from .tidy import tidy_group, tidy_task
from .units import UnitReader


@dataclass
class Entry:
    """A （一）-level line and what follows it, before deciding: group, task, or run-in item."""

    source: SourceParagraph
    number: Number
    following: list[Element] = field(default_factory=list)
    kind: str = ""  # group, task, item
    groups: list[dict[str, Any]] = field(default_factory=list)
    task: dict[str, Any] | None = None


class Structure:
    def __init__(self, ctx: Context, units: UnitReader):
        self.ctx = ctx
        self.units = units

    def is_structure(self, element: Element) -> bool:
        """Where the body of a plan without 一、 headings starts: the first numbered line, task table
        or paragraph naming units."""
        if isinstance(element, TableTasks):
            return True
        if level(element) is not None:
            return not ATTACHMENT.match(element.text)
        return self.units.names_units(element)

    def report_stray(self, paragraph: SourceParagraph, place: str) -> None:
        """A numbered line or a unit note that could not be placed as a task: kept, and reported."""
        if level(paragraph) is not None:
            self.ctx.note(
                UNSURE, paragraph, f"带编号的段落留在了{place}中，没有识别为标题或任务", "核对它应属的位置"
            )
        elif self.units.units(paragraph.text, [], quiet=True)[1] is not None:
            self.ctx.note(
                UNSURE, paragraph, f"写有责任单位的段落留在了{place}中，没有识别为任务", "核对它应属的位置"
            )

    # -- preparing the paragraphs ----------------------------------------------------------------

    def sections(self, elements: list[Element]) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        current: list[Element] = []
        heading_line: SourceParagraph | None = None
        for element in elements:
            if level(element) == "一":
                assert isinstance(element, SourceParagraph)
                if heading_line is not None:
                    sections.append(self.section(heading_line, current))
                heading_line, current = element, []
            else:
                current.append(element)
        if heading_line is not None:
            sections.append(self.section(heading_line, current))
        return sections

    def section(self, line: SourceParagraph | None, body: list[Element]) -> dict[str, Any]:
        section: dict[str, Any] = {}
        intro: list[Element] = []
        if line is not None:
            number = parse_number(line.text)
            assert number is not None
            heading, rest = split_heading(number.rest)
            section["heading"] = heading
            if rest:
                self.ctx.note(SPLIT, line, f"一级标题「{heading}」与正文连在一起，已把正文另起一段")
                intro.append(SourceParagraph(rest, line.line, line.where))
            if not heading:
                self.ctx.note(UNSURE, line, "一级标题是空的")
        entries: list[Entry] = []
        for element in body:
            number = parse_number(element.text) if isinstance(element, SourceParagraph) else None
            if number is not None and number.level == "（一）":
                assert isinstance(element, SourceParagraph)
                if number.malformed:
                    self.ctx.note(
                        NORMALISED, element, f"编号「{element.text[:4]}」写法不规范，按（一）这一级读入"
                    )
                entries.append(Entry(element, number))
            elif entries:
                entries[-1].following.append(element)
            else:
                intro.append(element)
        paragraphs, groups = self.run(intro, agenda=bool(AGENDA.search(section.get("heading", ""))))
        for entry in entries:
            self.classify(entry, paragraphs)
        if any(e.kind in ("group", "task") for e in entries) or groups:
            for entry in entries:
                if entry.kind == "item" and self.fact(entry, paragraphs):
                    entry.kind = "fact"
                elif entry.kind == "item":  # beside tasks, an entry without units is a task too
                    entry.kind = "task"
                    following = [e for e in entry.following if isinstance(e, SourceParagraph)]
                    entry.task = self.task([entry.source, *following], entry.number.rest)
            run: dict[str, Any] | None = None
            for entry in entries:
                if entry.kind == "task":
                    assert entry.task is not None
                    if run is None:
                        run = {"heading": "", "tasks": [], "task_numbering": "（一）"}
                        if entry.number.value != 1:
                            run["task_number_start"] = entry.number.value
                        groups.append(run)
                    run["tasks"].append(entry.task)
                elif entry.kind == "group":
                    run = None
                    groups.extend(entry.groups)
        elif entries:
            section["items"] = [self.item(e, paragraphs) for e in entries]
        if paragraphs:
            section["paragraphs"] = paragraphs
        if groups:
            section["groups"] = [tidy_group(g) for g in groups]
            self.ctx.report.groups += sum(1 for g in groups if g["heading"])
        if not (paragraphs or groups or entries) and line is not None:
            self.ctx.note(UNSURE, line, f"一级部分「{section.get('heading', '')}」没有内容")
        return section

    def classify(self, entry: Entry, section_paragraphs: list[str]) -> None:
        """A （一） line with numbered lines or unit-bearing paragraphs under it heads a group; one that
        names units itself is a task; any other is a run-in item (decided again beside tasks)."""
        heading, inline = first_sentence(entry.number.rest)
        paragraphs, groups = self.run(entry.following, agenda=bool(AGENDA.search(heading)))
        if groups:
            entry.kind = "group"
            if inline and not self.units.units(inline, [], quiet=True)[1]:
                groups[0]["tasks"].insert(
                    0, self.task([SourceParagraph(inline, entry.source.line, entry.source.where)])
                )
                self.ctx.note(
                    UNSURE, entry.source, f"「{heading}」后面连着正文，已把正文作为该组的第一项任务"
                )
            elif inline:
                self.ctx.note(SPLIT, entry.source, f"二级标题「{heading}」与第一项任务连在一起，已拆开")
                groups[0]["tasks"].insert(
                    0, self.task([SourceParagraph(inline, entry.source.line, entry.source.where)])
                )
            if groups[0]["heading"]:
                groups.insert(0, {"heading": heading, "tasks": []})
                self.ctx.note(UNSURE, entry.source, f"分组「{heading}」下还有一层带标题的分组，已并为同一层")
            else:
                groups[0]["heading"] = heading
            for text in paragraphs:
                section_paragraphs.append(text)
                self.ctx.note(
                    UNSURE,
                    entry.source,
                    f"分组「{heading}」中有不是任务的段落，已放在本部分正文中：{text[:20]}…",
                )
            entry.groups = groups
            return
        fields = [e for e in entry.following if isinstance(e, SourceParagraph) and _belongs(e.text)]
        known = [e for e in fields if field_line(e.text)]
        if self.units.units(entry.number.rest, known, quiet=True, paragraph=entry.source)[1]:
            entry.kind = "task"
            entry.task = self.task([entry.source, *fields], entry.number.rest)
            for text in paragraphs:
                if not any(text == f.text for f in fields):
                    section_paragraphs.append(text)
            return
        entry.kind = "item"
        entry.task = None

    def fact(self, entry: Entry, section_paragraphs: list[str]) -> bool:
        """（一）时间。 over its value, beside groups of tasks: a fact of the section, not a task.
        A section holds items or groups, not both, so it is kept as a paragraph (时间：value)."""
        following = [e for e in entry.following if isinstance(e, SourceParagraph)]
        if len(following) < len(entry.following):
            return False
        lines = fact_lines(entry.number.rest, [e.text for e in following])
        if lines is None:
            return False
        section_paragraphs.extend(lines)
        self.ctx.note(
            NORMALISED,
            entry.source,
            f"「{entry.source.text}」与它的值不是任务：本部分另有任务分组，已写成正文段落「{lines[0]}」",
        )
        return True

    def item(self, entry: Entry, section_paragraphs: list[str]) -> dict[str, Any]:
        self.ctx.report.items += 1
        heading, rest = first_sentence(entry.number.rest)
        if not rest:
            heading, rest = split_heading(entry.number.rest)
        item: dict[str, Any] = {"heading": heading}
        if rest:
            item["text"] = rest
        following = [e.text for e in entry.following if isinstance(e, SourceParagraph)]
        for element in entry.following:
            if isinstance(element, SourceParagraph):
                self.report_stray(element, f"条目「{heading}」")
        if following:
            item["paragraphs"] = following
        return item

    # -- runs of tasks -----------------------------------------------------------------------------

    def run(self, elements: list[Element], agenda: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
        """Paragraphs and task groups from a run of lines under one heading. Numbered lines (1. 1、
        （1） ①) are tasks; one that is only a short heading over deeper-numbered tasks heads a group
        of its own. An unnumbered line naming units is a task (the 2025 plan numbers none); field
        lines (责任单位：… 完成时限：…) belong to the task above them."""
        run = TaskRun(self, agenda)
        heads = [e for i, e in enumerate(elements) if run.heads_a_list(e, elements[i + 1 : i + 2])]
        run.list_heads = {id(e) for e in heads} if len(heads) >= 2 else set()  # one alone: a paragraph
        for i, element in enumerate(elements):
            run.take(element, elements[i + 1] if i + 1 < len(elements) else None)
        run.close_task()
        return run.paragraphs, run.groups

    def task(self, lines: list[SourceParagraph], text: str | None = None) -> dict[str, Any]:
        """One task from its line (number removed) and the lines after it that belong to it: field
        lines (责任单位：… 时间：…) read into its fields, any others (议程：… its steps, 参加人员：…)
        kept as written at the end of its text."""
        self.ctx.report.tasks += 1
        paragraph = lines[0]
        known = [line for line in lines[1:] if field_line(line.text)]
        details = [line.text for line in lines[1:] if not field_line(line.text)]
        body, data = self.units.units(paragraph.text if text is None else text, known, paragraph=paragraph)
        title, rest = first_sentence(body.strip())
        rest = "".join([rest, *details])
        if not title:
            title = body or paragraph.text
        task: dict[str, Any] = {"id": self.ctx.task_id(title), "title": title}
        if rest:
            task["text"] = rest
        if data is None or not (data.get("units") or data.get("support")):
            self.ctx.note(UNSURE, paragraph, f"任务「{title}」没有找到责任单位", "在 units 中补上责任单位")
            task["units"] = []
        if data:
            task.update(data)
        return tidy_task(task)


class TaskRun:
    """The lines under one heading, read one by one into paragraphs and groups of tasks."""

    def __init__(self, structure: Structure, agenda: bool):
        self.structure = structure
        self.ctx = structure.ctx
        self.agenda = agenda  # 会议议程 1.主持人致辞: steps of an agenda, not tasks
        self.paragraphs: list[str] = []
        self.groups: list[dict[str, Any]] = []
        self.group: dict[str, Any] | None = None
        self.pending: list[SourceParagraph] = []  # the current task's lines
        self.numbered_tasks = False
        self.attachments = False  # after 附件：, numbered lines name documents, not tasks
        self.agenda_steps = False  # after a task's 议程：, deeper-numbered lines are its steps
        self.list_heads: set[int] = set()  # the lines heading lists of their own (heads_a_list)

    def close_task(self) -> None:
        """The lines gathered so far become one task of the current group."""
        pending = self.pending
        if not pending:
            return
        if self.group is None:
            self.group = {"heading": "", "tasks": []}
            self.groups.append(self.group)
        group = self.group
        number = parse_number(pending[0].text)
        if number is not None and number.depth >= 2:
            group.setdefault("task_numbering", number.style)
            if not group["tasks"] and number.value != 1:
                group["task_number_start"] = number.value
        elif group.get("task_numbering"):
            self.ctx.note(
                UNSURE,
                pending[0],
                "同组其他任务有编号，这一段没有：导入后它成为该组的一项任务，输出时会编号，后面的编号随之顺延",
                "若它不是任务，请把它移到合适的位置",
            )
        group["tasks"].append(
            self.structure.task(list(pending), number.rest if number and number.depth >= 2 else None)
        )
        pending.clear()

    def take(self, element: Element, following: Element | None) -> None:
        """One more line: a table of tasks, an attachment list, a numbered task or group heading, a
        field line of the task above, an unnumbered task, or a paragraph."""
        if isinstance(element, TableTasks):
            self.close_task()
            for heading, tasks in element.groups:
                if tasks:
                    self.groups.append({"heading": heading, "tasks": tasks})
            self.group = None
            return
        number = parse_number(element.text)
        if self.agenda_steps and number is not None and number.depth > self._pending_depth():
            self.pending.append(element)
            return
        self.agenda_steps = False
        if ATTACHMENT.match(element.text):
            self.close_task()
            self.attachments = True
            self.paragraphs.append(element.text)
            return
        if self.attachments and number is not None and heading_like(number.rest):
            self.paragraphs.append(element.text)
            return
        self.attachments = False
        if self.agenda and number is not None:
            self.paragraphs.append(element.text)
            return
        if number is not None and number.depth >= 2:
            self._numbered(element, number, following)
            return
        if number is None and id(element) in self.list_heads:  # 农民科学素质行动 over 1.…
            self.close_task()
            self.group = {"heading": element.text.strip(), "tasks": []}
            self.groups.append(self.group)
            return
        if self.pending and _belongs(element.text):
            self.pending.append(element)
            self.agenda_steps = AGENDA_LINE.match(element.text) is not None
            return
        self._unnumbered(element, number)

    def heads_a_list(self, element: Element, following: list[Element]) -> bool:
        """A short line without a number over a list that starts at 1: the heading of its group,
        where the run has two or more (a single one may be a paragraph over a group without one)."""
        after = following[0] if following and isinstance(following[0], SourceParagraph) else None
        first = parse_number(after.text) if after is not None else None
        if not (isinstance(element, SourceParagraph) and first and first.depth >= 2 and first.value == 1):
            return False
        return short_heading(element) and not self.structure.units.names_units(element)

    def _pending_depth(self) -> int:
        """The numbering depth of the task being read (-1 when it has no number)."""
        number = parse_number(self.pending[0].text) if self.pending else None
        return number.depth if number is not None else -1

    def _numbered(self, element: SourceParagraph, number: Number, following: Element | None) -> None:
        """A 1. （1） ① line: a task, or the heading of a group when deeper numbers follow it."""
        self.close_task()
        deeper = (
            isinstance(following, SourceParagraph)
            and (n := parse_number(following.text)) is not None
            and n.depth > number.depth
        )
        units = self.structure.units
        if deeper and heading_like(number.rest) and not units.units(number.rest, [], quiet=True)[1]:
            self.group = {"heading": number.rest, "tasks": []}
            self.groups.append(self.group)
            return
        self.pending.append(element)
        self.numbered_tasks = True

    def _unnumbered(self, element: SourceParagraph, number: Number | None) -> None:
        """A line without a task number: a table cell, a task naming its units, or a paragraph."""
        if element.table:  # a cell of a table that is not a task table: text, not a task
            self.close_task()
            self.paragraphs.append(element.text)
            if self.groups:
                self.ctx.note(UNSURE, element, "表格中的文字放在了本部分正文中（原在任务之间）")
            return
        if self.structure.units.names_units(element):
            self.close_task()
            self.pending.append(element)
            return
        if self.pending or self.groups:
            self.close_task()
            if self.numbered_tasks or not self.groups:
                self.paragraphs.append(element.text)
                self.ctx.note(UNSURE, element, "任务之间的这一段没有编号、也没有责任单位，已放在本部分正文中")
            else:  # among unnumbered tasks (the 2025 plan's form): a task whose units are missing
                self.pending.append(element)
            return
        if number is not None and number.level == "一":
            self.structure.report_stray(element, "正文")
        self.paragraphs.append(element.text)


def _belongs(text: str) -> bool:
    """A line that belongs to the task above it: a field line or a detail line."""
    return field_line(text) or detail_line(text)
