"""What every stage of the importer shares: where notes go, what was counted, the ids handed out.

The stages (lines, numbering, tables, structure, units, title) are separate modules; each gets
this one context rather than a reference to a large importer object, so a stage can be read and
tested alone and still report every note at the paragraph it concerns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import codes
from ..diagnostics import Code, Diagnostic
from ..sources import Source, SourceParagraph
from ..units import Registry
from .ids import slug

#: Import notes (codes.py): the rule codes of validate stay KP001–KP049; importing has its own range.
UNSURE, UNKNOWN_UNIT = codes.IMPORT_UNSURE, codes.IMPORT_UNKNOWN_UNIT
SPLIT, NORMALISED = codes.IMPORT_SPLIT, codes.IMPORT_NORMALISED
LEFT_OUT = codes.IMPORT_LEFT_OUT


@dataclass
class Ledger:
    """What the stages did not carry into the plan's texts, each at the source line it came from:
    text left out on purpose (named in a note), and text the plan holds in its shape instead (a task
    table's header row, the closing date as `date:`). accounting.py checks the rest is in the plan."""

    left_out: list[tuple[int, str]] = field(default_factory=list)  # (source line, text)
    shaped: list[tuple[int, str]] = field(default_factory=list)

    def shape(self, paragraph: SourceParagraph, text: str) -> None:
        """`text` of `paragraph` is held by the plan's shape, not by one of its texts."""
        self.shaped.append((paragraph.line, text))


@dataclass
class ImportReport:
    notes: list[Diagnostic] = field(default_factory=list)
    sections: int = 0
    groups: int = 0
    tasks: int = 0
    items: int = 0
    unit_references: int = 0
    unknown_units: list[str] = field(default_factory=list)
    unsure_paragraphs: int = 0

    def summary(self) -> str:
        unknown = f"（其中 {len(self.unknown_units)} 个不在单位名录中）" if self.unknown_units else ""
        return (
            f"导入结果：{self.sections} 个一级部分，{self.groups} 个分组，{self.tasks} 项任务，"
            f"{self.items} 个条目；责任单位 {self.unit_references} 处{unknown}；"
            f"不确定的段落 {self.unsure_paragraphs} 段。"
        )


@dataclass
class TableTasks:
    """A task table (序号 | 工作任务 | 具体内容 | 责任单位 | 完成时限), already read into tasks."""

    source: SourceParagraph
    groups: list[tuple[str, list[dict[str, Any]]]]  # (category row heading or "", its tasks)


Element = SourceParagraph | TableTasks


class Context:
    """The source, the registry, the report being filled, and the task ids given so far."""

    def __init__(self, source: Source, registry: Registry | None, display: str):
        self.source = source
        self.registry = registry
        self.display = display
        self.report = ImportReport()
        self.ledger = Ledger()
        self.task_ids: set[str] = set()
        self._last_number: dict[str, int] = {}  # per id base: the number its last id got

    def note(self, code: Code, paragraph: SourceParagraph, message: str, hint: str | None = None) -> None:
        """A note located at `paragraph` (文件:行), so that nothing is changed or left out unseen."""
        self.report.notes.append(
            code.at(f"{paragraph.where}：{message}", self.display, paragraph.line, 1, hint)
        )
        if code is codes.IMPORT_UNSURE:
            self.report.unsure_paragraphs += 1

    def leave_out(
        self, code: Code, paragraph: SourceParagraph, text: str, message: str, hint: str | None = None
    ) -> None:
        """Leave `text` of `paragraph` out of the plan: the note (`message` names the text) and the
        ledger's record of it, so the final check (accounting.py) knows it was left out on purpose."""
        self.note(code, paragraph, message, hint)
        self.ledger.left_out.append((paragraph.line, text))

    def task_id(self, title: str) -> str:
        """A fresh id from the title's pinyin; a repeated title gets -2, -3 …"""
        base = slug(title) or "task"
        # The smallest free number only grows (ids are never given back): start from the last one,
        # so that many tasks with one title cost linear time, not quadratic.
        n = self._last_number.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.task_ids:
            n += 1
            candidate = f"{base}-{n}"
        self._last_number[base] = n
        self.task_ids.add(candidate)
        return candidate
