"""Units stage: which units a task names and in what role, from every form a plan writes them in.

Labelled brackets anywhere in the text, fields run on after it, field lines under it, a bare
bracketed list at the end, or the sentence itself (由X牵头，Y配合). Names are split with the
registry's help, so 市、区科协 stays one reference; names it does not know are kept as written and
reported at their paragraph."""

from __future__ import annotations

import re
from typing import Any

from ..deadlines import DeadlineError, check_deadline_text
from ..diagnostics import Code, did_you_mean
from ..labels import SUPPORT_LABEL, UNIT_LABELS
from ..sources import SourceParagraph
from .context import NORMALISED, UNKNOWN_UNIT, UNSURE, Context, Element, TableTasks
from .fields import (
    BARE_NOTE,
    FIELD_LABELS,
    LABELLED_NOTE,
    TRAILING_FIELDS,
    bracket_depths,
    field_text,
    parse_fields,
    separator_before_support,
    split_outside,
    units_end_at_sentence,
)
from .orgnames import OrgNames, has_suffix
from .subjects import SubjectReader

#: Units named in the task's own sentence: 由县科技局牵头，县委宣传部、县科协配合; 由区文化馆组织… (unit-like)
IN_SENTENCE = re.compile(
    r"由(?P<lead>[^，。；：,;:（）()“”]{2,60}?)(?:牵头|牽頭|负责|負責|主办|主辦|承办|承辦|组织|組織)"
    r"(?:[，,](?P<support>[^，。；：,;:（）()“”]{2,80}?)(?:共同)?(?:配合|协办|協辦|参与|參與|参加|參加))?"
    # without 由, where a sentence opens: 市科协牵头，市教育局、团市委配合
    r"|(?:^|(?<=[。；;]))(?P<lead2>[^由，。；：,;:（）()“”]{2,60}?)(?:牵头|牽頭)"
    r"[，,](?P<support2>[^，。；：,;:（）()“”]{2,80}?)(?:共同)?(?:配合|协办|協辦|参与|參與|参加|參加)"
)
#: Roles in a closing bracket without 由: （市科协牵头，市教育局、团市委配合）
BRACKET_ROLES = re.compile(
    r"[（(](?P<lead>[^（）()，。；：,;:]{2,60}?)(?:牵头|牽頭|负责|負責)"
    r"(?:[，,；;]\s*(?P<support>[^（）()。：:]{2,80}?)(?:共同)?(?:配合|协办|協辦|参与|參與))?[）)]\s*[。.]?\s*$"
)
UNIT_TAIL = re.compile(r"等(?:相关|有关|相關|有關)?(?:部门|单位|部門|單位)$")
GROUP_SPLIT = re.compile(r"\s*[，,；;]\s*")


#: What reading a task's units noticed: a note (code, message, hint), or unit groups to count.
Noticed = tuple[Code, str, str | None] | list[list[str]]
Reading = tuple[str, dict[str, Any] | None, list[Noticed]]


