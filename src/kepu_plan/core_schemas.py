"""The core schemas the validator runs on: built from the file models by pydantic once, then kept in
the user's cache folder.

pydantic builds a validator from a core schema it generates from the models' annotations; for the
plan's dozen classes that takes ~60 ms, plus ~35 ms to import the machinery that does it — more than
all of `validate`'s own work on a 45-paragraph plan (issue 15). The result is the same every time for
the same pydantic-core and the same models, so, like black's or mypy's caches, it is built once and
stored: one JSON file per (pydantic-core version, installed copy of kepu-plan), which also records
the SHA-256 of the models' source. A file that is missing, stale (another source) or unreadable is
built again and rewritten atomically; an unwritable cache folder costs the rebuild, never a failure.
Nothing here depends on which pydantic is installed: every supported one gets the same start-up.

A core schema is plain data except the classes and functions it names (a dataclass, a validator
function, a default factory): those are stored as ``{"$python": "module:qualname"}`` and read back
only from kepu_plan's own modules and the builtins, and a file model's schema is decoded when first
asked for (checking a plan does not import the progress files' module).
"""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import importlib
import json
import os
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The modules whose text decides the core schemas: the file models, the value types and the modules
#: they take constants from. tests/test_core_schemas.py checks that this covers everything importing
#: schema_types brings in from kepu_plan.
SOURCES: tuple[str, ...] = (
    "model.py",
    "units.py",
    "progress_files.py",
    "overrides.py",
    "labels.py",
    "schema_types.py",
    "charsets.py",
    "deadlines.py",
    "limits.py",
    "numbering.py",
    "patterns.py",
    "years.py",
)
PACKAGE = Path(__file__).resolve().parent
FORMAT = 1  # the layout of the cache file; a new layout is simply a stale file
REF = "$python"


def path_of(model: type) -> str:
    """How the stored schemas name a class: kepu_plan.model.Plan."""
    return f"{model.__module__}.{model.__qualname__}"


def dataclass_nodes(schema: Any) -> Iterator[dict[str, Any]]:
    """Every node of a core schema that builds a dataclass, outermost first (the one walk over a
    stored schema: which file model holds a class, and that class's node in it)."""
    if isinstance(schema, dict):
        if schema.get("type") == "dataclass":
            yield schema
        for value in schema.values():
            yield from dataclass_nodes(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from dataclass_nodes(value)


# -- the stored form -------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    """A core schema as JSON data: a class or function becomes {"$python": "module:qualname"}."""
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, type) or callable(value):
        module, name = value.__module__, value.__qualname__
        if _named(module, name) is not value:
            raise ValueError(f"core schema holds {value!r}, which cannot be named to be stored")
        return {REF: f"{module}:{name}"}
    raise ValueError(f"core schema holds {value!r}, which JSON cannot store")


def _named(module: str, name: str) -> Any:
    """The object `module:name` names; only kepu_plan's own modules and the builtins are looked in."""
    if module == "builtins":
        return getattr(builtins, name)
    if module != "kepu_plan" and not module.startswith("kepu_plan."):
        raise ValueError(f"the stored schema names {module}, outside kepu_plan")
    found: Any = importlib.import_module(module)
    for part in name.split("."):
        found = getattr(found, part)
    return found


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and REF in value:
            module, _, name = value[REF].partition(":")
            return _named(module, name)
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


@dataclass
class Schemas:
    """The core schema of each file model (decoded when first asked for), which file model holds each
    class, and each class's fields that hold the authors' words (field → whether its year moves)."""

    stored: dict[str, Any]  # path_of(file model) → its core schema, as stored (JSON data)
    holders: dict[str, str]  # path_of(any class in them) → path_of(the file model whose schema has it)
    text_fields: dict[str, dict[str, bool]]
    decoded: dict[str, Any]

    def schema_of(self, model: type) -> Any:
        """The core schema of a file model, or of a class inside one (a Task within the Plan's)."""
        path = path_of(model)
        holder = self.holders.get(path)
        if holder is None:
            raise KeyError(f"{model.__name__} is in no core schema: add its file model to core_schemas.build")
        if holder not in self.decoded:
            try:
                self.decoded[holder] = _decode(self.stored[holder])
            except (ImportError, AttributeError, ValueError, KeyError, TypeError):  # a damaged file
                fresh = build()
                self.stored, self.holders, self.decoded = fresh.stored, fresh.holders, fresh.decoded
        if holder == path:
            return self.decoded[holder]
        return next(node for node in dataclass_nodes(self.decoded[holder]) if node["cls"] is model)


