"""YAML text → ruamel's node tree, through its public API: `YAML(typ="safe").compose`, which uses
libyaml (ruamel.yaml.clib) where it is installed and ruamel's pure-Python parser otherwise.

The one thing set up differently is the resolver, the part that gives each untagged scalar its type.
ruamel's versioned resolver tries a list of patterns on every scalar (most of the time of composing a
large plan); ours follows the YAML 1.2 core schema, with timestamps kept apart (as text: the model
parses dates itself), and answers "text" at once for the Chinese prose that makes up a plan. It hands
out one shared Tag per type, so no node makes a tag of its own and the walk tells text from the rest
by identity.

Imported only when a file is parsed: importing ruamel is most of the cost of a parse that small.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"{_T}{n}" for n in ("str", "int", "float", "bool", "null", "timestamp")
)
SEQ, MAP, MERGE = f"{_T}seq", f"{_T}map", f"{_T}merge"

# YAML 1.2 core schema, plus timestamps.
_IMPLICIT = [
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$")),
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (INT, re.compile(r"^(?:[-+]?[0-9_]+|0o[0-7_]+|0x[0-9a-fA-F_]+)$")),
    (
        FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
    (TIMESTAMP, re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")),
]
MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF<")  # "<": the merge key "<<"

#: The tags the resolver hands out, one object each (a node keeps the Tag it is given).
TAGS = {tag: Tag(suffix=tag) for tag in (STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP, MERGE)}
TEXT, MAPPING, SEQUENCE = TAGS[STR], TAGS[MAP], TAGS[SEQ]


def resolve_plain(value: str) -> str:
    """The tag of a plain scalar that may be something other than text."""
    if value == "<<":
        return MERGE
    for tag, pattern in _IMPLICIT:
        if pattern.match(value):
            return tag
    return STR


class PlanResolver(VersionedResolver):
    """ruamel's resolver with our schema (see the module's docstring) and no path resolvers."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            if not implicit[0] or (value and value[0] not in MAYBE_NOT_TEXT):
                return TEXT  # quoted, or plain text that cannot be a number, boolean, null or date
            return TAGS[resolve_plain(value)]
        return MAPPING if kind is MappingNode else SEQUENCE

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass  # called for every node; ours resolves by value alone

    def ascend_resolver(self) -> None:
        pass


def compose(text: str) -> Any:
    """The document's root node, or None for a stream without one (only comments, or nothing).

    Raises ruamel's YAMLError for a syntax error, an undefined alias, a duplicate anchor (libyaml) or
    a second document."""
    yaml = YAML(typ="safe")
    yaml.Resolver = PlanResolver
    return yaml.compose(text)


def tag_of(node: Any) -> str:
    """A node's tag as text: ours by identity, one written in the file through ruamel's property."""
    suffix: str = node.ctag.suffix
    return suffix if TAGS.get(suffix) is node.ctag else str(node.tag)
