"""The registry of responsible units: who a name in a plan refers to.

A plan names units the way people write them: a short name (市科协), a full name (广州市科学技术协会),
an alias, or a collective that stands for several units (各区政府, 市、区科协). The registry answers three
questions about such a reference: does it resolve, whom does it stand for, and is it vague (市有关单位
names no one in particular, so it is "may concern", never "assigned to").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Literal

from .charsets import INVISIBLE, INVISIBLE_CLASS
from .model import _Node, file_model

if TYPE_CHECKING:  # the value types, evaluated only by the schema builder (model.py says why)
    from .schema_types import Annotated, Field, Text

Level = Literal["市", "区"]

#: The kind `kepu-plan import --add-units` gives a unit it registered without knowing it (rule KP016).
UNCONFIRMED_KIND = "待确认"


@file_model
class Unit(_Node):
    """One responsible unit."""

    name: Annotated[Text, Field(description="简称，计划中通用的写法，如 市科协")]
    full_name: Annotated[Text, Field(description="全称，如 广州市科学技术协会")]
    kind: Annotated[
        Text,
        Field(description="类别：党委部门、政府部门、群团组织、中央驻穗单位、科研机构、区政府、区级部门…"),
    ]
    level: Annotated[Level, Field(description="层级：市 或 区")]
    district: Annotated[Text | None, Field(description="所属区（区级单位）")] = None
    aliases: list[Text] = field(default_factory=list)


@file_model
class Collective(_Node):
    """A name standing for several units (members), or for no one in particular (vague)."""

    name: Text
    aliases: list[Text] = field(default_factory=list)
    members: Annotated[list[Text], Field(description="成员：单位或其他集合的名称")] = field(
        default_factory=list
    )
    vague: Annotated[bool, Field(description="泛指（如 市有关单位）：不展开，只表示“可能涉及”")] = False
    scope: Annotated[list[Level], Field(description="泛指可能涉及的层级")] = field(default_factory=list)
    includes_vague: Annotated[Text | None, Field(description="另含的泛指部分，如 市、区有关部门")] = None

    def __post_init__(self) -> None:  # pydantic-core reports the error at the collective
        if self.vague and self.members:
            raise ValueError("泛指集合（vague: true）不能列出 members")
        if not self.vague and not self.members:
            raise ValueError("集合须列出 members，或标为泛指（vague: true）")
        if self.vague and not self.scope:
            raise ValueError("泛指集合须给出 scope（市、区）")


@file_model
class RegistryFile(_Node):
    """The whole of plans/units.yaml."""

    units: Annotated[list[Unit], Field(min_length=1)]
    collectives: list[Collective] = field(default_factory=list)


@dataclass(frozen=True)
class Resolved:
    """What one reference in a plan stands for."""

    reference: str
    canonical: str
    members: tuple[str, ...]  # canonical unit names it assigns the task to (empty when vague)
    vague: bool  # names no one in particular (the whole reference, or a vague part of it)
    scope: tuple[str, ...]  # levels a vague reference may concern
    is_collective: bool


_SPACE_OR_INVISIBLE = re.compile(rf"[\s{INVISIBLE_CLASS}]")


@cache
def _to_simplified() -> dict[int, int]:
    """hanziconv's character table as a str.translate table: the same mapping as
    HanziConv.toSimplified, in one C call per name instead of a search of the 2,704-character map per
    character (a registry's few hundred names are keyed at every start of validate). hanziconv takes
    a character's first place in the traditional map; built from the reversed maps, the first place
    is the one that stays."""
    from hanziconv.charmap import simplified_charmap, traditional_charmap  # type: ignore[import-untyped]

    return str.maketrans(traditional_charmap[::-1], simplified_charmap[::-1])


def name_key(name: str) -> str:
    """The form under which two unit names look alike: NFKC (full-width letters and digits, compatibility
    forms), without spaces of any width and invisible characters, traditional characters as simplified
    (hanziconv's character table, the one 繁→简 table of this tool), case folded. 市科協, 市科协 with a
    trailing U+3000, NBSP or zero-width space, and ＩＴ科协 against IT科协 all share one key."""
    folded = _SPACE_OR_INVISIBLE.sub("", unicodedata.normalize("NFKC", name))
    return folded.translate(_to_simplified()).casefold()


def name_problem(name: str) -> str | None:
    """What is wrong with a registered name as a name (a file name and a table row are made from it):
    an invisible character or a direction control inside it, or spaces at either end."""
    bad = INVISIBLE.search(name)
    if bad:
        return f"名称「{name}」含有看不见的字符 U+{ord(bad.group()):04X}：看起来与别的名称相同，却不相同"
    if name[:1].isspace() or name[-1:].isspace():
        return f"名称「{name}」首尾有空格（包括全角空格、不换行空格）"
    return None


class RegistryError(ValueError):
    """The registry contradicts itself: a name used twice, an unknown member, a cycle."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]):
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


@dataclass(eq=False)
class Registry:
    """Resolves names; built once from a :class:`RegistryFile` and checked for consistency."""

    source: RegistryFile
    _by_name: dict[str, Unit | Collective] = field(default_factory=dict, init=False)
    _expanded: dict[str, Resolved] = field(default_factory=dict, init=False)
    _char_index: dict[str, list[tuple[str, int]]] = field(default_factory=dict, init=False, repr=False)
    _keys: dict[str, tuple[str, Unit | Collective]] = field(default_factory=dict, init=False, repr=False)
    _suggestions: dict[tuple[str, int, float], list[str]] = field(
        default_factory=dict, init=False, repr=False
    )
    #: reference as written → what it stands for (None: unknown). The registry never changes once
    #: built, and a plan names the same few dozen units thousands of times (46,500 lookups for 3,000 tasks)
    _resolved: dict[str, Resolved | None] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        keys = self._keys  # name_key → the first name with that key and its entry
        entries: list[tuple[str, int, Unit | Collective]] = [
            *(("units", i, unit) for i, unit in enumerate(self.source.units)),
            *(("collectives", i, c) for i, c in enumerate(self.source.collectives)),
        ]
        for kind, i, entry in entries:
            names = [entry.name, *entry.aliases]
            if isinstance(entry, Unit) and entry.full_name != entry.name:
                names.append(entry.full_name)
            for name in names:
                other = self._by_name.get(name)
                if other is not None and other is not entry:
                    problems.append(((kind, i, "name"), f"名称「{name}」重复：已用于「{other.name}」"))
                elif (wrong := name_problem(name)) is not None:
                    problems.append(((kind, i, "name"), wrong))
                else:
                    twin = keys.get(name_key(name))
                    if twin is not None and twin[1] is not entry:
                        problems.append(
                            (
                                (kind, i, "name"),
                                f"名称「{name}」与「{twin[0]}」（{twin[1].name}）看起来相同：只差繁简、全角半角、"
                                "空格或看不见的字符；同一单位的其他写法请写在它的 aliases 中",
                            )
                        )
                    keys.setdefault(name_key(name), (name, entry))
                self._by_name[name] = entry
        for i, entry in enumerate(self.source.collectives):
            try:
                self._resolve_entry(entry, ())
            except RegistryError as exc:
                problems.extend((("collectives", i, "members"), m) for _, m in exc.problems)
        if problems:
            raise RegistryError(problems)

    def _resolve_entry(self, entry: Unit | Collective, chain: tuple[str, ...]) -> Resolved:
        cached = self._expanded.get(entry.name)
        if cached is not None:
            return cached
        if isinstance(entry, Unit):
            resolved = Resolved(entry.name, entry.name, (entry.name,), False, (), False)
        else:
            if entry.name in chain:
                cycle = " → ".join((*chain[chain.index(entry.name) :], entry.name))
                raise RegistryError([((), f"集合「{entry.name}」通过成员引用了自身：{cycle}")])
            members: list[str] = []
            scope: list[str] = list(entry.scope)
            vague = entry.vague
            for member_name in entry.members:
                member = self._by_name.get(member_name)
                if member is None:
                    raise RegistryError([((), f"集合「{entry.name}」的成员「{member_name}」未登记")])
                sub = self._resolve_entry(member, (*chain, entry.name))
                members.extend(m for m in sub.members if m not in members)
            if entry.includes_vague:
                part = self._by_name.get(entry.includes_vague)
                if not isinstance(part, Collective) or not part.vague:
                    raise RegistryError(
                        [
                            (
                                (),
                                f"集合「{entry.name}」的 includes_vague「{entry.includes_vague}」不是已登记的泛指集合",
                            )
                        ]
                    )
                vague = True
                scope.extend(s for s in part.scope if s not in scope)
            resolved = Resolved(entry.name, entry.name, tuple(members), vague, tuple(scope), True)
        self._expanded[entry.name] = resolved
        return resolved

    # -- queries -------------------------------------------------------------------------------

    def resolve(self, reference: str) -> Resolved | None:
        """What a name as written in a plan stands for, or None when the registry does not know it."""
        try:
            return self._resolved[reference]
        except KeyError:
            pass
        entry = self._by_name.get(reference)
        found: Resolved | None = None
        if entry is not None:
            found = self._resolve_entry(entry, ())
            if found.reference != reference:
                found = replace(found, reference=reference)
        self._resolved[reference] = found
        return found

    def canonical(self, reference: str) -> str:
        """The registered name a reference stands for, or the reference itself when it is unknown:
        the key under which 市科协 and 广州市科学技术协会 count as the same unit."""
        resolved = self.resolve(reference)
        return resolved.canonical if resolved else reference

    def unit(self, canonical: str) -> Unit | None:
        entry = self._by_name.get(canonical)
        return entry if isinstance(entry, Unit) else None

    @property
    def units(self) -> list[Unit]:
        return list(self.source.units)

    def names(self) -> list[str]:
        """Every name the registry answers to (short names, full names, aliases, collectives)."""
        return list(self._by_name)

    def look_alike(self, name: str) -> str | None:
        """The registered name `name` only looks different from (繁简, width, spaces, invisible
        characters: see name_key), or None."""
        found = self._keys.get(name_key(name))
        return None if found is None or found[0] == name else found[0]

    def suggest(self, reference: str, limit: int = 3, cutoff: float = 0.5) -> list[str]:
        """The closest registered names, for 「是否应为…？」 hints (市科技厅 → 市科技局).

        A plan with thousands of unknown names (a pasted list, a wrong registry) must not wait for
        thousands × every registered name of difflib comparisons: only names that share enough
        characters with the reference to reach `cutoff` are compared at all (the same bound difflib's
        quick_ratio applies, looked up through a character index), so the answer is exactly
        difflib's, and a reference asked about twice is answered from a cache.
        """
        key = (reference, limit, cutoff)
        cached = self._suggestions.get(key)
        if cached is None:
            cached = self._suggestions[key] = self._suggest(reference, limit, cutoff)
        return list(cached)

    def _suggest(self, reference: str, limit: int, cutoff: float) -> list[str]:
        if not self._char_index:
            for name in self._by_name:
                for char, count in Counter(name).items():
                    self._char_index.setdefault(char, []).append((name, count))
        common: dict[str, int] = defaultdict(int)  # name → characters shared (as multisets)
        for char, wanted in Counter(reference).items():
            for name, count in self._char_index.get(char, ()):
                common[name] += min(wanted, count)
        # difflib's ratio is 2·M / (len(a) + len(b)), and M cannot exceed the shared characters
        possible = [name for name, m in common.items() if 2 * m >= cutoff * (len(reference) + len(name))]
        candidates = difflib.get_close_matches(reference, possible, n=limit * 3, cutoff=cutoff)
        seen: list[str] = []
        for name in candidates:
            canonical = self._by_name[name].name
            if canonical not in seen:
                seen.append(canonical)
        return seen[:limit]
