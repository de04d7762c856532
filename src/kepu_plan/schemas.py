"""The schemas built from the file models: JSON Schemas for editors (yaml-language-server) and other
tools, and the core schemas the validator runs on (stored in compiled_schemas.py, validation.py).

This is the one place that evaluates the models' annotations (schema_types.py): pydantic turns each
model into a core schema, and from it into a JSON Schema. Run `python -m kepu_plan.schemas` after
changing a model to regenerate compiled_schemas.py (tests/test_schemas.py checks it is fresh);
`kepu-plan schema` writes the JSON Schemas.
"""

from __future__ import annotations

import importlib
import json
import re
import typing
from collections import Counter
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import TypeAdapter

from . import schema_types
from .diffing.overrides import Overrides
from .model import AuthorText, Plan
from .progress import ProgressFile
from .units import RegistryFile
from .validation import Compiled, dataclass_nodes, path_of

#: The file models whose core schemas are stored: every file the tool reads with validation.validate.
MODELS: tuple[type, ...] = (Plan, RegistryFile, Overrides, ProgressFile)
COMPILED_PATH = Path(__file__).with_name("compiled_schemas.py")


def _adapter(model: type) -> TypeAdapter[Any]:
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    # The models' annotations name the value types of schema_types.py, which their modules import only
    # for type checkers; pydantic resolves them in this namespace (TypeAdapter.rebuild's documented
    # way to give the names a forward reference needs).
    adapter.rebuild(force=True, _types_namespace=vars(schema_types))
    return adapter


def _classes(schema: Any) -> list[type]:
    """Every dataclass a core schema builds, outermost first, once each."""
    return list(dict.fromkeys(node["cls"] for node in dataclass_nodes(schema)))


def _mark(annotation: Any) -> AuthorText | None:
    """The AuthorText mark on a field: in its own metadata, or on the items of a list / an Optional."""
    for arg in typing.get_args(annotation):
        if isinstance(arg, AuthorText):
            return arg
        found = _mark(arg)
        if found is not None:
            return found
    return None


def _text_fields(model: type) -> dict[str, AuthorText]:
    hints = typing.get_type_hints(model, localns=vars(schema_types), include_extras=True)
    marks = {name: _mark(hint) for name, hint in hints.items()}
    return {name: mark for name, mark in marks.items() if mark is not None}


def _runtime(schema: Any) -> Any:
    """A core schema as validation needs it: without the JSON-Schema hooks pydantic keeps in
    `metadata`, and with references named by class alone (pydantic appends the class's id)."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "metadata":
                continue
            if key in ("ref", "schema_ref") and isinstance(value, str):
                value = re.sub(r":\d+$", "", value)
            out[key] = _runtime(value)
        return out
    if isinstance(schema, list):
        return [_runtime(value) for value in schema]
    return schema


def _core_schemas() -> dict[type, Any]:
    return {model: _runtime(_adapter(model).core_schema) for model in MODELS}


def _text_field_table(schemas: dict[type, Any]) -> dict[str, dict[str, bool]]:
    """path_of(class) → {field: whether `new` moves its year}, for every class with the authors' words."""
    classes = [cls for schema in schemas.values() for cls in _classes(schema)]
    marks = {path_of(cls): _text_fields(cls) for cls in classes}
    return {
        path: {name: mark.moves_year for name, mark in found.items()}
        for path, found in marks.items()
        if found
    }


def compile_models() -> Compiled:
    """Each model's core schema and the author-text fields of every class in it, built now."""
    schemas = _core_schemas()
    builders = {path_of(model): (lambda schema=schema: schema) for model, schema in schemas.items()}
    return Compiled(builders, _text_field_table(schemas))


# -- compiled_schemas.py --------------------------------------------------------------------------------


def _reference(value: Any, modules: dict[str, str]) -> str:
    """A class or function named as the generated module imports it; anything else is refused (a
    lambda or a pydantic internal could not be named, and the stored schema would not load)."""
    module, name = value.__module__, value.__qualname__
    if module == "builtins":
        return str(name)
    if (
        not module.startswith("kepu_plan.")
        or getattr(importlib.import_module(module), name, None) is not value
    ):
        raise ValueError(f"core schema holds {value!r}, which compiled_schemas.py cannot name")
    alias = modules.setdefault(module, "_" + module.rsplit(".", 1)[1])
    return f"{alias}.{name}"


