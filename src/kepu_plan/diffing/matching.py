"""Which old task became which new task: by pinned pair, by identical words, by id, then by likeness.

Identical words pair first whatever the ids say (ids are bookkeeping); tasks left over after the ids
(a task rewritten under a new id) are matched by similarity of title,
text and units, with each plan's own year replaced by a placeholder so that 2025年… and 2026年… read
alike. Similarity is looked up through a character-bigram index over the leftover tasks, not computed
for all pairs: two 3,000-task plans compare in a few tens of milliseconds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..model import Plan
from ..overrides import Overrides
from ..units import Registry
from ..years import without_own_year
from .result import Match
from .textdiff import bigrams, dice


class DiffInputError(ValueError):
    """The overrides name a task that is not there, or pin a task twice (a usage error)."""


def check_overrides(overrides: Overrides, old: Plan, new: Plan) -> None:
    old_ids = {t.id for t in old.tasks()}
    new_ids = {t.id for t in new.tasks()}
    problems = []
    for kind, pairs in (("pin", overrides.pin), ("forbid", overrides.forbid)):
        for i, pair in enumerate(pairs, 1):
            if pair.old not in old_ids:
                problems.append(f"{kind} 第 {i} 项：旧计划中没有任务「{pair.old}」")
            if pair.new not in new_ids:
                problems.append(f"{kind} 第 {i} 项：新计划中没有任务「{pair.new}」")
    for side in ("old", "new"):
        seen: set[str] = set()
        for pair in overrides.pin:
            value = getattr(pair, side)
            if value in seen:
                problems.append(f"pin：任务「{value}」被指定了两次对应关系")
            seen.add(value)
    pinned = {(p.old, p.new) for p in overrides.pin}
    problems.extend(
        f"任务「{p.old}」→「{p.new}」既在 pin 中又在 forbid 中"
        for p in overrides.forbid
        if (p.old, p.new) in pinned
    )
    if problems:
        raise DiffInputError("；".join(problems))


#: A match by content needs at least this score (0–1); below PROBABLE it is flagged as probable.
#: Unrelated tasks of the 2025 plan score at most 0.41 against each other (科技活动周 vs 科普月);
#: a task with its id renamed and its words kept scores ~1, one half rewritten ~0.6–0.8.
MIN_SCORE = 0.5
PROBABLE_BELOW = 0.75
#: Candidates scored exactly per leftover task, after the bigram index has ranked them.
CANDIDATES = 8

#: old task index → (new task index, how they were matched, similarity 0–1)
Pairs = dict[int, tuple[int, Match, float]]


class Side:
    """One plan's tasks, with what matching needs computed on first use: most tasks are matched by
    id and never need their bigrams or resolved units."""

    def __init__(self, plan: Plan, registry: Registry | None):
        self.plan = plan
        self.registry = registry
        self.refs = plan.tasks()
        n = len(self.refs)
        self._key: list[tuple[str, str] | None] = [None] * n
        self._body: list[frozenset[str] | None] = [None] * n
        self._title: list[frozenset[str] | None] = [None] * n
        self._units: list[frozenset[str] | None] = [None] * n

    def canonical(self, name: str) -> str:
        return self.registry.canonical(name) if self.registry else name

    def key(self, i: int) -> tuple[str, str]:
        """Title and text with the plan's own year replaced by a placeholder."""
        key = self._key[i]
        if key is None:
            task, year = self.refs[i].task, self.plan.year
            key = self._key[i] = (without_own_year(task.title, year), without_own_year(task.text, year))
        return key

    def body(self, i: int) -> frozenset[str]:
        grams = self._body[i]
        if grams is None:
            title, text = self.key(i)
            grams = self._body[i] = bigrams(title + text)
        return grams

    def title(self, i: int) -> frozenset[str]:
        grams = self._title[i]
        if grams is None:
            grams = self._title[i] = bigrams(self.key(i)[0])
        return grams

    def units(self, i: int) -> frozenset[str]:
        """Canonical names of the task's units."""
        units = self._units[i]
        if units is None:
            units = self._units[i] = frozenset(self.canonical(n) for n in self.refs[i].task.unit_names)
        return units

    def units_in_order(self, i: int, subset: frozenset[str]) -> tuple[str, ...]:
        """`subset` of the task's canonical units, in the order the task lists them."""
        return _ordered(subset, (self.canonical(n) for n in self.refs[i].task.unit_names))


def _score(old: Side, i: int, new: Side, j: int) -> float:
    units_a, units_b = old.units(i), new.units(j)
    union = units_a | units_b
    units = len(units_a & units_b) / len(union) if union else 1.0
    return 0.6 * dice(old.body(i), new.body(j)) + 0.25 * dice(old.title(i), new.title(j)) + 0.15 * units


