"""Units a task names without a label: 会同 phrases, the subjects of its sentences, and the units
column of a table flattened into the line.

- 「区气象局会同区应急管理局和区地震办开展…」: the first leads, the others cooperate;
- 「区教育局要组织…」 「各街道科协要制定…」 「区电影公司在活动周期间安排…」: a sentence that opens
  with organisation names and a verb or modal gives them the task;
- 「开展机器人比赛 区教育局 区少年宫」: names standing apart by spaces at the end of the line, what
  is left of a table's units column.

Names come from the recogniser (orgnames.py). A name confirmed by the registry or by the document,
or with the full shape of one (prefix, body, suffix), is a unit; a name with only a suffix (学校,
科技馆) is not guessed: it becomes a located note 「可能是责任单位：…」. The sentence stays as written
(units_layout: sentence), so nothing of the text is lost."""

from __future__ import annotations

import re

from .orgnames import OrgNames, verb_follows

#: Where a sentence starts inside a task's text (after 。；！？, or at its start).
_SENTENCE_START = re.compile(r"(?:^|(?<=[。；;！？!?]))\s*")
#: What stands between a lead and 会同: 市科协会同… 市科协要会同… 市科协牵头，会同…
_BEFORE_COOPERATION = re.compile(r"(?:要|将|將|应|應|负责|負責)?(?:牵头|牽頭)?[，,]?\s*(?:会同|會同)")
_LEAD_FOLLOW = re.compile(r"(?:要|将|將|应|應|负责|負責|牵头|牽頭|会同|會同)")
_CLAUSE_START = re.compile(r"(?<=[，,])\s*")
#: A clause before the subject that only says when or on what basis (活动周期间， 9月20日上午，
#: 按照统一部署，): the clause after it may open with the doer.
_ADVERBIAL = re.compile(
    r"(?:^|[。；;！？!?])\s*(?:(?:根据|按照|依据|依照|围绕|結合|结合|為|为)[^，,。；;]{1,30}"
    r"|[^，,。；;]{0,16}(?:期间|期間|之前|之后|之後|以前|以后|以後|前|后|後|时|時|之际|上午|下午|晚上|日|月)"
    r"|届时|屆時|同时|同時|此外|其中|为此|為此)$"
)
#: Words of duty after a subject: enough to note a name that has only a suffix (气象站要…).
_DUTY = re.compile(r"要|将|將|应|應|须|須|必须|必須|负责|負責|牵头|牽頭|会同|會同")
_NAME_END = re.compile(r"[\u3400-\u9fffA-Za-z0-9*＊×Ｘ]")

#: (lead names, supporting names) of a 会同 phrase.
Cooperation = tuple[list[str], list[str]]


class SubjectReader:
    """Reads units out of a task's sentences with the recogniser's help."""

    def __init__(self, names: OrgNames):
        self.names = names

    def cooperation(self, text: str) -> Cooperation | None:
        """A会同B、C… at a sentence start (with or without 由): A leads, B and C cooperate."""
        if "会同" not in text and "會同" not in text:
            return None
        for start in _starts(text):
            at = start + 1 if text.startswith("由", start) else start
            leads, end = self.names.names_at(text, at, lambda t, i: _LEAD_FOLLOW.match(t, i) is not None)
            joint = _BEFORE_COOPERATION.match(text, end) if leads else None
            if joint is None:
                continue
            support, _ = self.names.names_at(text, joint.end(), _support_ends)
            if support:
                return leads, support
        return None

    def subjects(self, text: str) -> tuple[list[str], list[str]]:
        """(names that are units, names recognised only by a suffix) opening the task's sentences,
        or a clause after a time or a basis (活动周期间，区科协组织…; 按照部署，区科协…), or any
        clause where a duty follows them (…，区科协负责协调)."""
        units: list[str] = []
        unsure: list[str] = []
        clauses = [(start, False) for start in _clause_starts(text)]
        for start, sentence in sorted([(start, True) for start in _starts(text)] + clauses):
            found = self.names.subject(text, start)
            if found is None:
                continue
            duty = _DUTY.match(text, found[1]) is not None
            if not sentence and not duty and not _adverbial_before(text, start):
                continue
            # a name known by a suffix only is worth a note where a duty follows it (要 负责)
            sure, maybe = self._sort(found[0], duty=duty and sentence)
            units.extend(n for n in sure if n not in units)
            unsure.extend(n for n in maybe if n not in unsure)
        return units, unsure

    def _sort(self, names: list[str], duty: bool) -> tuple[list[str], list[str]]:
        """(units, unsure) of one list of names. A list opening with a confirmed or fully shaped
        name gives its scope to the rest (区委宣传部、科技局、科协: the district's 科技局 and 科协);
        otherwise fully shaped names are units, names with a suffix only are unsure where a duty
        follows, and a list holding a word that is no name at all gives nothing."""
        judged = [self.names.judge(name) for name in names]
        if judged[0] in ("known", "shaped"):
            return list(names), []
        if None in judged:
            return [], []
        units = [n for n, j in zip(names, judged, strict=True) if j != "weak"]
        return units, [n for n, j in zip(names, judged, strict=True) if j == "weak"] if duty else []

    def column(self, text: str) -> tuple[list[str], list[str]]:
        """The last of the cells a flattened table row leaves apart by spaces, when it is only
        names (区教育局、区少年宫): (units, names recognised only by a suffix). One cell only: the
        cells before it hold the time and the place (区体育中心 is a place there, not a unit)."""
        tokens = text.split()
        if len(tokens) < 2:
            return [], []
        names = self.names.whole(tokens[-1].strip("。；;，,"))
        if not names:
            return [], []
        return self._sort(names, duty=True)


def _adverbial_before(text: str, start: int) -> bool:
    """Whether the clause before `start` (since its sentence began) only says when or on what
    basis. Looked for in the last 60 characters only: such a clause is short, and a long paragraph
    of many commas must not cost a scan back to its start at every comma."""
    window = max(0, start - 60)
    begun = max(text.rfind(mark, window, start) for mark in "。；;！？!?") + 1
    if not begun and window:
        return False
    return _ADVERBIAL.search(text[begun:start].rstrip("，, ")) is not None


def _clause_starts(text: str) -> list[int]:
    """Where a clause after a comma starts (not a sentence: _starts has those)."""
    return [m.end() for m in _CLAUSE_START.finditer(text) if m.end() < len(text)]


def _starts(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_START.finditer(text) if m.end() < len(text)]


def _support_ends(text: str, at: int) -> bool:
    """A list of cooperating units ends at punctuation, the end, or a verb: …会同市教育局开展…"""
    return at >= len(text) or not _NAME_END.match(text, at) or verb_follows(text, at)