class _Writer:
    """Python source for a core schema. A part that occurs more than once (the same text constraints on
    every text field) is written once, as a local name the function assigns before it returns the
    schema — pydantic-core reads a shared part as it reads a copy."""

    SHARED_MIN = 120  # characters of source below which repeating a part is clearer than naming it

    def __init__(self, modules: dict[str, str]) -> None:
        self.modules = modules
        self.counts: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        self.assignments: list[str] = []

    def flat(self, value: Any) -> str:
        """The value as one line of source: the key under which repeated parts are found."""
        if isinstance(value, dict):
            return "{" + ", ".join(f"{self.flat(k)}: {self.flat(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flat(v) for v in value) + "]"
        if isinstance(value, type) or callable(value):
            return _reference(value, self.modules)
        if value is None or isinstance(value, (str, int, float, bool)):
            return repr(value)
        raise ValueError(f"core schema holds {value!r}, which compiled_schemas.py cannot write")

    def count(self, value: Any) -> None:
        if isinstance(value, dict):
            self.counts[self.flat(value)] += 1
            for item in value.values():
                self.count(item)
        elif isinstance(value, list):
            for item in value:
                self.count(item)

    def source(self, value: Any, indent: int = 1) -> str:
        pad, inner = "    " * indent, "    " * (indent + 1)
        if isinstance(value, dict) and value:
            key = self.flat(value)
            if self.counts[key] > 1 and len(key) >= self.SHARED_MIN:
                if key not in self.names:
                    text = self.source_of_dict(value, 1)
                    self.names[key] = name = f"_part{len(self.names) + 1}"
                    self.assignments.append(f"    {name} = {text}\n")
                return self.names[key]
            return self.source_of_dict(value, indent)
        if isinstance(value, list) and value:
            return "[\n" + "".join(f"{inner}{self.source(v, indent + 1)},\n" for v in value) + pad + "]"
        return self.flat(value)

    def source_of_dict(self, value: dict[Any, Any], indent: int) -> str:
        pad, inner = "    " * indent, "    " * (indent + 1)
        items = [f"{inner}{self.flat(k)}: {self.source(v, indent + 1)},\n" for k, v in value.items()]
        return "{\n" + "".join(items) + pad + "}"


def _function(name: str, schema: Any) -> str:
    """def name(): the imports of the modules the schema names, its shared parts, the schema."""
    modules: dict[str, str] = {}
    writer = _Writer(modules)
    writer.count(schema)
    body = writer.source(schema)
    imports = "".join(f"    import {module} as {alias}\n" for module, alias in sorted(modules.items()))
    return f"def {name}() -> Any:\n{imports}\n{''.join(writer.assignments)}    return {body}\n"


def compiled_module() -> str:
    """The text of compiled_schemas.py for the models as they are now: one function per file model,
    which imports the modules its schema names only when called."""
    schemas = _core_schemas()
    functions, table = [], []
    for model, schema in schemas.items():
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()
        functions.append(_function(name, schema))
        table.append(f"    {path_of(model)!r}: {name},\n")
    text_fields = _Writer({}).source(_text_field_table(schemas), 0)
    return (
        '"""Generated by `python -m kepu_plan.schemas` from the file models: do not edit.\n\n'
        "The core schema of each file model, as pydantic builds it (schemas.py), for validation.py.\n"
        '"""\n\n'
        "# fmt: off\n"
        "from collections.abc import Callable\n"
        "from typing import Any\n\n"
        f"PYDANTIC_CORE = {pydantic_core.__version__!r}\n\n\n"
        + "\n\n".join(functions)
        + "\n\nSCHEMAS: dict[str, Callable[[], Any]] = {\n"
        + "".join(table)
        + "}\n\n"
        f"TEXT_FIELDS: dict[str, dict[str, bool]] = {text_fields}\n"
    )


# -- JSON Schemas ---------------------------------------------------------------------------------------


def _dump(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def generated_schemas() -> dict[str, str]:
    plan = _adapter(Plan).json_schema()
    plan["title"] = "科普工作计划 (kepu-plan plan file)"
    units = _adapter(RegistryFile).json_schema()
    units["title"] = "责任单位名录 (kepu-plan units.yaml)"
    progress = _adapter(ProgressFile).json_schema()
    progress["title"] = "一个单位一轮的进展填报 (kepu-plan progress/<year>/<round>/<unit>.yaml)"
    return {
        "plan.schema.json": _dump(plan),
        "units.schema.json": _dump(units),
        "progress.schema.json": _dump(progress),
    }


if __name__ == "__main__":
    COMPILED_PATH.write_text(compiled_module(), encoding="utf-8")
    print(f"wrote {COMPILED_PATH}")
