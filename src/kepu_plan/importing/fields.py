"""Labelled fields of a task: 责任单位：… 牵头单位：… 完成时限：… 时间：… 地点：…, in brackets, run on
after the task's words, or on lines of their own under it. One table of labels (the unit labels of
labels.UNIT_LABELS and the field labels here) serves every form."""

from __future__ import annotations

import re

from ..labels import UNIT_LABELS
from ..numbering import SENTENCE_END_ANY_WIDTH, parse_number

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
LABEL_WORDS = "|".join(sorted([*UNIT_LABELS, *FIELD_LABELS], key=len, reverse=True))
#: One label and its colon, where a field starts: 责任单位： 牵头单位: 完成时限：
FIELD_START = re.compile(rf"({LABEL_WORDS})\s*[：:]\s*")
#: A bracketed note whose content starts with a label: （责任单位：…） 【责任部门:…】 (牵头单位：…，配合单位：…)
#: One level of brackets may stand inside: （责任单位：市科技局、各县（市、区）科技局）
LABELLED_NOTE = re.compile(
    rf"[（(【\[]\s*(?=(?:{LABEL_WORDS})\s*[：:])((?:[^（）()【】\[\]]|[（(][^（）()【】\[\]]*[）)])*?)\s*[）)】\]]"
)
#: A label introducing fields after the task's own words, without brackets: …。责任单位：区科协
#: (the first lookahead, the labels' first characters, spares trying every label at every character)
_LABEL_FIRST = "".join(sorted({word[0] for word in (*UNIT_LABELS, *FIELD_LABELS)}))
TRAILING_FIELDS = re.compile(
    rf"(?=[{re.escape(_LABEL_FIRST)}])(?:(?<=[。；;）)】\]\s])|^)(?=(?:{LABEL_WORDS})\s*[：:])"
)
#: A bare bracketed list at the end: （区科协、区民政局、各街道办事处）
BARE_NOTE = re.compile(r"[（(【]([^（）()【】：:。]{2,200})[）)】]\s*[。.]?\s*$")

#: Lines that describe an activity beyond its units, time and place (议程：… 参加人员：… 内容：…): they
#: belong to the task above them and are kept, as written, in its text.
DETAIL_LABELS = (
    *("议程", "議程", "日程", "流程", "参加人员", "參加人員", "参会人员", "參會人員", "出席人员", "出席人員"),
    *("参加单位", "參加單位", "参加对象", "參加對象", "活动对象", "活動對象", "对象", "對象", "主持人"),
    *("主持", "活动内容", "活動內容", "内容", "內容", "活动主题", "活動主題", "主题", "主題", "活动形式"),
    *("活動形式", "形式", "规模", "規模", "联系人", "聯繫人", "联系电话", "聯繫電話", "报名方式", "報名方式"),
    *("要求", "备注", "備註"),
)
#: Labels not listed still read as details when they end in a word naming a fact of an activity:
#: 参赛对象： 服务对象： 培训人员： 展出形式： 报名方式：
_DETAIL_NOUNS = "对象|對象|人员|人員|形式|方式|规模|規模|地址|电话|電話|联系人|聯繫人|主持人"
DETAIL_START = re.compile(
    rf"(?:{'|'.join(sorted(DETAIL_LABELS, key=len, reverse=True))}|[\u4e00-\u9fff]{{1,4}}(?:{_DETAIL_NOUNS}))\s*[：:]"
)
#: A detail line that opens an agenda: the numbered lines under it are its steps, not tasks.
AGENDA_LINE = re.compile(r"^(?:议程|議程|日程|流程)\s*[：:]\s*$")


#: Every label of a fact about a task or an activity: a （一）-level line that is only one of these
#: (（一）时间。 （二）主题。) heads a value, not a task.
FACT_LABELS = frozenset(
    [*FIELD_LABELS, *DETAIL_LABELS, *UNIT_LABELS, "主办", "主辦", "承办", "承辦", "协办", "協辦"]
)
#: A fact's value is short: a date, a slogan, a place, a list of names.
FACT_VALUE_MAX = 80


