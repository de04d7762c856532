"""Existing plans → plan data: recognise title, preamble, headings, tasks and their units.

The importer works on the paragraphs a reader (sources.py) extracted and never drops one: a
paragraph it cannot place is kept as a plain paragraph and reported with its position. Numbers are
read with the one grammar in numbering.py, unit labels with the one table in model.py
(UNIT_LABELS), so every level of numbering and every way of naming units is handled the same way
wherever it stands: in a parenthetical, on field lines after the task, in the task's own sentence
(由X牵头，Y配合), as a bare bracketed list, or in the columns of a task table (.docx, .xlsx, or
tab-separated text). Unit names are split with the registry's help, so 市、区科协 stays one
reference; names it does not know are kept as written and reported. The result is plain data in
the shape of the model; yamlwriter.py writes it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import codes
from .deadlines import DeadlineError, check_deadline_text
from .diagnostics import Code, Diagnostic, did_you_mean
from .model import SUPPORT_LABEL, UNIT_LABELS, Task, field_names
from .numbering import SENTENCE_END_ANY_WIDTH, Number, inline_number, number_at, parse_number
from .sources import Source, SourceParagraph
from .units import Registry

DATE_LINE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")

#: Task fields other than units, by the labels plans give them.
FIELD_LABELS = {
    "完成时限": "deadline",
    "完成時限": "deadline",
    "完成时间": "deadline",
    "完成時間": "deadline",
    "时间节点": "deadline",
    "時間節點": "deadline",
    "活动时间": "time",
    "活動時間": "time",
    "时间": "time",
    "時間": "time",
    "活动地点": "place",
    "活動地點": "place",
    "地点": "place",
    "地點": "place",
}
_LABEL_WORDS = "|".join(sorted([*UNIT_LABELS, *FIELD_LABELS], key=len, reverse=True))
#: One label and its colon, where a field starts: 责任单位： 牵头单位: 完成时限：
_FIELD_START = re.compile(rf"({_LABEL_WORDS})\s*[：:]\s*")
#: A bracketed note whose content starts with a label: （责任单位：…） 【责任部门:…】 (牵头单位：…，配合单位：…)
_LABELLED_NOTE = re.compile(rf"[（(【\[]\s*(?=(?:{_LABEL_WORDS})\s*[：:])([^（）()【】\[\]]*?)\s*[）)】\]]")
#: A label introducing fields after the task's own words, without brackets: …。责任单位：区科协
#: (the first lookahead, the labels' first characters, spares trying every label at every character)
_LABEL_FIRST = "".join(sorted({word[0] for word in (*UNIT_LABELS, *FIELD_LABELS)}))
_TRAILING_FIELDS = re.compile(
    rf"(?=[{re.escape(_LABEL_FIRST)}])(?:(?<=[。；;）)】\]\s])|^)(?=(?:{_LABEL_WORDS})\s*[：:])"
)
#: A bare bracketed list at the end: （区科协、区民政局、各街道办事处）
_BARE_NOTE = re.compile(r"[（(【]([^（）()【】：:。]{2,200})[）)】]\s*[。.]?\s*$")
#: Units named in the task's own sentence: 由县科技局牵头，县委宣传部、县科协配合
_IN_SENTENCE = re.compile(
    r"由(?P<lead>[^，。；：,;:（）()“”]{2,60}?)(?:牵头|牽頭|负责|負責|主办|主辦|承办|承辦)"
    r"(?:[，,](?P<support>[^，。；：,;:（）()“”]{2,80}?)(?:共同)?(?:配合|协办|協辦|参与|參與))?"
)
#: Roles in a closing bracket without 由: （市科协牵头，市教育局、团市委配合）
_BRACKET_ROLES = re.compile(
    r"[（(](?P<lead>[^（）()，。；：,;:]{2,60}?)(?:牵头|牽頭|负责|負責)"
    r"(?:[，,；;]\s*(?P<support>[^（）()。：:]{2,80}?)(?:共同)?(?:配合|协办|協辦|参与|參與))?[）)]\s*[。.]?\s*$"
)
#: How the names of responsible units end: 局 委 办 … 政府 单位 部门 中心 (simplified and traditional).
_UNIT_LIKE = re.compile(
    r"(?:局|委|办|辦|厅|廳|部|会|會|院|政府|单位|單位|部门|部門|中心|馆|館|站|所|处|處|协|協|联|聯|署|室|"
    r"队|隊|团|團|校|社|台|司|组|組|街道|镇|鎮|乡|鄉|集团|集團|公司|大学|大學|学院|學院|医院|醫院|基地|"
    r"机构|機構|企业|企業|媒体|媒體)$"
)
_UNIT_TAIL = re.compile(r"等(?:相关|有关|相關|有關)?(?:部门|单位|部門|單位)$")
_GROUP_SPLIT = re.compile(r"\s*[，,；;]\s*")

#: Lines around a title that are not the title: 文号, portal metadata, draft markers, viewer noise.
_DOC_NUMBER = re.compile(r"[〔［\[【(（]\s*(?:19|20)\d{2}\s*[〕］\]】)）]\s*第?\s*\d+\s*号")
_META = re.compile(
    r"^(?:索\s*引\s*号|发布机构|發布機構|发布日期|發布日期|成文日期|生成日期|公开日期|公開日期|发布时间|發布時間|"
    r"主题分类|主題分類|信息分类|信息分類|来源|來源|浏览|瀏覽|点击|點擊|字号|字號|文\s*号|文\s*號|发文字号|發文字號|"
    r"发文机关|發文機關|有\s*效\s*性|公开方式|公開方式|公开范围|公開範圍|当前位置|當前位置|您的位置|作者|"
    r"责任编辑|責任編輯|标\s*题|標\s*題|分享|打印|关闭|關閉|首页|首頁)"
)
_DRAFT = re.compile(
    r"^[（(【\[]?\s*(?:征求意见稿|徵求意見稿|送审稿|送審稿|讨论稿|討論稿|草案|试行|試行)\s*[）)】\]]?$"
)
_DATE_OR_TIME = re.compile(
    r"^(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}:\d{2}(?::\d{2})?|\s)+$"
)
_PUBLIC = re.compile(r"^[（(]\s*此件\S{0,6}[）)]$")
_NOTICE = re.compile(r"关于印发|關於印發|关于转发|關於轉發|印发给你们|印發給你們|现将|現將")
_INNER_TITLE = re.compile(r"《([^《》]{4,100})》")
#: 关于印发2024年科普工作要点的通知, without 《》: the plan's name stands between 印发 and 的通知.
_BARE_NOTICE = re.compile(r"(?:印发|印發|转发|轉發)([^《》，。,]{4,80}?)的通知$")
#: A draft marker at the end of the title's own line: 2024年科普工作方案（征求意见稿）
_DRAFT_SUFFIX = re.compile(
    r"\s*[（(【\[]\s*(?:征求意见稿|徵求意見稿|送审稿|送審稿|讨论稿|討論稿|草案|试行|試行)\s*[）)】\]]$"
)
_TITLE_WORD = re.compile(
    r"计划|計劃|要点|要點|方案|安排|意见|意見|规划|規劃|清单|清單|分工|任务|任務|纲要|綱要|通知|措施|办法|辦法|"
    r"细则|細則|工作|行动|行動|表$"
)
_PAGE_NUMBER = re.compile(
    r"^(?:[-—－–\s]*\d{1,3}[-—－–\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})$"
)
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[：:]?")
#: Words and stamps of a web page's header, anywhere in a short line: 发布 2024-03-08 10:20 阅读 326
_PAGE_STAMP = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}|阅读|閱讀|浏览|瀏覽|点击|點擊|来源|來源|字数|字數|上传|上傳|收藏|"
    r"分享|打印|字体|字體|责任编辑|責任編輯|文档编号|文檔編號"
)
#: A file name standing as a line (document-sharing sites): 某区2024年科普工作计划.docx
_FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt)$", re.IGNORECASE)
#: Mirror sites gloss characters with pinyin: 建設(shè). Not the authors' words: taken out (reported).
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[a-z\u00e0-\u01dc]*[\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8"
    r"\u012b\u00ed\u01d0\u00ec\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc])"
    r"[a-z\u00e0-\u01dc]{1,7}\)"
)
#: Sections that list an agenda or a schedule: their numbered lines are steps, not tasks.
_AGENDA = re.compile(r"议程|議程|日程|流程|程序|安排表")

#: Import notes (codes.py): the rule codes of validate stay KP001–KP049; importing has its own range.
UNSURE, UNKNOWN_UNIT = codes.IMPORT_UNSURE, codes.IMPORT_UNKNOWN_UNIT
SPLIT, NORMALISED = codes.IMPORT_SPLIT, codes.IMPORT_NORMALISED


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
#: What reading a task's units noticed: a note (code, message, hint), or unit groups to count.
_Noticed = tuple[Code, str, str | None] | list[list[str]]
_Reading = tuple[str, dict[str, Any] | None, list[_Noticed]]


@dataclass
class _Entry:
    """A （一）-level line and what follows it, before deciding: group, task, or run-in item."""

    source: SourceParagraph
    number: Number
    following: list[Element] = field(default_factory=list)
    kind: str = ""  # group, task, item
    groups: list[dict[str, Any]] = field(default_factory=list)
    task: dict[str, Any] | None = None


class Importer:
    def __init__(self, source: Source, registry: Registry | None, display: str):
        self.source = source
        self.registry = registry
        self.display = display
        self.report = ImportReport()
        self.task_ids: set[str] = set()
        self._last: dict[str, int] = {}  # the last number seen at each level, for splitting runs
        self._tables = 1000  # table numbers for tables found in plain text
        self._longest: int | None = None
        self._last_number: dict[str, int] = {}  # per id base: the number its last id got
        self._unknown: set[str] = set()  # report.unknown_units, for look-ups
        #: what _units read in a paragraph when asked quietly, for the call that reads it as a task
        self._read: dict[tuple[SourceParagraph, str, tuple[SourceParagraph, ...]], _Reading] = {}

    # -- reporting -------------------------------------------------------------------------------

    def note(self, code: Code, paragraph: SourceParagraph, message: str, hint: str | None = None) -> None:
        self.report.notes.append(
            code.at(f"{paragraph.where}：{message}", self.display, paragraph.line, 1, hint)
        )
        if code is codes.IMPORT_UNSURE:
            self.report.unsure_paragraphs += 1

    # -- the whole document ------------------------------------------------------------------------

    def run(self, year: int | None) -> dict[str, Any]:
        for note in self.source.notes:
            anchor = SourceParagraph(note.text, 0, note.where)
            self.note(
                UNSURE,
                anchor,
                f"{note.kind} {note.number}：「{note.text}」不是正文，没有放进计划",
                "需要时把它写进相应段落",
            )
        paragraphs = self._prepare(list(self.source.paragraphs))
        signature = self._take_signature(paragraphs)
        before, title_lines, title = self._take_title(paragraphs)
        draft = _DRAFT_SUFFIX.search(title)
        if draft and title_lines:  # the draft marker is not part of the name: kept before the preamble
            title = title[: draft.start()]
            marker = SourceParagraph(draft.group().strip(), title_lines[-1].line, title_lines[-1].where)
            paragraphs.insert(paragraphs.index(title_lines[-1]) + 1, marker)
            self.note(SPLIT, title_lines[-1], f"标题后的「{marker.text}」不是标题的一部分，已放入前言")
        if year is None and title:
            match = YEAR_IN_TITLE.search(title)
            year = int(match.group(1)) if match else None
        data: dict[str, Any] = {}
        if year is not None:
            data["year"] = year
        if title:
            data["title"] = title
        rest = [e for e in paragraphs if not (isinstance(e, SourceParagraph) and e in title_lines)]
        first_section = next((i for i, e in enumerate(rest) if _level(e) == "一"), None)
        if first_section is None:  # no 一、 headings: a list of tasks, or an excerpt
            first_section = next((i for i, e in enumerate(rest) if _is_structure(e, self)), len(rest))
            preamble, body = rest[:first_section], rest[first_section:]
            sections = [self._section(None, body)] if body else []
        else:
            preamble, body = rest[:first_section], rest[first_section:]
            sections = self._sections(body)
        for element in preamble:
            if isinstance(element, SourceParagraph) and element not in before:
                self._report_stray(element, "前言")
        if preamble:
            data["preamble"] = [e.text for e in preamble if isinstance(e, SourceParagraph)]
        data["sections"] = sections
        self.report.sections = sum(1 for s in sections if s.get("heading"))
        data.update(signature)
        return data

    def _report_stray(self, paragraph: SourceParagraph, place: str) -> None:
        """A numbered line or a unit note that could not be placed as a task: kept, and reported."""
        if _level(paragraph) is not None:
            self.note(
                UNSURE, paragraph, f"带编号的段落留在了{place}中，没有识别为标题或任务", "核对它应属的位置"
            )
        elif self._units(paragraph.text, [], quiet=True)[1]:
            self.note(
                UNSURE, paragraph, f"写有责任单位的段落留在了{place}中，没有识别为任务", "核对它应属的位置"
            )

    # -- preparing the paragraphs ----------------------------------------------------------------

    def _prepare(self, paragraphs: list[SourceParagraph]) -> list[Element]:
        """Page numbers out, flattened runs split at their numbers, task tables read into tasks."""
        out: list[Element] = []
        table: list[SourceParagraph] = []
        text_rows: list[SourceParagraph] = []

        def flush_table() -> None:
            if table:
                out.extend(self._table(list(table)))
                table.clear()

        glossed = 0
        for paragraph in paragraphs:
            if "(" in paragraph.text and _PINYIN_GLOSS.search(paragraph.text):
                text, n = _PINYIN_GLOSS.subn("", paragraph.text)
                glossed += n
                paragraph = SourceParagraph(
                    text, paragraph.line, paragraph.where, paragraph.table, paragraph.row, paragraph.col
                )
            if paragraph.table:
                if table and table[0].table != paragraph.table:
                    flush_table()
                table.append(paragraph)
                continue
            flush_table()
            if _PAGE_NUMBER.match(paragraph.text):
                self.note(UNSURE, paragraph, f"「{paragraph.text}」像是阅读器加上的页码，已略去")
                continue
            cells = _text_cells(paragraph.text)
            if text_rows and len(cells) >= 2:
                text_rows.append(paragraph)
                continue
            if text_rows:
                out.extend(self._text_table(text_rows))
                text_rows = []
            if len(cells) >= 3 and _header_columns(cells) is not None:
                text_rows.append(paragraph)
                continue
            out.extend(self._split_run(paragraph))
        flush_table()
        if text_rows:
            out.extend(self._text_table(text_rows))
        if glossed and paragraphs:
            self.note(
                NORMALISED,
                paragraphs[0],
                f"文中有 {glossed} 处网页镜像加上的拼音注音（如“建設(shè)”），不是原文，已去掉",
            )
        return out

    def _split_run(self, paragraph: SourceParagraph) -> list[SourceParagraph]:
        """A paragraph of flattened web text holding several numbered parts → one paragraph each.
        Only numbers that continue the sequence read so far split it (一、 after 一、 is 二、)."""
        text = paragraph.text
        own = parse_number(text)
        if own is not None:
            self._see(own)
        if inline_number().search(text, 1) is None:
            return [paragraph]
        cuts: list[int] = []
        depths = _bracket_depths(text)
        last_end = -1  # where the last sentence end before the current position stands
        ends_at = [-1] * (len(text) + 1)
        for i, ch in enumerate(text):
            ends_at[i] = last_end
            if ch in SENTENCE_END_ANY_WIDTH:
                last_end = i
        open_depth = own.depth if own is not None and own.depth <= 1 else None  # 二、重点工作（一）推进…
        for match in inline_number().finditer(text, 1):
            start = match.start()
            if (cuts and start <= cuts[-1]) or depths[start]:
                continue
            found = number_at(text, start)
            if found is None:
                continue
            number = Number(found[0], found[1], found[2], "", found[4])
            j = start - 1
            while j > 0 and text[j].isspace():  # 。 二、 or 先锋 二、时间 in text flattened with spaces
                j -= 1
            spaced = j < start - 1
            ends = text[j] in "。；;！？!?）)】]" or (number.depth <= 1 and text[j] in "：:") or spaced
            runs_on = (
                open_depth is not None
                and open_depth < number.depth <= 2
                and ends_at[start] < (cuts[-1] if cuts else 0)
            )
            if not (ends or runs_on) or not self._continues(number):
                continue
            cuts.append(start)
            self._see(number)
            open_depth = number.depth if number.depth <= 1 else None
        if not cuts:
            return [paragraph]
        pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        self.note(SPLIT, paragraph, f"一段中连写了 {len(pieces)} 个带编号的部分，已按编号拆开")
        return [
            SourceParagraph(
                piece, paragraph.line, paragraph.where, paragraph.table, paragraph.row, paragraph.col
            )
            for piece in pieces
            if piece
        ]

    def _continues(self, number: Number) -> bool:
        """Numbering goes on (二、 after 一、) or starts again at 1; task numbers may run across groups."""
        return number.value in (1, self._last.get(number.level, 0) + 1)

    def _see(self, number: Number) -> None:
        self._last[number.level] = number.value

    # -- task tables -------------------------------------------------------------------------------

    def _text_table(self, rows: list[SourceParagraph]) -> list[Element]:
        """Rows of a table copied from a web page, cells apart by tabs or wide spaces."""
        self._tables += 1
        cells = [
            SourceParagraph(text, p.line, f"{p.where}第 {c} 列", self._tables, r, c)
            for r, p in enumerate(rows, 1)
            for c, text in enumerate(_text_cells(p.text), 1)
            if text
        ]
        return self._table(cells, rows)

    def _table(
        self, cells: list[SourceParagraph], lines: list[SourceParagraph] | None = None
    ) -> list[Element]:
        """A table whose header row names a task column and a unit column becomes tasks; any other
        table stays as its paragraphs (rows above the header, such as a caption, too)."""
        rows: dict[int, dict[int, str]] = {}
        first: dict[int, SourceParagraph] = {}
        for part in cells:
            row = rows.setdefault(part.row, {})
            row[part.col] = row[part.col] + "\n" + part.text if part.col in row else part.text
            first.setdefault(part.row, part)
        order = sorted(rows)
        header_at = next(
            (i for i, r in enumerate(order[:4]) if _header_columns(list(_row_values(rows[r]))) is not None),
            None,
        )
        if header_at is None:
            return list(lines) if lines is not None else list(cells)
        columns = _header_columns(list(_row_values(rows[order[header_at]]))) or {}
        keys = sorted(rows[order[header_at]])
        by_role = {role: keys[i] for role, i in columns.items() if isinstance(i, int)}
        out: list[Element] = []
        for r in order[:header_at]:  # a caption above the header row: plain paragraphs
            text = "".join(rows[r][c] for c in sorted(rows[r])).replace("\n", "")
            where = first[r]
            out.append(SourceParagraph(text, where.line, where.where))
        groups: list[tuple[str, list[dict[str, Any]]]] = [("", [])]
        for r in order[header_at + 1 :]:
            row = rows[r]
            values = {v.strip() for v in row.values() if v.strip()}
            only = next(iter(values)) if len(values) == 1 else ""
            if only and not only.isdigit() and (len(row) > 1 or len(keys) > 2):
                # one text across the row (merged cells): a category of the tasks below it
                heading = only.replace("\n", "")
                number = parse_number(heading)
                groups.append((number.rest if number else heading, []))
                continue

            def cell(role: str, row: dict[int, str] = row) -> str:
                return row.get(by_role[role], "").strip() if role in by_role else ""

            task = self._table_task(cell, first[r], columns)
            if task is not None:
                groups[-1][1].append(task)
        header_cell = first[order[header_at]]
        out.append(TableTasks(header_cell, [g for g in groups if g[1]]))
        return out

    def _table_task(
        self, cell: Callable[[str], str], where: SourceParagraph, columns: dict[str, Any]
    ) -> dict[str, Any] | None:
        title_cell, detail = cell("title").replace("\n", ""), cell("detail").replace("\n", "")
        if not (title_cell or detail):
            return None
        title, rest = _first_sentence(title_cell) if title_cell else _first_sentence(detail)
        text = (rest + detail) if title_cell else rest
        task: dict[str, Any] = {"id": self._task_id(title), "title": title}
        if text:
            task["text"] = text
        units = cell("units").replace("\n", "、")
        support = cell("support").replace("\n", "、")
        if units:
            task["units"] = self._unit_groups(units, where, quiet=False)
        else:
            task["units"] = []
        label = columns.get("label_text")
        if isinstance(label, str) and label:
            task["label"] = label
        if support:
            task["support"] = self._unit_groups(support, where, quiet=False)
        for name in ("deadline", "time", "place"):
            if cell(name):
                task[name] = cell(name).replace("\n", "")
        self.report.tasks += 1
        if not units and not support:
            self.note(UNSURE, where, f"任务「{title}」没有找到责任单位", "在 units 中补上责任单位")
        return _tidy_task(task)

    # -- title and signature -----------------------------------------------------------------------

    def _take_signature(self, paragraphs: list[Element]) -> dict[str, Any]:
        """A closing date (2025年1月5日), and the issuer on the line before it, when they end the document."""
        if not paragraphs or not isinstance(paragraphs[-1], SourceParagraph):
            return {}
        match = DATE_LINE.match(paragraphs[-1].text)
        if not match:
            for element in paragraphs[-8:-1]:  # a signature followed by attachments, say
                if isinstance(element, SourceParagraph) and DATE_LINE.match(element.text):
                    self.note(
                        UNSURE,
                        element,
                        "落款日期之后还有内容（如附件），没有识别为落款；落款和其后的段落都作为正文保留",
                        "核对末尾几段；需要落款时在 YAML 中写 issuer 和 date",
                    )
                    break
            return {}
        year, month, day = (int(g) for g in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return {}
        date_line = paragraphs.pop()
        assert isinstance(date_line, SourceParagraph)
        signature: dict[str, Any] = {"date": f"{year:04d}-{month:02d}-{day:02d}"}
        last = paragraphs[-1] if paragraphs else None
        if isinstance(last, SourceParagraph) and _looks_like_issuer(last.text):
            signature["issuer"] = last.text
            paragraphs.pop()
        return signature

    def _take_title(
        self, elements: list[Element]
    ) -> tuple[list[SourceParagraph], list[SourceParagraph], str]:
        """(lines before the title, the title's lines, the title). The title is one to three short
        lines without closing punctuation that read like a plan's name, found after any 文号, dates,
        portal metadata and draft markers. A forwarding notice (关于印发《…》的通知) names the plan:
        its 《》 title is taken, from the plan's own title line where the text repeats it. Where no
        line reads like a title, there is none: a sentence is never promoted."""
        head: list[SourceParagraph] = []
        for element in elements[:40]:
            if not isinstance(element, SourceParagraph) or _level(element) is not None:
                break
            head.append(element)
        blocks: list[list[SourceParagraph]] = []
        current: list[SourceParagraph] = []
        for paragraph in head:
            if not paragraph.table and _title_like(paragraph.text):  # a table cell is never the title
                current.append(paragraph)
                continue
            if current:
                blocks.append(current)
                current = []
        if current:
            blocks.append(current)
        inner = ""
        for text in [p.text for p in head] + ["".join(p.text for p in b) for b in blocks]:
            if _NOTICE.search(text):  # a forwarding notice, on one line or over the title's lines
                found = _INNER_TITLE.search(text) or _BARE_NOTICE.search(text)
                if found:
                    inner = found.group(1)
                    break
        candidates: list[list[SourceParagraph]] = []
        for block in blocks:  # a block of up to three lines; longer runs offer their windows
            for size in (3, 2, 1):
                for start in range(len(block) - size + 1):
                    candidates.append(block[start : start + size])
        if inner:
            key = _fold(inner)
            for lines in candidates:
                if _fold(_title_text(lines)) == key:
                    named = "".join(p.text for p in lines)
                    return self._title_found(head, [] if _FILE_NAME.search(named) else lines, inner)
        for block in blocks:
            lines = block[:3]
            joined = "".join(p.text for p in lines)
            if _TITLE_WORD.search(joined) and not _NOTICE.search(joined):
                if _FILE_NAME.search(joined):
                    self.note(UNSURE, lines[0], "标题取自文件名（去掉了扩展名），该行也留在前言中")
                    return self._title_found(head, [], _title_text(lines))
                return self._title_found(head, lines, _title_text(lines))
        if inner:
            return self._title_found(head, [], inner)
        anchor = (
            head[0]
            if head
            else (elements[0] if elements and isinstance(elements[0], SourceParagraph) else None)
        )
        if anchor is not None:
            self.note(UNSURE, anchor, "没有找到标题：计划中没有 title，请补上", "在 YAML 中写 title")
        else:
            self.note(UNSURE, SourceParagraph("", 1, "文件"), "没有可导入的文字", "检查是否选错了文件")
        return [], [], ""

    def _title_found(
        self, head: list[SourceParagraph], lines: list[SourceParagraph], title: str
    ) -> tuple[list[SourceParagraph], list[SourceParagraph], str]:
        if len(lines) > 1:
            self.note(SPLIT, lines[0], f"标题分在 {len(lines)} 行，已合为一行：{title}")
        before = head[: head.index(lines[0])] if lines else list(head)
        if lines and before:
            self.note(
                UNSURE, before[0], f"标题之前的 {len(before)} 段（文号、网页信息、印发通知等）已放入前言"
            )
        return before, lines, title

    # -- sections ----------------------------------------------------------------------------------

    def _sections(self, elements: list[Element]) -> list[dict[str, Any]]:
        sections: list[dict[str, Any]] = []
        current: list[Element] = []
        heading_line: SourceParagraph | None = None
        for element in elements:
            if _level(element) == "一":
                assert isinstance(element, SourceParagraph)
                if heading_line is not None:
                    sections.append(self._section(heading_line, current))
                heading_line, current = element, []
            else:
                current.append(element)
        if heading_line is not None:
            sections.append(self._section(heading_line, current))
        return sections

    def _section(self, line: SourceParagraph | None, body: list[Element]) -> dict[str, Any]:
        section: dict[str, Any] = {}
        intro: list[Element] = []
        if line is not None:
            number = parse_number(line.text)
            assert number is not None
            heading, rest = _split_heading(number.rest)
            section["heading"] = heading
            if rest:
                self.note(SPLIT, line, f"一级标题「{heading}」与正文连在一起，已把正文另起一段")
                intro.append(SourceParagraph(rest, line.line, line.where))
            if not heading:
                self.note(UNSURE, line, "一级标题是空的")
        entries: list[_Entry] = []
        for element in body:
            number = parse_number(element.text) if isinstance(element, SourceParagraph) else None
            if number is not None and number.level == "（一）":
                assert isinstance(element, SourceParagraph)
                if number.malformed:
                    self.note(
                        NORMALISED, element, f"编号「{element.text[:4]}」写法不规范，按（一）这一级读入"
                    )
                entries.append(_Entry(element, number))
            elif entries:
                entries[-1].following.append(element)
            else:
                intro.append(element)
        paragraphs, groups = self._run(intro, agenda=bool(_AGENDA.search(section.get("heading", ""))))
        for entry in entries:
            self._classify(entry, paragraphs)
        if any(e.kind in ("group", "task") for e in entries) or groups:
            for entry in entries:
                if entry.kind == "item":  # beside tasks, an entry without units is a task too
                    entry.kind = "task"
                    entry.task = self._task([entry.source], entry.number.rest)
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
                else:
                    run = None
                    groups.extend(entry.groups)
        elif entries:
            section["items"] = [self._item(e, paragraphs) for e in entries]
        if paragraphs:
            section["paragraphs"] = paragraphs
        if groups:
            section["groups"] = [_tidy_group(g) for g in groups]
            self.report.groups += sum(1 for g in groups if g["heading"])
        if not (paragraphs or groups or entries) and line is not None:
            self.note(UNSURE, line, f"一级部分「{section.get('heading', '')}」没有内容")
        return section

    def _classify(self, entry: _Entry, section_paragraphs: list[str]) -> None:
        """A （一） line with numbered lines or unit-bearing paragraphs under it heads a group; one that
        names units itself is a task; any other is a run-in item (decided again beside tasks)."""
        heading, inline = _first_sentence(entry.number.rest)
        paragraphs, groups = self._run(entry.following, agenda=bool(_AGENDA.search(heading)))
        if groups:
            entry.kind = "group"
            if inline and not self._units(inline, [], quiet=True)[1]:
                groups[0]["tasks"].insert(
                    0, self._task([SourceParagraph(inline, entry.source.line, entry.source.where)])
                )
                self.note(UNSURE, entry.source, f"「{heading}」后面连着正文，已把正文作为该组的第一项任务")
            elif inline:
                self.note(SPLIT, entry.source, f"二级标题「{heading}」与第一项任务连在一起，已拆开")
                groups[0]["tasks"].insert(
                    0, self._task([SourceParagraph(inline, entry.source.line, entry.source.where)])
                )
            if groups[0]["heading"]:
                groups.insert(0, {"heading": heading, "tasks": []})
                self.note(UNSURE, entry.source, f"分组「{heading}」下还有一层带标题的分组，已并为同一层")
            else:
                groups[0]["heading"] = heading
            for text in paragraphs:
                section_paragraphs.append(text)
                self.note(
                    UNSURE,
                    entry.source,
                    f"分组「{heading}」中有不是任务的段落，已放在本部分正文中：{text[:20]}…",
                )
            entry.groups = groups
            return
        fields = [e for e in entry.following if isinstance(e, SourceParagraph) and _field_line(e.text)]
        if self._units(entry.number.rest, fields, quiet=True, paragraph=entry.source)[1]:
            entry.kind = "task"
            entry.task = self._task([entry.source, *fields], entry.number.rest)
            for text in paragraphs:
                if not any(text == f.text for f in fields):
                    section_paragraphs.append(text)
            return
        entry.kind = "item"
        entry.task = None

    def _item(self, entry: _Entry, section_paragraphs: list[str]) -> dict[str, Any]:
        self.report.items += 1
        heading, rest = _first_sentence(entry.number.rest)
        if not rest:
            heading, rest = _split_heading(entry.number.rest)
        item: dict[str, Any] = {"heading": heading}
        if rest:
            item["text"] = rest
        following = [e.text for e in entry.following if isinstance(e, SourceParagraph)]
        for element in entry.following:
            if isinstance(element, SourceParagraph):
                self._report_stray(element, f"条目「{heading}」")
        if following:
            item["paragraphs"] = following
        return item

    # -- runs of tasks -----------------------------------------------------------------------------

    def _run(self, elements: list[Element], agenda: bool = False) -> tuple[list[str], list[dict[str, Any]]]:
        """Paragraphs and task groups from a run of lines under one heading. Numbered lines (1. 1、
        （1） ①) are tasks; one that is only a short heading over deeper-numbered tasks heads a group
        of its own. An unnumbered line naming units is a task (the 2025 plan numbers none); field
        lines (责任单位：… 完成时限：…) belong to the task above them."""
        paragraphs: list[str] = []
        groups: list[dict[str, Any]] = []
        group: dict[str, Any] | None = None
        pending: list[SourceParagraph] = []  # the current task's lines
        numbered_tasks = False
        attachments = False  # after 附件：, numbered lines name documents, not tasks

        def close_task() -> None:
            nonlocal group
            if not pending:
                return
            if group is None:
                group = {"heading": "", "tasks": []}
                groups.append(group)
            number = parse_number(pending[0].text)
            if number is not None and number.depth >= 2:
                group.setdefault("task_numbering", number.style)
                if not group["tasks"] and number.value != 1:
                    group["task_number_start"] = number.value
            elif group.get("task_numbering"):
                self.note(
                    UNSURE,
                    pending[0],
                    "同组其他任务有编号，这一段没有：导入后它成为该组的一项任务，输出时会编号，后面的编号随之顺延",
                    "若它不是任务，请把它移到合适的位置",
                )
            group["tasks"].append(
                self._task(list(pending), number.rest if number and number.depth >= 2 else None)
            )
            pending.clear()

        for i, element in enumerate(elements):
            if isinstance(element, TableTasks):
                close_task()
                for heading, tasks in element.groups:
                    if tasks:
                        groups.append({"heading": heading, "tasks": tasks})
                group = None
                continue
            number = parse_number(element.text)
            if _ATTACHMENT.match(element.text):
                close_task()
                attachments = True
                paragraphs.append(element.text)
                continue
            if attachments and number is not None and _heading_like(number.rest):
                paragraphs.append(element.text)
                continue
            attachments = False
            if agenda and number is not None:  # 会议议程 1.主持人致辞: steps of an agenda, not tasks
                paragraphs.append(element.text)
                continue
            if number is not None and number.depth >= 2:
                close_task()
                following = elements[i + 1] if i + 1 < len(elements) else None
                deeper = (
                    isinstance(following, SourceParagraph)
                    and (n := parse_number(following.text)) is not None
                    and n.depth > number.depth
                )
                if deeper and _heading_like(number.rest) and not self._units(number.rest, [], quiet=True)[1]:
                    group = {"heading": number.rest, "tasks": []}
                    groups.append(group)
                    continue
                pending.append(element)
                numbered_tasks = True
                continue
            if pending and _field_line(element.text):
                pending.append(element)
                continue
            if element.table:  # a cell of a table that is not a task table: text, not a task
                close_task()
                paragraphs.append(element.text)
                if groups:
                    self.note(UNSURE, element, "表格中的文字放在了本部分正文中（原在任务之间）")
                continue
            if self._units(element.text, [], quiet=True, paragraph=element)[1]:
                close_task()
                pending.append(element)
                continue
            if pending or groups:
                close_task()
                if numbered_tasks or not groups:
                    paragraphs.append(element.text)
                    self.note(UNSURE, element, "任务之间的这一段没有编号、也没有责任单位，已放在本部分正文中")
                else:  # among unnumbered tasks (the 2025 plan's form): a task whose units are missing
                    pending.append(element)
                continue
            if number is not None and number.level == "一":
                self._report_stray(element, "正文")
            paragraphs.append(element.text)
        close_task()
        return paragraphs, groups

    # -- tasks and units ---------------------------------------------------------------------------

    def _task(self, lines: list[SourceParagraph], text: str | None = None) -> dict[str, Any]:
        """One task from its line (number removed) and any field lines after it."""
        self.report.tasks += 1
        paragraph = lines[0]
        body, data = self._units(paragraph.text if text is None else text, lines[1:], paragraph=paragraph)
        title, rest = _first_sentence(body.strip())
        if not title:
            title = body or paragraph.text
        task: dict[str, Any] = {"id": self._task_id(title), "title": title}
        if rest:
            task["text"] = rest
        if data is None or not (data.get("units") or data.get("support")):
            self.note(UNSURE, paragraph, f"任务「{title}」没有找到责任单位", "在 units 中补上责任单位")
            task["units"] = []
        if data:
            task.update(data)
        return _tidy_task(task)

    def _units(
        self,
        text: str,
        field_lines: list[SourceParagraph],
        *,
        quiet: bool = False,
        paragraph: SourceParagraph | None = None,
    ) -> tuple[str, dict[str, Any] | None]:
        """Split a task's text into its wording and the data of its responsibility and fields, from
        every form: labelled brackets anywhere, fields after the text, field lines, a bare bracketed
        list at the end, or 由X牵头，Y配合 in the sentence (which then stays as written). Unless
        `quiet`, what it noticed is reported at `paragraph` and its unit names counted.

        The recogniser asks first whether a paragraph names units (quietly) and then reads it as a
        task: the reading of a paragraph is kept from the one call to the next (keyed by the paragraph
        itself, so two paragraphs never share one), not done twice."""
        key = (paragraph, text, tuple(field_lines)) if paragraph is not None else None
        found = self._read.pop(key, None) if key is not None else None
        if found is None:
            found = self._read_units(text, field_lines)
        if quiet and key is not None:
            self._read[key] = found
        body, data, noticed = found
        if not quiet:
            where = paragraph or SourceParagraph(text, 0, "")
            for item in noticed:
                if isinstance(item, list):
                    self._count_units(item, where)
                else:
                    self.note(item[0], where, item[1], item[2])
        return body, data

    def _read_units(
        self, text: str, field_lines: list[SourceParagraph]
    ) -> tuple[str, dict[str, Any] | None, list[_Noticed]]:
        """What `_units` reads, and what it noticed in reading (notes to give, unit groups to count),
        in the order it noticed them."""
        noticed: list[_Noticed] = []
        fields: list[tuple[str, str]] = []
        layout = "parenthetical"
        body = text
        moved = False
        separator = ""
        candidates = list(_TRAILING_FIELDS.finditer(body, 1))
        depths = _bracket_depths(body) if candidates else []
        trailing = next((m for m in candidates if not depths[m.start()]), None)
        if trailing:
            parsed = _parse_fields(body[trailing.start() :])
            if parsed:
                fields.extend(parsed)
                body = body[: trailing.start()].rstrip()
                layout = "lines"
        for match in reversed(list(_LABELLED_NOTE.finditer(body))):
            parsed = _parse_fields(match.group(1))
            if not parsed:
                continue
            fields[:0] = parsed
            separator = separator or _separator_before_support(match.group(1))
            tail = body[match.end() :].strip()
            if tail and tail not in "。.；;":
                moved = True
            if any(mark in match.group(0) for mark in "():【】[]"):
                noticed.append(
                    (
                        NORMALISED,
                        f"责任单位说明「{match.group(0)}」的括号或冒号不规范，输出时统一为（…：…）",
                        None,
                    )
                )
            body = body[: match.start()] + body[match.end() :]
        for line in field_lines:
            parsed = _parse_fields(_field_text(line.text))
            fields.extend(parsed)
            if any(label in UNIT_LABELS for label, _ in parsed):
                layout = "lines"
        data: dict[str, Any] = {}
        unit_fields = [(label, value) for label, value in fields if label in UNIT_LABELS]
        if not unit_fields:
            bare = _BARE_NOTE.search(body)
            bare_groups = self._groups(bare.group(1)) if bare else []
            names = [n for g in bare_groups for n in g]
            if bare and names and all(self._unit_like(n) for n in names):
                data.update({"label": "", "units": bare_groups})
                noticed.append(bare_groups)
                body = body[: bare.start()] + body[bare.end() :]
            else:
                sentence = _BRACKET_ROLES.search(body) or _IN_SENTENCE.search(body)
                if sentence and self._all_units(sentence.group("lead")):
                    layout = "sentence"
                    data["units"] = self._groups(sentence.group("lead"))
                    noticed.append(data["units"])
                    support = sentence.group("support")
                    if support and self._all_units(support):
                        data["label"] = "牵头单位"
                        data["support"] = self._groups(support)
                        noticed.append(data["support"])
        else:
            units: list[list[str]] = []
            support_groups: list[list[str]] = []
            label = ""
            support_label = ""
            leads = any(UNIT_LABELS[lb] == "lead" and "主" not in lb for lb, _ in unit_fields)
            for field_label, value in unit_fields:
                groups = self._groups(value)
                noticed.append(groups)
                role = UNIT_LABELS[field_label]
                if leads and role == "units" and field_label.startswith(("责任", "責任")):
                    role = "support"  # 牵头单位：X；责任单位：Y — beside a lead, the others cooperate
                if role == "support":
                    support_groups.extend(groups)
                    support_label = support_label or field_label
                else:
                    if label:
                        noticed.append((NORMALISED, f"「{field_label}」的单位并入「{label}」一起列出", None))
                    label = label or field_label
                    units.extend(groups)
            if not units and support_groups:  # only 配合单位 given: they are the units
                units, support_groups, label = support_groups, [], support_label
                support_label = ""
            data["units"] = units
            if support_groups:
                data["support"] = support_groups
                if support_label != SUPPORT_LABEL.get(label, "配合单位"):
                    data["support_label"] = support_label
            if label == "" or UNIT_LABELS.get(label) == "support":  # no lead label: plain 责任单位
                label = "责任单位"
            if label != "责任单位":
                data["label"] = label
            if support_groups and separator == "，" and layout == "parenthetical":
                data["support_separator"] = "，"
        for field_label, value in fields:
            name = FIELD_LABELS.get(field_label)
            if name and value:
                data[name] = value
                if name == "deadline":
                    try:
                        check_deadline_text(value)
                    except DeadlineError as exc:
                        noticed.append((UNSURE, f"{exc}：已按原文放在 deadline 中", "核对后改为可识别的写法"))
        if data and layout != "parenthetical":
            data["units_layout"] = layout
        elif data.get("units") and (moved or any(FIELD_LABELS.get(lb) for lb, _ in fields)):
            noticed.append(
                (NORMALISED, "责任单位说明不在段末，输出时移到段末；时间、地点、完成时限另起一行", None)
            )
        if not data:
            return text, None, noticed
        return body.strip(), data, noticed

    def _all_units(self, text: str) -> bool:
        names = [n for g in self._groups(text) for n in g]
        return bool(names) and all(self._unit_like(n) for n in names)

    def _unit_like(self, name: str) -> bool:
        name = _UNIT_TAIL.sub("", name.strip())
        if not name or len(name) > 30 or any(c in name for c in "。！？：:"):
            return False
        if self.registry is not None and self.registry.resolve(name) is not None:
            return True
        return bool(_UNIT_LIKE.search(name))

    def _unit_groups(self, text: str, paragraph: SourceParagraph, quiet: bool) -> list[list[str]]:
        groups = self._groups(text)
        if not quiet:
            self._count_units(groups, paragraph)
        return groups

    def _groups(self, text: str) -> list[list[str]]:
        """Unit names in groups: 市科协、市科技局；各区政府 → [[市科协, 市科技局], [各区政府]]."""
        groups = []
        for part in _GROUP_SPLIT.split(text.strip().strip("。.；;，,")):
            if not part:
                continue
            names = self._split_names(part)
            if names:
                groups.append(names)
        return groups

    def _count_units(self, groups: list[list[str]], paragraph: SourceParagraph) -> None:
        """Unit references counted; a name not in the registry reported (once listed for --add-units)."""
        for names in groups:
            self.report.unit_references += len(names)
            for name in names:
                if self.registry is not None and self.registry.resolve(name) is None:
                    if name not in self._unknown:
                        self._unknown.add(name)
                        self.report.unknown_units.append(name)
                    close = self.registry.suggest(name)
                    hint = did_you_mean(close) if close else "用 --add-units 登记"
                    self.note(
                        UNKNOWN_UNIT, paragraph, f"责任单位「{name}」不在单位名录中，已按原文保留", hint
                    )

    def _split_names(self, part: str) -> list[str]:
        """Split on 、 but keep registered names that contain 、 (市、区科协) in one piece."""
        spaced = part.split()
        if len(spaced) > 1 and all(_UNIT_LIKE.search(_UNIT_TAIL.sub("", n)) for n in spaced):
            part = "、".join(spaced)  # 区科技局 区教育局: names apart by spaces
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


# -- helpers ---------------------------------------------------------------------------------------


_PINYIN: Any = None


def _pinyin(chinese: str) -> list[str]:
    """`pypinyin.lazy_pinyin(chinese, errors="ignore")`: pypinyin's own segmentation, dictionaries and
    converter, through its documented converter hook (`Pinyin(converter)`) with one change: how a
    toned syllable is written without tones is worked out once per syllable. pypinyin redoes it for
    every character with two regular-expression passes — 40% of its time — though a plan's titles
    repeat a few hundred syllables."""
    global _PINYIN
    if _PINYIN is None:
        # pypinyin copies its two dictionaries (400,000 entries) at import so that users may add
        # words of their own; we add none. PYPINYIN_NO_DICT_COPY is its documented switch against
        # the copy (~6 ms, ~20 MB), set for the import only.
        saved = os.environ.get("PYPINYIN_NO_DICT_COPY")
        os.environ["PYPINYIN_NO_DICT_COPY"] = "1"
        try:
            from pypinyin.converter import UltimateConverter
            from pypinyin.core import Pinyin
        finally:
            if saved is None:
                del os.environ["PYPINYIN_NO_DICT_COPY"]
            else:
                os.environ["PYPINYIN_NO_DICT_COPY"] = saved

        class Remembering(UltimateConverter):  # lazy_pinyin's converter, with its default options
            def __init__(self) -> None:
                super().__init__()
                self._styled: dict[tuple[str, Any, bool], Any] = {}

            def convert_style(
                self, han: str, orig_pinyin: str, style: Any, strict: bool, **kwargs: Any
            ) -> Any:
                key = (orig_pinyin, style, strict)  # the character itself plays no part in the spelling
                if key not in self._styled:
                    self._styled[key] = super().convert_style(han, orig_pinyin, style, strict, **kwargs)
                return self._styled[key]

        _PINYIN = Pinyin(Remembering())
    return list(_PINYIN.lazy_pinyin(chinese, errors="ignore"))


_SLUG_YEAR = re.compile(r"(?:19|20)\d{2}\s*年?")
_SLUG_HAN = re.compile(r"[\u3400-\u9fff]")
_SLUG_ASCII = re.compile(r"[a-z0-9]+")
_SLUG_WORD = re.compile(r"[a-zA-Z0-9]+")


def slug(title: str, syllables: int = 6) -> str:
    """A readable ASCII id from a Chinese title: the pinyin of its first characters, years left out."""
    text = _SLUG_YEAR.sub("", title)
    chinese = "".join(_SLUG_HAN.findall(text))[:syllables]
    words: list[str] = []
    if chinese:
        words = [w for w in _pinyin(chinese) if w.isascii()]
    if not words:
        words = _SLUG_ASCII.findall(text.lower())[:syllables]
    ident = "-".join(w.lower() for w in words if _SLUG_WORD.fullmatch(w))
    return ident[:72].strip("-")


def _level(element: Element) -> str | None:
    if not isinstance(element, SourceParagraph) or element.table:
        return None
    number = parse_number(element.text)
    return number.level if number else None


def _is_structure(element: Element, importer: Importer) -> bool:
    """Where the body of a plan without 一、 headings starts: the first numbered line, task table or
    paragraph naming units."""
    if isinstance(element, TableTasks):
        return True
    if _level(element) is not None:
        return not _ATTACHMENT.match(element.text)
    return bool(importer._units(element.text, [], quiet=True)[1])


def _tidy_task(task: dict[str, Any]) -> dict[str, Any]:
    """A task's keys in the model's order, so every imported task reads the same way."""
    return {k: task[k] for k in field_names(Task) if k in task}


def _tidy_group(group: dict[str, Any]) -> dict[str, Any]:
    """A group's keys in reading order; a group standing directly under its section has no heading."""
    order = ("heading", "task_numbering", "task_number_start", "tasks")
    return {k: group[k] for k in order if k in group and (k != "heading" or group[k])}


def _looks_like_issuer(text: str) -> bool:
    return (
        len(text) <= 30
        and text[-1] not in SENTENCE_END_ANY_WIDTH + "；：:;，,"
        and parse_number(text) is None
    )


def _first_sentence(text: str) -> tuple[str, str]:
    """(first sentence with its 。, the rest); the whole text and "" when there is no sentence end."""
    for i, ch in enumerate(text):
        if ch in SENTENCE_END_ANY_WIDTH:
            return text[: i + 1], text[i + 1 :]
    return text, ""


#: Headings plans use again and again: where one runs straight into its text without a mark
#: (一、活动时间5月15日—21日。 or 一、主题 提高科学素质), it is split off.
COMMON_HEADINGS = tuple(
    sorted(
        [
            "指导思想",
            "指導思想",
            "基本原则",
            "基本原則",
            "总体要求",
            "總體要求",
            "工作目标",
            "工作目標",
            "总体目标",
            "總體目標",
            "主要目标",
            "主要目標",
            "目标任务",
            "目標任務",
            "主要任务",
            "主要任務",
            "重点任务",
            "重點任務",
            "工作任务",
            "工作任務",
            "工作重点",
            "工作重點",
            "重点工作",
            "重點工作",
            "主要内容",
            "主要內容",
            "活动内容",
            "活動內容",
            "主要活动",
            "主要活動",
            "重点活动",
            "重點活動",
            "活动时间",
            "活動時間",
            "活动地点",
            "活動地點",
            "活动主题",
            "活動主題",
            "时间",
            "時間",
            "地点",
            "地點",
            "主题",
            "主題",
            "活动对象",
            "活動對象",
            "参加对象",
            "參加對象",
            "组织领导",
            "組織領導",
            "组织机构",
            "組織機構",
            "保障措施",
            "工作要求",
            "有关要求",
            "有關要求",
            "工作措施",
            "实施步骤",
            "實施步驟",
            "进度安排",
            "進度安排",
            "时间安排",
            "時間安排",
            "工作安排",
            "主办单位",
            "主辦單位",
            "承办单位",
            "承辦單位",
            "协办单位",
            "協辦單位",
        ],
        key=len,
        reverse=True,
    )
)


def _split_heading(text: str) -> tuple[str, str]:
    """A heading glued to its first paragraph: 指导思想。以习近平… → (指导思想。, 以习近平…);
    指导思想：坚持统筹协同。 → (指导思想：, 坚持统筹协同。), the colon (full or half width) kept;
    活动时间5月15日。 → (活动时间, 5月15日。) for the common headings; 主题 提高… at the space."""
    for word in COMMON_HEADINGS:
        if text.startswith(word) and len(text) > len(word):
            following = text[len(word)]
            if following.isspace():
                return word, text[len(word) :].strip()
            rest = text[len(word) :]
            long_enough = (
                len(rest) > 6
                or rest[0].isdigit()
                or rest[0] in '“‘"《'
                or any(c in rest for c in SENTENCE_END_ANY_WIDTH)
            )
            if (
                following not in SENTENCE_END_ANY_WIDTH + "：:，,、；;（(和与及" and long_enough
            ):  # not 主要活动内容
                return word, rest
    spaced = re.match(r"(\S{2,12})\s+(\S.*)$", text)
    if spaced and not any(c in spaced.group(1) for c in SENTENCE_END_ANY_WIDTH + "，,：:"):
        return spaced.group(1), spaced.group(2)
    heading, rest = _first_sentence(text)
    colon = min((i for i in (text.find("："), text.find(":")) if i > 0), default=-1)
    if 0 < colon <= 20 and colon < len(heading) and text[colon + 1 :].strip():
        return text[: colon + 1], text[colon + 1 :]
    return (heading, rest) if rest else (text, "")


def _heading_like(text: str) -> bool:
    """A short line without a sentence in it: 科普阵地建设, 科技活动周启动式暨科普嘉年华."""
    return 0 < len(text) <= 30 and not any(c in text for c in SENTENCE_END_ANY_WIDTH + "；;，,")


def _title_like(text: str) -> bool:
    if (
        len(text) > 60
        or text[-1] in SENTENCE_END_ANY_WIDTH + "；;，,：:"
        or _DOC_NUMBER.search(text)
        or _META.match(text)
        or _DRAFT.match(text)
        or _DATE_OR_TIME.match(text)
        or _PUBLIC.match(text)
        or _ATTACHMENT.match(text)
        or DATE_LINE.match(text)
        or parse_number(text) is not None
        or "当前位置" in text
        or ">" in text
        or (len(text) <= 60 and _PAGE_STAMP.search(text))
        or re.search(r"[：:]\s*\S", text)
    ):
        return False
    return not text.endswith(("文件", "文件）"))


def _title_text(lines: list[SourceParagraph]) -> str:
    """The title from its lines; a file name (某区2024年科普工作计划.docx) loses its extension."""
    return _FILE_NAME.sub("", "".join(p.text for p in lines))


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("<", "《").replace(">", "》")


def _bracket_depths(text: str) -> list[int]:
    """The bracket depth at every position of `text`, in one pass (so each lookup is O(1))."""
    depths = []
    depth = 0
    for ch in text:
        depths.append(depth)
        if ch in "（(【[":
            depth += 1
        elif ch in "）)】]" and depth:
            depth -= 1
    return depths


def _field_text(text: str) -> str:
    """A line that is only a bracketed note, （责任单位：市科协）, read as the field line inside it."""
    note = _LABELLED_NOTE.fullmatch(text.strip().rstrip("。.；;"))
    return note.group(1) if note else text


def _field_line(text: str) -> bool:
    """A line of fields for the task above it: 责任单位：X, or the same alone in brackets."""
    text = _field_text(text)
    match = _FIELD_START.match(text)
    return match is not None and bool(text[match.end() :].strip())


def _parse_fields(text: str) -> list[tuple[str, str]]:
    """牵头单位：市科协；配合单位：市教育局 完成时限：6月 → [(牵头单位, 市科协), (配合单位, 市教育局), …].
    Empty when the text does not start with a label."""
    starts = list(_FIELD_START.finditer(text))
    if not starts or text[: starts[0].start()].strip(" 　；;，,。"):
        return []
    out = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        value = text[match.end() : end].strip(" 　；;，,。\t")
        out.append((match.group(1), value))
    return out


def _separator_before_support(note: str) -> str:
    """The mark between lead and supporting units in a note: （牵头单位：X，配合单位：Y） → "，"."""
    for match in _FIELD_START.finditer(note):
        if UNIT_LABELS.get(match.group(1)) == "support":
            before = note[: match.start()].rstrip()
            if before and before[-1] in "，,":
                return "，"
            return "；"
    return ""


_TWO_SPACES = re.compile(r"\s{2,}")
_WIDE_GAP = re.compile(r"\s{2,}|\u3000{2,}")


def _text_cells(text: str) -> list[str]:
    if "\t" in text:
        return [c.strip() for c in text.split("\t")]
    return [c.strip() for c in _WIDE_GAP.split(text)] if _TWO_SPACES.search(text) else [text]


def _row_values(row: dict[int, str]) -> list[str]:
    return [row[c] for c in sorted(row)]


_NUMBER_HEADER = re.compile(r"^(?:序号|序號|编号|編號|序)$")
_DEADLINE_HEADER = re.compile(
    r"完成时限|完成時限|完成时间|完成時間|时间节点|時間節點|时限|時限|进度安排|進度安排"
)
_TIME_HEADER = re.compile(r"时间|時間")
_PLACE_HEADER = re.compile(r"地点|地點")
_TASK_HEADER = re.compile(r"任务|任務|事项|事項|项目|項目|活动|活動|内容|內容|措施|工作|名称|名稱")
_UNIT_HEADER = re.compile(r"单位|單位|部门|部門|处室|處室|科室|责任主体|責任主體")


def _header_columns(cells: list[str]) -> dict[str, Any] | None:
    """A header row → {role: column index}: title, detail, units, support, deadline, time, place;
    None unless the row names both a task column and a unit column."""
    columns: dict[str, Any] = {}
    for i, raw in enumerate(cells):
        text = re.sub(r"\s+", "", raw)
        if not text or len(text) > 12:
            continue
        role = None
        if _NUMBER_HEADER.match(text):
            role = "number"
        elif _UNIT_HEADER.search(text):
            label = next((lb for lb in sorted(UNIT_LABELS, key=len, reverse=True) if lb in text), "")
            kind = UNIT_LABELS.get(label) or (
                "support" if re.search(r"配合|协办|協辦|参与|參與|协同|協同|协作|協作", text) else "units"
            )
            role = "support" if kind == "support" else "units"
            if role == "units" and label and label != "责任单位" and "label_text" not in columns:
                columns["label_text"] = label
        elif _DEADLINE_HEADER.search(text):
            role = "deadline"
        elif _TIME_HEADER.search(text):
            role = "time"
        elif _PLACE_HEADER.search(text):
            role = "place"
        elif _TASK_HEADER.search(text):
            role = "title" if "title" not in columns else "detail"
        if role and role not in columns:
            columns[role] = i
    if "units" not in columns and "support" in columns:
        columns["units"] = columns.pop("support")
    if "title" in columns and "units" in columns:
        return columns
    return None


def import_source(
    source: Source, registry: Registry | None, display: str, year: int | None = None
) -> tuple[dict[str, Any], ImportReport]:
    """Paragraphs of an existing plan → (plan data in the model's shape, ImportReport)."""
    importer = Importer(source, registry, display)
    return importer.run(year), importer.report
