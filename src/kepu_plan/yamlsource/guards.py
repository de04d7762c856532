"""Refusing hostile YAML before it costs anything: limits, and the checks made before and right after
composing.

A plan is ~40 KB and ~1,000 nodes; the file itself may be 16 MB (limits.MAX_FILE_BYTES). Composing
builds Python objects for every node (two marks and a tag each, a few hundred bytes), so whatever
could make that huge is measured first, on the text or on the parser's event stream, where nothing
is kept: nesting that would crash libyaml's recursive composer, more nodes than any plan has, and
aliases that would expand to billions of nodes ("billion laughs").
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from .. import codes
from ..diagnostics import LoadError

#: Limits for hostile input. A real plan is ~40 KB and ~1,000 nodes.
MAX_NODES = 2_000_000  # values built, counting every alias expansion: stops "billion laughs" early
MAX_DEPTH = 64  # nesting of mappings and sequences; a plan needs 8


def too_many_nodes(limit: int = MAX_NODES) -> str:
    return f"YAML 展开后节点过多（超过 {limit:,} 个），疑似别名炸弹，已拒绝"


TOO_DEEP = f"嵌套层级过深（超过 {MAX_DEPTH} 层）"

_CONFLICT = re.compile(r"^(?:<{7}|>{7}|={7})(?: |$)", re.MULTILINE)


def refuse_conflict_markers(text: str, display: str) -> None:
    """A file left with merge conflict markers: say so at the first one, not as a YAML puzzle."""
    # the markers looked for first as plain substrings: a scan in C, where the MULTILINE ^ is tried at
    # every character of the file
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "=======" not in text:
        return
    conflict = _CONFLICT.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise LoadError.at(
            codes.YAML_SYNTAX,
            "文件中留有合并冲突标记",
            display,
            line,
            1,
            "解决冲突后删除 <<<<<<< ======= >>>>>>> 各行",
        )


#: libyaml's composer recurses in C once per nesting level and crashes the interpreter somewhere
#: past 20,000 levels; the walk refuses more than MAX_DEPTH anyway. So nesting is estimated
#: before parsing, generously (brackets inside quoted text count too), and absurd files are refused.
NESTING_GUARD = 1000
_BRACKET = re.compile(r"[\[\]{}]")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
#: A line that starts with NESTING_GUARD indentation or block indicators. Searched as "\n" + the run
#: (and matched at the very start separately): a pattern that begins with a literal is found by a fast
#: scan, while ^ in MULTILINE mode is tried at every character (8x slower on a 2 MB plan).
_LEADING_FIRST = re.compile(rf"[ \t\-?:]{{{NESTING_GUARD}}}")
_LEADING = re.compile(rf"\n[ \t\-?:]{{{NESTING_GUARD}}}")


def _too_deep(text: str) -> int | None:
    """The line where nesting goes past NESTING_GUARD levels, or None.

    The fast path keeps only the brackets (a regex substitution in C) and sums them; only a file
    that is really that deep is walked bracket by bracket to find the line to report.
    """
    brackets = _NOT_BRACKET.sub("", text)
    if (
        len(brackets) > NESTING_GUARD
        and max(accumulate(1 if c in "[{" else -1 for c in brackets)) > NESTING_GUARD
    ):
        depth = 0
        for match in _BRACKET.finditer(text):
            depth = depth + 1 if match.group() in "[{" else depth - 1
            if depth > NESTING_GUARD:
                return text.count("\n", 0, match.start()) + 1
    if _LEADING_FIRST.match(text):
        return 1
    deep = _LEADING.search(text)
    return None if deep is None else text.count("\n", 0, deep.start()) + 2  # the line after the "\n"


def refuse_deep_nesting(text: str, display: str) -> None:
    """Refuse nesting that libyaml's composer could not survive, at the line where it goes too deep."""
    deep = _too_deep(text)
    if deep is not None:
        raise LoadError.at(codes.YAML_SYNTAX, TOO_DEEP, display, deep, 1, "检查括号是否成对")


_ANCHOR = re.compile(r"&[^\s\[\]{},]")


def has_anchors(text: str) -> bool:
    """Whether the text may define an anchor (generously: "&x" inside text counts too)."""
    return _ANCHOR.search(text) is not None


#: Past this many possible nodes (see most_nodes) the values are counted on the event stream before
#: anything is composed. The 100x synthetic plan (2 MB) may have 61,000.
COUNT_FIRST = MAX_NODES // 10


def most_nodes(text: str) -> int:
    """An upper bound of the number of nodes the text can compose to, counted in C on the text.

    Every node but the root follows a mark of its own: a flow item "[" or ",", a block item "-", a
    pair's key and value a ":" or "?" (or "{" or "," in a flow mapping, "{a, b}"). Marks inside text
    count too, so the bound is generous. A text shorter than half the limit needs no counting: no node
    takes less than half a character.
    """
    if 2 * len(text) + 1 <= COUNT_FIRST:
        return 2 * len(text) + 1
    pairs = text.count(":") + text.count("?") + text.count(",") + text.count("[") + text.count("{")
    return 1 + 2 * pairs + text.count("-")


