"""Checking a file's data against its model, with pydantic-core and the stored core schema.

pydantic builds a validator by generating a core schema from the model's annotations; for the plan's
dozen classes that took ~60 ms, plus ~30 ms to import the machinery that does it, at every start of
`validate` and `render` — more than all their own work on a 45-paragraph plan (issue 15). The schema
is the same every time, so it is generated once, by the schema builder (schemas.py), and stored as
Python in compiled_schemas.py; a test keeps that file fresh. Here pydantic-core, which the validator
runs on anyway, is handed the stored schema: the same checks, the same errors, the same objects.

Under a pydantic-core other than the one the file was generated with (a user's newer pydantic), the
stored schema may no longer be a valid one: then it is built from the models as before, slower but
exact.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import pydantic_core

T = TypeVar("T")

ValidationError = pydantic_core.ValidationError


def path_of(model: type) -> str:
    """How the stored schemas name a class: kepu_plan.model.Plan."""
    return f"{model.__module__}.{model.__qualname__}"


@dataclass(frozen=True, eq=False)
class Compiled:
    """Each file model's core schema, built when first asked for (a plan's check does not import the
    progress files' module), and each class's fields that hold the authors' words."""

    builders: Mapping[str, Callable[[], Any]]  # path_of(file model) → its core schema
    text_fields: Mapping[str, Mapping[str, bool]]  # path_of(class) → {field: its year moves}


@cache
def compiled() -> Compiled:
    from . import compiled_schemas as stored

    if pydantic_core.__version__ == stored.PYDANTIC_CORE:
        return Compiled(stored.SCHEMAS, stored.TEXT_FIELDS)
    from .schemas import compile_models  # another pydantic: build from the models (pydantic's way)

    return compile_models()


_schemas: dict[type, Any] = {}


def dataclass_nodes(schema: Any) -> Iterator[dict[str, Any]]:
    """Every node of a core schema that builds a dataclass, outermost first (the one walk over a
    stored schema: schema_of looks a class up in it, the schema builder lists the classes)."""
    if isinstance(schema, dict):
        if schema.get("type") == "dataclass":
            yield schema
        for value in schema.values():
            yield from dataclass_nodes(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from dataclass_nodes(value)


def schema_of(model: type) -> Any:
    """The core schema of a file model, or of a class inside one (a Task within the Plan's)."""
    if model not in _schemas:
        builders = compiled().builders
        found = builders[path_of(model)]() if path_of(model) in builders else None
        for build in builders.values() if found is None else ():
            found = next((node for node in dataclass_nodes(build()) if node["cls"] is model), None)
            if found is not None:
                break
        if found is None:
            raise KeyError(f"{model.__name__} is in no stored schema: add its file model to schemas.MODELS")
        _schemas[model] = found
    return _schemas[model]


#: Core-schema nodes that wrap the value's own schema: a default, None allowed, a validator function.
_WRAPPERS = frozenset({"default", "nullable", "function-before", "function-after", "function-wrap"})


def unwrapped(node: dict[str, Any]) -> dict[str, Any]:
    """The schema of the value itself inside its defaults, Optional and validator functions."""
    while node["type"] in _WRAPPERS:
        node = node["schema"]
    return node


def node_fields(model: type) -> frozenset[str]:
    """The fields of a file model whose values are file models, or lists of them: where a walk over
    the plan goes down (read from the core schema, the one description of the shape)."""
    found = set()
    for field in schema_of(model)["schema"]["fields"]:
        value = unwrapped(field["schema"])
        if value["type"] == "list":
            value = unwrapped(value["items_schema"])
        if value["type"] == "dataclass":
            found.add(field["name"])
    return frozenset(found)


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
    """Drop what was built (a test that swaps the stored schemas for the models' own)."""
    compiled.cache_clear()
    for built in (_schemas, _validators, _serializers):
        built.clear()


def validate(model: type[T], data: object) -> T:
    """`data` (plain values, as YAML gives them) as an instance of `model`; raises ValidationError."""
    result: T = _validator(model).validate_python(data)
    return result


def to_data(value: object, **options: Any) -> Any:
    """`value` (an instance of a file model) as plain values, as pydantic's model_dump gives them:
    mode="json", exclude_defaults=True and the like are passed on."""
    return _serializer(type(value)).to_python(value, **options)
