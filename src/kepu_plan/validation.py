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

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import pydantic_core

if TYPE_CHECKING:
    from .model import AuthorText

T = TypeVar("T")

ValidationError = pydantic_core.ValidationError


@dataclass(frozen=True)
class Compiled:
    """Each file model's core schema, and each class's fields that hold the authors' words."""

    schemas: dict[type, Any]
    text_fields: dict[type, dict[str, AuthorText]]


@cache
def compiled() -> Compiled:
    from . import compiled_schemas as stored

    if pydantic_core.__version__ == stored.PYDANTIC_CORE:
        return Compiled(stored.SCHEMAS, stored.TEXT_FIELDS)
    from .schemas import compile_models  # another pydantic: build from the models (pydantic's way)

    return compile_models()


def schema_of(model: type) -> Any:
    """The core schema of a file model, or of a class inside one (a Task within the Plan's)."""
    schemas = compiled().schemas
    if model in schemas:
        return schemas[model]
    pending = list(schemas.values())
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if node.get("type") == "dataclass" and node["cls"] is model:
                return node
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    raise KeyError(f"{model.__name__} is in no stored schema: add its file model to schemas.MODELS")


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


def validate(model: type[T], data: object) -> T:
    """`data` (plain values, as YAML gives them) as an instance of `model`; raises ValidationError."""
    result: T = _validator(model).validate_python(data)
    return result


def to_data(value: object, **options: Any) -> Any:
    """`value` (an instance of a file model) as plain values, as pydantic's model_dump gives them:
    mode="json", exclude_defaults=True and the like are passed on."""
    return _serializer(type(value)).to_python(value, **options)
