"""The authors' words in a plan, as the AuthorText marks in the models declare them: every piece with
its YAML path (the rules read them all, the Word writer checks them for XML), and the keys whose year
`kepu-plan new` moves. Which fields hold text and which hold child nodes comes from validation (read
from the core schemas); the walk is here, once.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import Group, Item, Notice, Plan, Section, Task, field_names
from .validation import node_fields, text_fields

_AUTHOR_WALK: dict[type, tuple[tuple[str, bool], ...]] = {}


def _author_walk(model: type) -> tuple[tuple[str, bool], ...]:
    """(field, whether it holds text) for the fields author_texts reads, in field order: the marked
    text fields and the ones holding nodes. A task's ids, units and labels are never looked at."""
    if model not in _AUTHOR_WALK:
        marked, nodes = text_fields(model), node_fields(model)
        _AUTHOR_WALK[model] = tuple(
            (name, name in marked) for name in field_names(model) if name in marked or name in nodes
        )
    return _AUTHOR_WALK[model]


def author_texts(
    node: object, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every piece of the authors' text in `node` and below, with its YAML path, in document order
    (empty optional text is skipped)."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    _gather_texts(node, path, found)
    return iter(found)


def _gather_texts(
    node: object, path: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], str]]
) -> None:
    for name, is_text in _author_walk(type(node)):
        value = getattr(node, name)
        if is_text:
            if isinstance(value, str):
                if value:
                    found.append(((*path, name), value))
            elif isinstance(value, list):
                found.extend(((*path, name, i), v) for i, v in enumerate(value) if v)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                _gather_texts(item, (*path, name, i), found)
        elif value is not None:
            _gather_texts(value, (*path, name), found)


def year_keys() -> frozenset[str]:
    """The keys whose text moves to the new year in `kepu-plan new` (the AuthorText fields, names aside)."""
    return frozenset(
        name
        for model in (Plan, Notice, Section, Group, Item, Task)
        for name, mark in text_fields(model).items()
        if mark.moves_year
    )
