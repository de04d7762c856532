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
        """(names that are units, names recognised only by a suffix) opening the task's sentences."""
        units: list[str] = []
        unsure: list[str] = []
        for start in _starts(text):
            found = self.names.subject(text, start)
            if found is None:
                continue
            duty = _DUTY.match(text, found[1]) is not None
            judgements = [self.names.judge(name) for name in found[0]]
            if None in judgements:  # a list that is not all names is no subject
                continue
            for name, judged in zip(found[0], judgements, strict=True):
                # a name known by a suffix only is worth a note where a duty follows it (要 负责)
                target = units if judged in ("known", "shaped") else unsure if judged and duty else None
                if target is not None and name not in target:
                    target.append(name)
        return units, unsure

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
        judged = [(name, self.names.judge(name)) for name in names]
        if any(j is None for _, j in judged):
            return [], []
        return [n for n, j in judged if j in ("known", "shaped")], [n for n, j in judged if j == "weak"]


def _starts(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_START.finditer(text) if m.end() < len(text)]


def _support_ends(text: str, at: int) -> bool:
    """A list of cooperating units ends at punctuation, the end, or a verb: …会同市教育局开展…"""
    return at >= len(text) or not _NAME_END.match(text, at) or verb_follows(text, at)