class UnitReader:
    """Reads units out of task text; remembers what it read quietly for the call that reads it aloud."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.registry = ctx.registry
        self._longest: int | None = None
        self._unknown: set[str] = set()  # report.unknown_units, for look-ups
        registry = self.registry
        known = (lambda name: registry.resolve(name) is not None) if registry is not None else None
        #: the recogniser of organisation names, confirmed by the registry and by this document
        self.names = OrgNames(known)
        self.subjects = SubjectReader(self.names)
        #: what units() read in a paragraph when asked quietly, for the call that reads it as a task
        self._read: dict[tuple[SourceParagraph, str, tuple[SourceParagraph, ...]], Reading] = {}

    def units(
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
        itself, so two paragraphs never share one), not done twice. Only when a paragraph is read
        as a task (not quiet) do the subjects of its sentences and a flattened units column count:
        they name a task's units, never decide whether a paragraph is a task."""
        key = (paragraph, text, tuple(field_lines)) if paragraph is not None else None
        found = self._read.pop(key, None) if key is not None else None
        if found is None:
            found = self.read(text, field_lines)
        if quiet and key is not None:
            self._read[key] = found
        body, data, noticed = found
        if not quiet and not (data and (data.get("units") or data.get("support"))):
            body, data, noticed = self._unlabelled_task(body, data, list(noticed))
        if not quiet:
            where = paragraph or SourceParagraph(text, 0, "")
            for item in noticed:
                if isinstance(item, list):
                    self.count(item, where)
                else:
                    self.ctx.note(item[0], where, item[1], item[2])
        return body, data

    def _unlabelled_task(self, body: str, data: dict[str, Any] | None, noticed: list[Noticed]) -> Reading:
        """A task without labelled units: the subjects of its sentences (区教育局要组织…), else a
        flattened units column at the end of the line. Names known only by a suffix are noted."""
        units, unsure = self.subjects.subjects(body)
        if not units and not unsure:
            units, unsure = self.subjects.column(body)
        if unsure:
            noticed.append(
                (
                    UNSURE,
                    f"可能是责任单位：{'、'.join(unsure)}（只凭名称的样子认出，单位名录和本文别处都没有），没有填入 units",
                    "确是责任单位的，把它写进 units，或用 --add-units 登记",
                )
            )
        if not units:
            return body, data, noticed
        groups = [units]
        noticed.append(groups)
        data = dict(data or {})
        data["units"] = groups
        data["units_layout"] = "sentence"
        return body, data, noticed

    def learn(self, elements: list[Element]) -> None:
        """Before the structure is read: the names this document gives as units (after labels, in
        role phrases, in brackets, in a task table's units column, in its addressee line), so that
        the recogniser can confirm a sentence's subject the shape alone would leave unsure. Each
        reading is kept for the call that reads the paragraph again (units() with the paragraph)."""
        for paragraph in elements:
            if isinstance(paragraph, TableTasks):
                for _, table_tasks in paragraph.groups:
                    for task in table_tasks:
                        for role in ("units", "support"):
                            self.names.learn(n for group in task.get(role, []) for n in group)
                continue
            text = paragraph.text
            addressees = text.rstrip().rstrip("：:")
            if addressees != text.rstrip() and addressees not in UNIT_LABELS:
                self.names.learn(self.names.whole(addressees) or [])
            key = (paragraph, text, ())
            if key not in self._read:
                self._read[key] = self.read(text, [])
            data = self._read[key][1]
            if data:
                for role in ("units", "support"):
                    self.names.learn(n for group in data.get(role, []) for n in group)

    def names_units(self, paragraph: SourceParagraph) -> bool:
        """Whether a paragraph names responsible units in any form (asked quietly, kept for later)."""
        return self.units(paragraph.text, [], quiet=True, paragraph=paragraph)[1] is not None

    def read(self, text: str, field_lines: list[SourceParagraph]) -> Reading:
        """What `units` reads, and what it noticed in reading (notes to give, unit groups to count),
        in the order it noticed them."""
        noticed: list[Noticed] = []
        body, fields, layout, separator, moved = self._labelled(text, noticed)
        for line in field_lines:
            parsed = parse_fields(field_text(line.text))
            fields.extend(parsed)
            if any(label in UNIT_LABELS for label, _ in parsed):
                layout = "lines"
        unit_fields = [(label, value) for label, value in fields if label in UNIT_LABELS]
        if unit_fields:
            data = self._labelled_units(unit_fields, noticed)
            if data.get("support") and separator == "，" and layout == "parenthetical":
                data["support_separator"] = "，"
        else:
            body, data, layout = self._unlabelled_units(body, layout, noticed)
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

    def _labelled(
        self, text: str, noticed: list[Noticed]
    ) -> tuple[str, list[tuple[str, str]], str, str, bool]:
        """Labelled fields in the text: run on at its end (…。责任单位：X), or in brackets anywhere.
        (body without them, fields, layout, the mark before the support label, whether one moved)."""
        fields: list[tuple[str, str]] = []
        layout = "parenthetical"
        body = text
        moved = False
        separator = ""
        candidates = list(TRAILING_FIELDS.finditer(body, 1))
        depths = bracket_depths(body) if candidates else []
        trailing = next((m for m in candidates if not depths[m.start()]), None)
        if trailing:
            parsed = parse_fields(body[trailing.start() :])
            if parsed:
                parsed, rest = units_end_at_sentence(parsed)
                if rest:  # as written to the end, the closing mark parse_fields left out too
                    tail = body[trailing.start() :]
                    rest = tail[tail.rfind(rest) :].strip()
                    label, value = parsed[-1]
                    note = f"「{label}：{value}」之后的「{rest}」是另一句，已放回任务正文；责任单位输出时另起一行"
                    noticed.append((NORMALISED, note, None))
                fields.extend(parsed)
                body = body[: trailing.start()].rstrip() + rest
                layout = "lines"
        for match in reversed(list(LABELLED_NOTE.finditer(body))):
            parsed = parse_fields(match.group(1))
            if not parsed:
                continue
            fields[:0] = parsed
            separator = separator or separator_before_support(match.group(1))
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
        return body, fields, layout, separator, moved

    def _labelled_units(self, unit_fields: list[tuple[str, str]], noticed: list[Noticed]) -> dict[str, Any]:
        """Units, support and their labels from labelled fields (牵头单位：X；配合单位：Y)."""
        data: dict[str, Any] = {}
        units: list[list[str]] = []
        support_groups: list[list[str]] = []
        label = ""
        support_label = ""
        leads = any(UNIT_LABELS[lb] == "lead" and "主" not in lb for lb, _ in unit_fields)
        for field_label, value in unit_fields:
            groups = self.groups(value)
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
        return data

    def _unlabelled_units(
        self, body: str, layout: str, noticed: list[Noticed]
    ) -> tuple[str, dict[str, Any], str]:
        """Units without a label: a bare bracketed list at the end, or named in the sentence."""
        data: dict[str, Any] = {}
        bare = BARE_NOTE.search(body)
        bare_groups = self.groups(bare.group(1)) if bare else []
        names = [n for g in bare_groups for n in g]
        if bare and names and all(self.unit_like(n) for n in names):
            data.update({"label": "", "units": bare_groups})
            noticed.append(bare_groups)
            return body[: bare.start()] + body[bare.end() :], data, layout
        sentence = BRACKET_ROLES.search(body) or IN_SENTENCE.search(body)
        named = sentence.groupdict() if sentence else {}
        lead = named.get("lead") or named.get("lead2") or ""
        roles = bool(sentence) and self.all_units(lead) and not any(w in lead for w in ("会同", "會同"))
        joint = None if roles else self.subjects.cooperation(body)  # 由区科协会同区教育局负责…
        if joint is not None:
            layout = "sentence"
            data.update({"units": [joint[0]], "label": "牵头单位", "support": [joint[1]]})
            noticed.extend([data["units"], data["support"]])
        elif roles:
            layout = "sentence"
            data["units"] = self.groups(lead, sentence=True)
            noticed.append(data["units"])
            support = named.get("support") or named.get("support2")
            if support and self.all_units(support):
                data["label"] = "牵头单位"
                data["support"] = self.groups(support, sentence=True)
                noticed.append(data["support"])
        return body, data, layout

    def all_units(self, text: str) -> bool:
        names = [n for g in self.groups(text) for n in g]
        return bool(names) and all(self.unit_like(n) for n in names)

    def unit_like(self, name: str) -> bool:
        name = UNIT_TAIL.sub("", name.strip())
        if not name or len(name) > 30 or any(c in name for c in "。！？：:"):
            return False
        if self.registry is not None and self.registry.resolve(name) is not None:
            return True
        return bool(has_suffix(name))

    def unit_groups(self, text: str, paragraph: SourceParagraph, quiet: bool) -> list[list[str]]:
        groups = self.groups(text)
        if not quiet:
            self.count(groups, paragraph)
        return groups

    def groups(self, text: str, sentence: bool = False) -> list[list[str]]:
        """Unit names in groups: 市科协、市科技局；各区政府 → [[市科协, 市科技局], [各区政府]].
        `sentence`: the names stand in a sentence kept as written (see split_names)."""
        groups = []
        for part in GROUP_SPLIT.split(text.strip().strip("。.；;，,")):
            if not part:
                continue
            names = self.split_names(part, sentence)
            if names:
                groups.append(names)
        return groups

    def count(self, groups: list[list[str]], paragraph: SourceParagraph) -> None:
        """Unit references counted; a name not in the registry reported (once listed for --add-units)."""
        report = self.ctx.report
        for names in groups:
            report.unit_references += len(names)
            for name in names:
                if self.registry is not None and self.registry.resolve(name) is None:
                    if name not in self._unknown:
                        self._unknown.add(name)
                        report.unknown_units.append(name)
                    close = self.registry.suggest(name)
                    hint = did_you_mean(close) if close else "用 --add-units 登记"
                    self.ctx.note(
                        UNKNOWN_UNIT, paragraph, f"责任单位「{name}」不在单位名录中，已按原文保留", hint
                    )

    def split_names(self, part: str, sentence: bool = False) -> list[str]:
        """Split on 、 but keep registered names that contain 、 (市、区科协) in one piece. In a
        sentence, which stays as written, names joined by 和/及/与 come apart too (区科协和区教育局);
        a list after a label is printed back from the names, so there 和 stays inside the name."""
        spaced = part.split()
        if len(spaced) > 1 and all(has_suffix(UNIT_TAIL.sub("", n)) for n in spaced):
            part = "、".join(spaced)  # 区科技局 区教育局: names apart by spaces
        pieces = [p.strip() for p in split_outside(part, "、")]  # not in 各县（市、区）科技局
        names = [p for p in pieces if p] if self.registry is None else self._registered(pieces)
        if sentence:
            names = [n for name in names for n in self._joined(name)]
        return names

    def _registered(self, pieces: list[str]) -> list[str]:
        """Pieces joined again where the registry knows the joined name (市、区科协)."""
        assert self.registry is not None
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

    def _joined(self, piece: str) -> list[str]:
        """Two names joined by 和/及/与 (区科协和区教育局) apart; one name holding 和 stays whole
        (市卫生和计划生育委员会): the recogniser splits only where both sides are names."""
        if not any(word in piece for word in ("和", "及", "与", "與")) or (
            self.registry is not None and self.registry.resolve(piece) is not None
        ):
            return [piece]
        names = self.names.whole(piece)
        return names if names and len(names) > 1 and "".join(names) != piece else [piece]

    def _longest_name_pieces(self) -> int:
        """The most 、-separated pieces of any registered name (市、区科协: 2)."""
        if self._longest is None:
            assert self.registry is not None
            self._longest = max((name.count("、") + 1 for name in self.registry.names()), default=1)
        return self._longest