# -- building ---------------------------------------------------------------------------------------------


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


def _mark(annotation: Any) -> Any:
    """The AuthorText mark on a field: in its own metadata, or on the items of a list / an Optional."""
    from .model import AuthorText

    for arg in typing.get_args(annotation):
        if isinstance(arg, AuthorText):
            return arg
        found = _mark(arg)
        if found is not None:
            return found
    return None


def _text_fields(model: type, vocabulary: Mapping[str, Any]) -> dict[str, bool]:
    hints = typing.get_type_hints(model, localns=dict(vocabulary), include_extras=True)
    marks = {name: _mark(hint) for name, hint in hints.items()}
    return {name: mark.moves_year for name, mark in marks.items() if mark is not None}


def build() -> Schemas:
    """Each file model's core schema, as pydantic builds it from the models (schema_types.adapter)."""
    from . import schema_types
    from .model import Plan
    from .overrides import Overrides
    from .progress_files import ProgressFile
    from .units import RegistryFile

    schemas: dict[str, Any] = {}
    holders: dict[str, str] = {}
    text_fields: dict[str, dict[str, bool]] = {}
    for model in (Plan, RegistryFile, Overrides, ProgressFile):  # every file read with validation.validate
        schema = _runtime(schema_types.adapter(model).core_schema)
        schemas[path_of(model)] = schema
        for node in dataclass_nodes(schema):
            holders.setdefault(path_of(node["cls"]), path_of(model))
            found = _text_fields(node["cls"], vars(schema_types))
            if found:
                text_fields[path_of(node["cls"])] = found
    return Schemas(schemas, holders, text_fields, decoded=dict(schemas))


# -- the cache file ---------------------------------------------------------------------------------------


def source_digest() -> str:
    """SHA-256 of the models' source (SOURCES): another text of any of them, another schema."""
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (PACKAGE / name).read_bytes() + b"\0")
    return digest.hexdigest()


def cache_file(core_version: str) -> Path:
    """The file for this pydantic-core and this installed copy of kepu-plan (two checkouts, or two
    virtualenvs with another pydantic, do not overwrite each other's)."""
    from platformdirs import user_cache_dir

    where = hashlib.sha256(str(PACKAGE).encode()).hexdigest()[:12]
    safe_version = re.sub(r"[^0-9A-Za-z.+-]", "_", core_version)
    return Path(user_cache_dir("kepu-plan", appauthor=False)) / f"core-schemas-{safe_version}-{where}.json"


def _read(path: Path, digest: str) -> Schemas | None:
    """The stored schemas if the file holds them for this source; None if missing, stale or damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["source"] != digest:
            return None
        return Schemas(dict(data["schemas"]), dict(data["holders"]), dict(data["text_fields"]), {})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, schemas: Schemas, digest: str) -> None:
    """Store atomically (a temporary file beside it, renamed): a reader sees the old file or the new.
    (tempfile is imported here: only a start that rebuilds the schemas writes, and its import, with
    random's, is ~1.5 ms of every other start.)"""
    import tempfile

    data = {
        "format": FORMAT,
        "source": digest,
        "schemas": {key: _encode(schema) for key, schema in schemas.stored.items()},
        "holders": schemas.holders,
        "text_fields": schemas.text_fields,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=path.name, suffix=".tmp", delete=False
    ) as out:
        json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
    try:
        os.replace(out.name, path)
    except OSError:
        os.unlink(out.name)
        raise


def load(core_version: str) -> Schemas:
    """The core schemas for this pydantic-core: from the cache when it is fresh, else built (and
    stored for the next start, where the cache folder can be written)."""
    try:
        digest = source_digest()
        path = cache_file(core_version)
    except OSError:  # the sources cannot be read (an unusual install): build every time
        return build()
    found = _read(path, digest)
    if found is not None:
        return found
    built = build()
    with contextlib.suppress(OSError, ValueError):  # unwritable cache folder, or what JSON cannot hold
        _write(path, built, digest)
    return built
