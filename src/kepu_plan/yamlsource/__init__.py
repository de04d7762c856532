"""YAML text → plain Python data, remembering where every value stood.

Through ruamel.yaml's public API only: the document is composed by `YAML(typ="safe").compose` (libyaml
where ruamel.yaml.clib is installed) with a resolver of our own (compose.py), then walked once
(walk.py), which builds dicts, lists and scalars, records where each value stands in a SourceMap
(positions.py) and refuses what a plan never needs (custom tags, merge keys, duplicate keys) with a
located message. Why not ruamel's round-trip loader: it is ~7× slower, and validate runs in every
pre-commit.

Hostile input is measured before it is composed (guards.py): merge conflict markers, nesting that
would crash libyaml, more values than any plan has, and aliases that would expand without end.
"""

from __future__ import annotations

import gc
from typing import Any

from .. import codes
from ..diagnostics import LoadError
from .guards import (
    COUNT_FIRST,
    MAX_DEPTH,
    MAX_NODES,
    NESTING_GUARD,
    expanded_size,
    has_anchors,
    most_nodes,
    refuse_conflict_markers,
    refuse_deep_nesting,
    refuse_expanded,
    refuse_too_many_values,
)
from .messages import FULL_WIDTH_NAMES, describe_character, full_width_syntax, yaml_error
from .positions import Entry, SourceMap, YamlPath

__all__ = [
    "FULL_WIDTH_NAMES",
    "MAX_DEPTH",
    "MAX_NODES",
    "NESTING_GUARD",
    "Entry",
    "SourceMap",
    "YamlPath",
    "describe_character",
    "full_width_syntax",
    "parse_yaml",
]

#: A document this large (children of its collections) goes straight into the GC's oldest
#: generation. A real plan has ~1,000 values, the 100x synthetic plan 29,000.
PROMOTE_NODES = 10_000


def _promote_young_objects() -> None:
    """Move what was just built into the GC's oldest generation, unscanned.

    A large document (tens of thousands of dicts, lists and tuples) lives as long as the plan and
    cannot form a cycle, but the young generation's next collection would scan all of it, and the
    middle one's again (validate of the 100x plan: 0.356 s -> 0.320 s CPU without them).
    gc.freeze() then gc.unfreeze() moves every tracked object into the oldest generation without
    looking at it: what two collections would have concluded. Left alone when something else has
    frozen objects (unfreeze would release them too)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def parse_yaml(text: str, display: str) -> tuple[Any, SourceMap]:
    """YAML text → plain Python data and a :class:`SourceMap`; raises LoadError with located problems."""
    refuse_conflict_markers(text, display)
    refuse_deep_nesting(text, display)
    anchored = has_anchors(text)
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import ScalarNode

    from .compose import NULL, compose, tag_of
    from .walk import Walk

    # Composing makes ~10 objects per line and keeps many: the cyclic GC would rescan the growing heap
    # again and again for nothing (half the parse time for a large plan). Nothing here is cyclic.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    walk = Walk(display)
    try:
        try:
            if most_nodes(text) > COUNT_FIRST:
                refuse_too_many_values(text, display, anchored)
            root = compose(text)
        except (YAMLError, ValueError) as exc:
            raise LoadError(
                full_width_syntax(text, display) or yaml_error(exc, display).diagnostics
            ) from None
        except RecursionError:
            raise LoadError.at(codes.YAML_SYNTAX, f"嵌套层级过深（超过 {MAX_DEPTH} 层）", display) from None
        if root is None or (root.__class__ is ScalarNode and tag_of(root) == NULL and not root.value.strip()):
            raise LoadError.at(
                codes.YAML_SYNTAX, "文件是空的", display
            )  # nothing, or only "---" and comments
        if anchored and expanded_size(root, MAX_NODES) > MAX_NODES:
            refuse_expanded(display)
        data, positions = walk.value(root)
    finally:
        # the nodes go now, freed by their reference counts, before the cyclic GC could scan them
        root = None
        if gc_was_enabled:
            if walk.nodes > PROMOTE_NODES:
                _promote_young_objects()
            gc.enable()
    if walk.problems:
        raise LoadError(walk.problems)
    return data, SourceMap(display, positions, text)