def refuse_too_many_values(text: str, display: str, anchored: bool, limit: int = MAX_NODES) -> None:
    """Count the values on the event stream, keeping nothing, and refuse a document with more than
    `limit` before it is composed.

    The whole stream is read first, with the checks ruamel's composer makes (an undefined or
    duplicate anchor, a second document), so that the same error comes first as when the document
    is composed; only then is the first value past the limit named."""
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import ComposerError
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, DocumentStartEvent, NodeEvent

    counter = _ValueCounter(limit)
    anchors: dict[str, Any] = {}  # name → where it was defined
    documents = 0
    for event in YAML(typ="safe").parse(text):
        if isinstance(event, CollectionEndEvent):
            counter.end()
        elif isinstance(event, NodeEvent):
            if event.__class__ is AliasEvent:
                if event.anchor not in anchors:
                    raise ComposerError(None, None, "found undefined alias", event.start_mark)
            elif event.anchor is not None:
                if event.anchor in anchors:
                    raise ComposerError(
                        "found duplicate anchor; first occurrence",
                        anchors[event.anchor],
                        "second occurrence",
                        event.start_mark,
                    )
                anchors[event.anchor] = event.start_mark
            counter.node(event)
        elif event.__class__ is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise ComposerError(
                    "expected a single document in the stream",
                    None,
                    "but found another document",
                    event.start_mark,
                )
    if counter.past is not None:
        if anchored:
            refuse_expanded(display)  # the document's aliases are counted once composed (expanded_size)
        mark = counter.past
        raise LoadError.at(codes.YAML_SYNTAX, too_many_nodes(limit), display, mark.line + 1, mark.column + 1)


class _Frame:
    """An open collection, as the value counter sees it."""

    __slots__ = ("counts", "is_mapping", "key_next", "keys", "skip_value")

    def __init__(self, is_mapping: bool, counts: bool):
        self.is_mapping, self.counts = is_mapping, counts
        self.key_next = is_mapping  # a mapping's children alternate: key, value
        self.keys: set[str] = set()
        self.skip_value = False


class _ValueCounter:
    """Counts the values the walk would build (the root, a mapping's values, a sequence's items),
    skipping what it skips: keys, and the values of keys it refuses (not text, "<<", a duplicate)."""

    def __init__(self, limit: int) -> None:
        self.count, self.limit = 0, limit
        self.past: Any = None  # where the first value past the limit starts
        self.open: list[_Frame] = []

    def node(self, event: Any) -> None:
        from ruamel.yaml.events import MappingStartEvent, ScalarEvent, SequenceStartEvent

        frame = self.open[-1] if self.open else None
        if frame is not None and frame.key_next:
            frame.key_next = False
            frame.skip_value = not (event.__class__ is ScalarEvent and self.accept_key(frame, event))
            counts = False
        elif frame is not None:
            counts = frame.counts and not frame.skip_value
            frame.key_next = frame.is_mapping
        else:
            counts = True  # the root
        if counts:
            self.count += 1
            if self.count > self.limit and self.past is None:
                self.past = event.start_mark
        if event.__class__ is MappingStartEvent or event.__class__ is SequenceStartEvent:
            self.open.append(_Frame(event.__class__ is MappingStartEvent, counts))

    @staticmethod
    def accept_key(frame: _Frame, event: Any) -> bool:
        value, tag = event.value, event.tag
        if tag is None or tag == "!":
            merge = value == "<<" and event.implicit[0]
        else:
            merge = tag == "tag:yaml.org,2002:merge"
        if merge or value in frame.keys:
            return False
        frame.keys.add(value)
        return True

    def end(self) -> None:
        self.open.pop()


def refuse_expanded(display: str) -> None:
    """The refusal of a document whose aliases expand past MAX_NODES: no one place is to blame."""
    raise LoadError.at(
        codes.YAML_SYNTAX, too_many_nodes(), display, hint="不要用锚点（&）和别名（*）层层引用"
    )


def expanded_size(root: Any, limit: int) -> int:
    """How many nodes the document has once every alias is expanded, counted without expanding it.

    Aliases are the same node object met again, so sizes are memoised by identity: a "billion
    laughs" file is measured in microseconds and refused before anything is built.
    """
    sizes: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if depth <= MAX_DEPTH and isinstance(node.value, list):
            for child in node.value:
                if isinstance(child, tuple):
                    total += size(child[0], depth + 1) + size(child[1], depth + 1)
                else:
                    total += size(child, depth + 1)
                if total > limit:
                    break
        sizes[id(node)] = total
        return total

    return size(root, 0)