def _nearest_pairs(olds: list[int], news: list[int], old_n: int, new_n: int) -> list[tuple[int, int]]:
    """Copies of one text on both sides, paired by nearest relative place in the document."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])]
    candidates = sorted((abs(i / old_n - j / new_n), i, j) for i in olds for j in news)
    used_old: set[int] = set()
    used_new: set[int] = set()
    out = []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            out.append((i, j))
            used_old.add(i)
            used_new.add(j)
    return out


def match_tasks(old: Side, new: Side, overrides: Overrides | None) -> Pairs:
    """old task index → (new task index, how, score)."""
    forbidden = {(p.old, p.new) for p in overrides.forbid} if overrides else set()
    new_index = {ref.id: j for j, ref in enumerate(new.refs)}
    old_index = {ref.id: i for i, ref in enumerate(old.refs)}
    pairs: Pairs = {}
    taken: set[int] = set()

    def allowed(i: int, j: int) -> bool:
        return i not in pairs and j not in taken and (old.refs[i].id, new.refs[j].id) not in forbidden

    for pin in overrides.pin if overrides else ():
        i, j = old_index[pin.old], new_index[pin.new]
        pairs[i] = (j, "pinned", _score(old, i, new, j))
        taken.add(j)

    # the same words, whatever the ids: equal (title, text) with the plan's own year aside. Ids are
    # bookkeeping (an imported plan has pinyin ids, a hand-written one English): they decide only
    # between copies of one text, then nearest place in the document does
    old_n, new_n = max(len(old.refs), 1), max(len(new.refs), 1)
    new_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j in range(len(new.refs)):
        if j not in taken:
            new_by_key[new.key(j)].append(j)
    old_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(len(old.refs)):
        if i not in pairs and old.key(i) in new_by_key:
            old_by_key[old.key(i)].append(i)
    for key, olds in old_by_key.items():
        news = new_by_key[key]
        for i in olds:  # copies: the same id first
            same = new_index.get(old.refs[i].id)
            if same is not None and same in news and allowed(i, same):
                pairs[i] = (same, "id", 1.0)
                taken.add(same)
        rest_old = [i for i in olds if i not in pairs]
        rest_new = [j for j in news if j not in taken]
        for i, j in _nearest_pairs(rest_old, rest_new, old_n, new_n) if rest_old and rest_new else ():
            if allowed(i, j):
                pairs[i] = (j, "id" if old.refs[i].id == new.refs[j].id else "content", 1.0)
                taken.add(j)

    # edited tasks that kept their id
    for i, ref in enumerate(old.refs):
        same_id = new_index.get(ref.id)
        if same_id is not None and allowed(i, same_id):
            pairs[i] = (same_id, "id", 1.0)
            taken.add(same_id)

    # the rest through a bigram index over the leftover new tasks
    left_old = [i for i in range(len(old.refs)) if i not in pairs]
    left_new = [j for j in range(len(new.refs)) if j not in taken]
    if not left_old or not left_new:
        return pairs
    scored = _similar(old, new, left_old, left_new)
    # best first; equal scores (copies of one text) go to the nearest place in the document
    scored.sort(
        key=lambda item: (-round(item[0], 9), abs(item[1] / old_n - item[2] / new_n), item[1], item[2])
    )
    for score, i, j in scored:
        if allowed(i, j):
            pairs[i] = (j, "content", score)
            taken.add(j)
    return pairs


def _similar(old: Side, new: Side, left_old: list[int], left_new: list[int]) -> list[tuple[float, int, int]]:
    """(score, old index, new index) of every likely pair among the leftovers, found through a bigram
    index over the new ones: each old task is scored against its CANDIDATES best-sharing new tasks
    only, so the cost grows with the plan, not with its square."""
    postings: dict[str, list[int]] = defaultdict(list)
    for j in left_new:
        for gram in new.body(j):
            postings[gram].append(j)
    # a bigram in a large share of the leftovers (科普, 开展) says little and costs much
    cap = max(8, len(left_new) // 10)
    scored: list[tuple[float, int, int]] = []
    for i in left_old:
        hits: dict[int, int] = defaultdict(int)
        for gram in old.body(i):
            posting = postings.get(gram)
            if posting and len(posting) <= cap:
                for j in posting:
                    hits[j] += 1
        best = sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
        for j, _ in best:
            score = _score(old, i, new, j)
            if score >= MIN_SCORE:
                scored.append((score, i, j))
    return scored


def _ordered(names: frozenset[str], in_order: Iterable[str]) -> tuple[str, ...]:
    """`names` in the order the task lists them."""
    out: list[str] = []
    for name in in_order:
        if name in names and name not in out:
            out.append(name)
    return tuple(out)
