"""Existing plans → plan data: recognise title, preamble, headings, tasks and their units.

The importer works on the paragraphs a reader (sources.py) extracted and never drops one: a
paragraph it cannot place is kept as a plain paragraph where it stood and reported. Unit names are
split with the registry's help, so 市、区科协 stays one reference; names it does not know are kept as
written and reported. The result is plain data in the shape of the model; yamlwriter.py writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic, Severity
from .sources import Source, SourceParagraph
from .units import Registry

CN_NUM = "一二三四五六七八九十"
LEVEL1 = re.compile(rf"^([{CN_NUM}]+)\s*[、，,.．]\s*(.*)$")
LEVEL2 = re.compile(rf"^[（(]\s*([{CN_NUM}]+)\s*[）)]\s*[、，,.．]?\s*(.*)$")
LEVEL3 = re.compile(r"^([0-9０-９]{1,2})\s*([.．、])\s*(?![0-9０-９])(.*)$")
LEVEL4 = re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*(.*)$")
SENTENCE_END = "。！？!?"
LABELS = "责任单位|责任部门|牵头单位|責任單位|責任部門|牽頭單位"
PARENTHETICAL = re.compile(rf"[（(【]\s*({LABELS})\s*[：:]\s*([^（）()【】]*?)\s*[）)】]\s*$")
BARE_PARENTHETICAL = re.compile(r"[（(]([^（）()：:]{2,200})[）)]\s*$")
SUPPORT_SPLIT = re.compile(r"\s*([；;，,])\s*(配合单位|配合單位)\s*[：:]\s*")
DATE_LINE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")

#: Import notes. The rule codes of validate stay KP001–KP049; importing has its own range.
UNSURE, UNKNOWN_UNIT, SPLIT, NORMALISED = "KP050", "KP051", "KP052", "KP053"


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
class _Entry:
    """A level-2 line and the paragraphs that follow it, before deciding group or run-in item."""

    source: SourceParagraph
    heading: str
    inline: str  # text after the heading on the same line
    standalone: bool  # the line is a heading only (no body after its sentence)
    following: list[SourceParagraph] = field(default_factory=list)


class Importer:
    def __init__(self, source: Source, registry: Registry | None, display: str):
        self.source = source
        self.registry = registry
        self.display = display
        self.report = ImportReport()
        self.task_ids: set[str] = set()
        self._longest: int | None = None
        self._last_number: dict[str, int] = {}  # per id base: the number its last id got
        self._unknown: set[str] = set()  # report.unknown_units, for look-ups

    # -- reporting -------------------------------------------------------------------------------

    def note(self, code: str, paragraph: SourceParagraph, message: str, hint: str | None = None) -> None:
        self.report.notes.append(
            Diagnostic(
                code, Severity.WARNING, f"{paragraph.where}：{message}", self.display, paragraph.line, 1, hint
            )
        )
        if code == UNSURE:
            self.report.unsure_paragraphs += 1

    # -- the whole document ------------------------------------------------------------------------

    def run(self, year: int | None) -> dict[str, Any]:
        paragraphs = list(self.source.paragraphs)
        signature = self._take_signature(paragraphs)
        title_lines = self._take_title(paragraphs)
        title = "".join(p.text for p in title_lines)
        if len(title_lines) > 1:
            self.note(SPLIT, title_lines[0], f"标题分在 {len(title_lines)} 行，已合为一行：{title}")
        if year is None:
            match = YEAR_IN_TITLE.search(title)
            year = int(match.group(1)) if match else None
        data: dict[str, Any] = {}
        if year is not None:
            data["year"] = year
        data["title"] = title
        first_section = next((i for i, p in enumerate(paragraphs) if LEVEL1.match(p.text)), len(paragraphs))
        preamble = [p.text for p in paragraphs[:first_section]]
        if preamble:
            data["preamble"] = preamble
        data["sections"] = self._sections(paragraphs[first_section:])
        data.update(signature)
        return data

    def _take_signature(self, paragraphs: list[SourceParagraph]) -> dict[str, Any]:
        """A closing date (2025年1月5日), and the issuer on the line before it, when they end the document."""
        if not paragraphs:
            return {}
        match = DATE_LINE.match(paragraphs[-1].text)
        if not match:
            for paragraph in paragraphs[-8:-1]:  # a signature followed by attachments, say
                if DATE_LINE.match(paragraph.text):
                    self.note(
                        UNSURE,
                        paragraph,
                        "落款日期之后还有内容（如附件），没有识别为落款；落款和其后的段落都作为正文保留",
                        "核对末尾几段；需要落款时在 YAML 中写 issuer 和 date",
                    )
                    break
            return {}
        year, month, day = (int(g) for g in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return {}
        paragraphs.pop()
        signature: dict[str, Any] = {"date": f"{year:04d}-{month:02d}-{day:02d}"}
        if paragraphs and _looks_like_issuer(paragraphs[-1].text):
            signature["issuer"] = paragraphs.pop().text
        return signature

    def _take_title(self, paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
        """Leading short lines without closing punctuation: the title, possibly over several lines."""
        taken: list[SourceParagraph] = []
        while paragraphs and len(taken) < 3:
            text = paragraphs[0].text
            if _is_numbered(text) or len(text) > 40 or text[-1] in SENTENCE_END + "；：:;，,":
                break
            taken.append(paragraphs.pop(0))
        if not taken and paragraphs and not _is_numbered(paragraphs[0].text):
            taken.append(paragraphs.pop(0))
            self.note(UNSURE, taken[0], "没有找到明显的标题，已把第一段当作标题", "检查 title")
        return taken

    # -- sections ----------------------------------------------------------------------------------

    def _sections(self, paragraphs: list[SourceParagraph]) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        current: list[SourceParagraph] = []
        heading_line: SourceParagraph | None = None
        for paragraph in paragraphs:
            if LEVEL1.match(paragraph.text):
                if heading_line is not None:
                    sections.append(self._section(heading_line, current))
                heading_line, current = paragraph, []
            else:
                current.append(paragraph)
        if heading_line is not None:
            sections.append(self._section(heading_line, current))
        self.report.sections = len(sections)
        return sections

    def _section(self, line: SourceParagraph, body: list[SourceParagraph]) -> dict[str, Any]:
        match = LEVEL1.match(line.text)
        assert match
        heading, rest = _split_heading(match.group(2))
        section: dict[str, Any] = {"heading": heading}
        intro: list[str] = []
        if rest:
            self.note(SPLIT, line, f"一级标题「{heading}」与正文连在一起，已把正文另起一段")
            intro.append(rest)
        if not heading:
            self.note(UNSURE, line, "一级标题是空的")
        entries: list[_Entry] = []
        for paragraph in body:
            level2 = LEVEL2.match(paragraph.text)
            if level2:
                entries.append(self._entry(paragraph, level2.group(2)))
            elif entries:
                entries[-1].following.append(paragraph)
            else:
                intro.append(paragraph.text)
        if intro:
            section["paragraphs"] = intro
        if not entries:
            if not intro:
                self.note(UNSURE, line, f"一级部分「{heading}」没有内容")
            for paragraph in body:
                if _is_numbered(paragraph.text):
                    self.note(UNSURE, paragraph, "段首的编号不是本工具能识别的层级，已作为正文保留")
            return section
        # Tasks carry units: a level-2 part whose paragraphs name none holds run-in items (保障措施).
        as_items = not any(
            self._responsibility(text, e.source, quiet=True)[1] is not None
            for e in entries
            for text in [e.inline, *(p.text for p in e.following)]
            if text
        )
        if as_items:
            section["items"] = [self._item(e) for e in entries]
        else:
            section["groups"] = [self._group(e) for e in entries]
        return section

    def _entry(self, paragraph: SourceParagraph, body: str) -> _Entry:
        if self._responsibility(body, paragraph, quiet=True)[1] is not None:
            # （一）heading。task lead。detail（责任单位：…）: a group heading glued to its first task
            heading, rest = _first_sentence(body)
            if rest:
                self.note(SPLIT, paragraph, f"二级标题「{heading}」与第一项任务连在一起，已拆开")
                return _Entry(paragraph, heading, rest, standalone=True)
        heading, rest = _first_sentence(body)
        return _Entry(paragraph, heading, rest, standalone=not rest)

    def _item(self, entry: _Entry) -> dict[str, Any]:
        self.report.items += 1
        item: dict[str, Any] = {"heading": entry.heading}
        if entry.inline:
            item["text"] = entry.inline
        if entry.following:
            item["paragraphs"] = [p.text for p in entry.following]
        return item

    def _group(self, entry: _Entry) -> dict[str, Any]:
        self.report.groups += 1
        group: dict[str, Any] = {"heading": entry.heading}
        paragraphs = list(entry.following)
        if entry.inline:
            paragraphs.insert(0, SourceParagraph(entry.inline, entry.source.line, entry.source.where))
        if not entry.standalone and entry.inline:
            self.note(UNSURE, entry.source, f"「{entry.heading}」后面连着正文，已把正文作为该组的第一项任务")
        numbering = ""
        tasks = []
        unnumbered = []
        for paragraph in paragraphs:
            text, style = _strip_task_number(paragraph.text)
            if style:
                numbering = numbering or style
            else:
                unnumbered.append(paragraph)
            tasks.append(self._task(text, paragraph))
        if numbering:
            group["task_numbering"] = numbering
            for paragraph in unnumbered:  # the group's numbering will number it too
                self.note(
                    UNSURE,
                    paragraph,
                    "同组其他任务有编号，这一段没有：导入后它成为该组的一项任务，输出时会编号，后面的编号随之顺延",
                    "若它不是任务，请把它移到合适的位置",
                )
        if not tasks:
            self.note(UNSURE, entry.source, f"分组「{entry.heading}」下没有任务")
        group["tasks"] = tasks
        return group

    # -- tasks and units ---------------------------------------------------------------------------

    def _task(self, text: str, paragraph: SourceParagraph) -> dict[str, Any]:
        self.report.tasks += 1
        body, responsibility = self._responsibility(text, paragraph)
        title, rest = _first_sentence(body)
        task: dict[str, Any] = {"id": self._task_id(title), "title": title}
        if rest:
            task["text"] = rest
        if responsibility is None:
            self.note(UNSURE, paragraph, f"任务「{title}」没有找到责任单位", "在 units 中补上责任单位")
            task["units"] = []
        else:
            task.update(responsibility)
        return task

    def _responsibility(
        self, text: str, paragraph: SourceParagraph, *, quiet: bool = False
    ) -> tuple[str, dict[str, Any] | None]:
        """Split a paragraph into its wording and the data of its responsibility parenthetical."""
        match = PARENTHETICAL.search(text)
        if match:
            label, inside = match.group(1), match.group(2)
            raw = match.group(0)
            if not quiet and any(mark in raw for mark in "():【】"):
                message = f"责任单位说明「{raw.strip()}」的括号或冒号不规范，输出时统一为（…：…）"
                self.note(NORMALISED, paragraph, message)
            data: dict[str, Any] = {}
            if label not in ("责任单位",):
                data["label"] = label
            support_match = SUPPORT_SPLIT.search(inside) if label in ("牵头单位", "牽頭單位") else None
            if support_match:
                lead_part, support_part = inside[: support_match.start()], inside[support_match.end() :]
                data["units"] = self._unit_groups(lead_part, paragraph, quiet)
                data["support"] = self._unit_groups(support_part, paragraph, quiet)
                separator = {";": "；", ",": "，"}.get(support_match.group(1), support_match.group(1))
                if separator != "；":
                    data["support_separator"] = separator
            else:
                data["units"] = self._unit_groups(inside, paragraph, quiet)
            return text[: match.start()], data
        bare = BARE_PARENTHETICAL.search(text)
        if bare and self.registry is not None:
            groups = self._unit_groups(bare.group(1), paragraph, quiet=True)
            names = [n for g in groups for n in g]
            if names and all(self.registry.resolve(n) is not None for n in names):
                return text[: bare.start()], {"label": "", "units": groups}
        return text, None

    def _unit_groups(self, text: str, paragraph: SourceParagraph, quiet: bool) -> list[list[str]]:
        groups = []
        for part in re.split(r"\s*[，,]\s*", text.strip()):
            if not part:
                continue
            names = self._split_names(part)
            groups.append(names)
            if quiet:
                continue
            self.report.unit_references += len(names)
            for name in names:
                if self.registry is not None and self.registry.resolve(name) is None:
                    if name not in self._unknown:
                        self._unknown.add(name)
                        self.report.unknown_units.append(name)
                    close = self.registry.suggest(name)
                    hint = (
                        ("是否应为" + "或".join(f"「{c}」" for c in close) + "？")
                        if close
                        else "用 --add-units 登记"
                    )
                    self.note(
                        UNKNOWN_UNIT, paragraph, f"责任单位「{name}」不在单位名录中，已按原文保留", hint
                    )
        return groups

    def _split_names(self, part: str) -> list[str]:
        """Split on 、 but keep registered names that contain 、 (市、区科协) in one piece."""
        pieces = [p.strip() for p in part.split("、")]
        if self.registry is None:
            return [p for p in pieces if p]
        # No registered name has more pieces than the longest: trying longer joins is wasted work,
        # and made one bracket of n names cost n³ (4,000 names: 201 s).
        longest = self._longest_name_pieces()
        names: list[str] = []
        i = 0
        while i < len(pieces):
            for j in range(min(len(pieces), i + longest), i, -1):
                candidate = "、".join(pieces[i:j])
                if j - i == 1 or self.registry.resolve(candidate) is not None:
                    names.append(candidate)
                    i = j
                    break
        return [n for n in names if n]

    def _longest_name_pieces(self) -> int:
        """The most 、-separated pieces of any registered name (市、区科协: 2)."""
        if self._longest is None:
            assert self.registry is not None
            self._longest = max((name.count("、") + 1 for name in self.registry.names()), default=1)
        return self._longest

    def _task_id(self, title: str) -> str:
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


def slug(title: str, syllables: int = 6) -> str:
    """A readable ASCII id from a Chinese title: the pinyin of its first characters, years left out."""
    text = re.sub(r"(?:19|20)\d{2}\s*年?", "", title)
    chinese = "".join(re.findall(r"[\u3400-\u9fff]", text))[:syllables]
    words: list[str] = []
    if chinese:
        from pypinyin import lazy_pinyin

        words = [w for w in lazy_pinyin(chinese, errors="ignore") if w.isascii()]
    if not words:
        words = re.findall(r"[a-z0-9]+", text.lower())[:syllables]
    ident = "-".join(w.lower() for w in words if re.fullmatch(r"[a-zA-Z0-9]+", w))
    return ident[:72].strip("-")


def _is_numbered(text: str) -> bool:
    return any(p.match(text) for p in (LEVEL1, LEVEL2, LEVEL3, LEVEL4))


def _looks_like_issuer(text: str) -> bool:
    return len(text) <= 30 and text[-1] not in SENTENCE_END + "；：:;，," and not _is_numbered(text)


def _first_sentence(text: str) -> tuple[str, str]:
    """(first sentence with its 。, the rest); the whole text and "" when there is no sentence end."""
    for i, ch in enumerate(text):
        if ch in SENTENCE_END:
            return text[: i + 1], text[i + 1 :]
    return text, ""


def _split_heading(text: str) -> tuple[str, str]:
    """A level-1 heading glued to its first paragraph: 指导思想。以习近平… → (指导思想。, 以习近平…);
    指导思想：坚持统筹协同。 → (指导思想：, 坚持统筹协同。), the colon kept with the heading."""
    heading, rest = _first_sentence(text)
    if rest:
        return heading, rest
    head, colon, body = text.partition("：")
    if colon and head and body and len(head) <= 20:
        return head + colon, body
    return text, ""


def _strip_task_number(text: str) -> tuple[str, str]:
    """1.各区政府要… → (各区政府要…, "1."); numbering is generated again from the group's style."""
    match = LEVEL3.match(text)
    if match:
        return match.group(3), "1、" if match.group(2) == "、" else "1."
    match = LEVEL4.match(text)
    if match:
        return match.group(2), "（1）"
    return text, ""


def import_source(source: Source, registry: Registry | None, display: str, year: int | None = None):  # type: ignore[no-untyped-def]
    """Paragraphs of an existing plan → (plan data in the model's shape, ImportReport)."""
    importer = Importer(source, registry, display)
    return importer.run(year), importer.report
