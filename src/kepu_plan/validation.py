"""Checking a file's data against its model, and back to plain data: the one module that talks to
pydantic-core.

pydantic-core checks the data against each file model's core schema (core_schemas.py: built by
pydantic from the models once per pydantic-core, then read from the user's cache folder), so that
`validate` and `render` do not import pydantic's schema generation at every start. The same core
schema says where a walk over a plan goes down (:func:`node_fields`); the fields that hold the
authors' words (:func:`text_fields`) are read from the models' marks when the schemas are built and
kept with them.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

import pydantic_core

from .core_schemas import Schemas, load
from .model import NAME, PROSE, AuthorText, field_names

T = TypeVar("T")

ValidationError = pydantic_core.ValidationError


@cache
def schemas() -> Schemas:
    """The core schemas for the installed pydantic-core (from the cache, or built and stored)."""
    return load(pydantic_core.__version__)


def schema_of(model: type) -> Any:
    """The core schema of a file model, or of a class inside one (a Task within the Plan's)."""
    if model not in _schemas:
        _schemas[model] = schemas().schema_of(model)
    return _schemas[model]


_schemas: dict[type, Any] = {}

#: Core-schema nodes that wrap the value's own schema: a default, None allowed, a validator function.
_WRAPPERS = frozenset({"default", "nullable", "function-before", "function-after", "function-wrap"})


def unwrapped(node: dict[str, Any]) -> dict[str, Any]:
    """The schema of the value itself inside its defaults, Optional and validator functions."""
    while node["type"] in _WRAPPERS:
        node = node["schema"]
    return node


_NODE_FIELDS: dict[type, frozenset[str]] = {}


def node_fields(model: type) -> frozenset[str]:
    """The fields of a file model whose values are file models, or lists of them: where a walk over
    the plan goes down (read from the core schema, the one description of the shape)."""
    if model not in _NODE_FIELDS:
        found = set()
        for field in schema_of(model)["schema"]["fields"]:
            value = unwrapped(field["schema"])
            if value["type"] == "list":
                value = unwrapped(value["items_schema"])
            if value["type"] == "dataclass":
                found.add(field["name"])
        _NODE_FIELDS[model] = frozenset(found)
    return _NODE_FIELDS[model]


_TEXT_FIELDS: dict[type, dict[str, AuthorText]] = {}


def text_fields(model: type) -> dict[str, AuthorText]:
    """The fields of `model` that hold the authors' words (a string, or a list of strings), in field
    order: read from the AuthorText marks in its annotations when the schemas are built."""
    if model not in _TEXT_FIELDS:
        path = f"{model.__module__}.{model.__qualname__}"
        marks = schemas().text_fields.get(path, {})
        _TEXT_FIELDS[model] = {
            name: PROSE if marks[name] else NAME for name in field_names(model) if name in marks
        }
    return _TEXT_FIELDS[model]


_validators: dict[type, pydantic_core.SchemaValidator] = {}
_serializers: dict[type, pydantic_core.SchemaSerializer] = {}


def _validator(model: type) -> pydantic_core.SchemaValidator:
    if model not in _validators:
        _validators[model] = pydantic_core.SchemaValidator(schema_of(model))
    return _validators[model]


def _serializer(model: type) -> pydantic_core.SchemaSerializer:
    if model not in _serializers:
        _serializers[model] = pydantic_core.SchemaSerializer(schema_of(model))
    return _serializers[model]


def forget() -> None:
    """Drop what was built or read (a test that points the cache elsewhere)."""
    schemas.cache_clear()
    for built in (_schemas, _NODE_FIELDS, _TEXT_FIELDS, _validators, _serializers):
        built.clear()


def validate(model: type[T], data: object) -> T:
    """`data` (plain values, as YAML gives them) as an instance of `model`; raises ValidationError."""
    result: T = _validator(model).validate_python(data)
    return result


def to_data(value: object, **options: Any) -> Any:
    """`value` (an instance of a file model) as plain values, as pydantic's model_dump gives them:
    mode="json", exclude_defaults=True and the like are passed on."""
    return _serializer(type(value)).to_python(value, **options)