def fact_lines(heading: str, following: list[str]) -> list[str] | None:
    """（一）时间。 over its value 5月20日—26日 → ["时间：5月20日—26日"]; （二）地点：市广场 → ["地点：市广场"].
    None unless the heading is a fact label (FACT_LABELS) and its value one or two short unnumbered
    lines (or the rest of its own line)."""
    label, value = heading.strip(), ""
    mark = next((i for i, ch in enumerate(label) if ch in "：:。."), -1)
    if mark > 0:
        label, value = label[:mark], label[mark + 1 :].strip()
    values = [value, *following] if value else list(following)
    if label not in FACT_LABELS or not 0 < len(values) <= 2:
        return None
    if any(len(v) > FACT_VALUE_MAX or parse_number(v) is not None or field_line(v) for v in values):
        return None
    return [f"{label}：{values[0]}", *values[1:]]


def field_text(text: str) -> str:
    """A line that is only a bracketed note, （责任单位：市科协）, read as the field line inside it."""
    note = LABELLED_NOTE.fullmatch(text.strip().rstrip("。.；;"))
    return note.group(1) if note else text


def field_line(text: str) -> bool:
    """A line of fields for the task above it: 责任单位：X, or the same alone in brackets."""
    text = field_text(text)
    match = FIELD_START.match(text)
    return match is not None and bool(text[match.end() :].strip())


def detail_line(text: str) -> bool:
    """A line describing the task above it (议程： 参加人员：…), kept in its text."""
    return DETAIL_START.match(text.strip()) is not None


def parse_fields(text: str) -> list[tuple[str, str]]:
    """牵头单位：市科协；配合单位：市教育局 完成时限：6月 → [(牵头单位, 市科协), (配合单位, 市教育局), …].
    Empty when the text does not start with a label."""
    starts = list(FIELD_START.finditer(text))
    if not starts or text[: starts[0].start()].strip(" 　；;，,。"):
        return []
    out = []
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        value = text[match.end() : end].strip(" 　；;，,。\t")
        out.append((match.group(1), value))
    return out


def separator_before_support(note: str) -> str:
    """The mark between lead and supporting units in a note: （牵头单位：X，配合单位：Y） → "，"."""
    for match in FIELD_START.finditer(note):
        if UNIT_LABELS.get(match.group(1)) == "support":
            before = note[: match.start()].rstrip()
            if before and before[-1] in "，,":
                return "，"
            return "；"
    return ""


def bracket_depths(text: str) -> list[int]:
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


def split_outside(text: str, mark: str) -> list[str]:
    """`text` split at `mark` where it stands outside brackets: 市科技局、各县（市、区）科技局 →
    [市科技局, 各县（市、区）科技局]."""
    depths = bracket_depths(text)
    cuts = [i for i, ch in enumerate(text) if ch == mark and not depths[i]]
    return [text[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]


def first_sentence(text: str) -> tuple[str, str]:
    """(first sentence with its 。, the rest); the whole text and "" when there is no sentence end."""
    for i, ch in enumerate(text):
        if ch in SENTENCE_END_ANY_WIDTH:
            return text[: i + 1], text[i + 1 :]
    return text, ""


#: Where a list of units after a label ends: a sentence end with more text after it.
_SENTENCE_AFTER_UNITS = re.compile(r"[。！？!?](?=\s*\S)")


def units_end_at_sentence(fields: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """The last unit label's list stops at a sentence end (责任单位：区科协。时间另行通知。): the
    sentence after it is the task's text again, not a unit's name. (fields, that text or "")."""
    label, value = fields[-1]
    end = _SENTENCE_AFTER_UNITS.search(value) if label in UNIT_LABELS else None
    if end is None:
        return fields, ""
    return [*fields[:-1], (label, value[: end.start()])], value[end.end() :].strip()
