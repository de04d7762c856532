"""The core schemas the validator runs on: built from the models once per pydantic-core, kept in the
user's cache folder, rebuilt when missing, stale or damaged, never a failure when it cannot be written."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pydantic_core
import pytest

from kepu_plan import core_schemas, validation
from kepu_plan.checking import check_plan
from kepu_plan.model import Plan, Task

from conftest import PLAN_2025, UNITS, kepu_process, modules_loaded_by


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own; what validation had read is forgotten before and after."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    validation.forget()
    yield tmp_path / "cache"
    validation.forget()


def stored_file() -> Path:
    return core_schemas.cache_file(pydantic_core.__version__)


def diagnostics() -> list[tuple[str, int, str]]:
    return [(d.code, d.line, d.message) for d in check_plan(PLAN_2025, UNITS).diagnostics]


def test_the_first_start_stores_the_schemas_and_the_next_reads_the_same(cache):
    first = diagnostics()
    assert stored_file().is_relative_to(cache) and stored_file().is_file()
    validation.forget()
    read = core_schemas.load(pydantic_core.__version__)
    built = core_schemas.build()
    assert not read.decoded  # read from the file, decoded only when asked for
    for model in (Plan, Task):
        assert read.schema_of(model) == built.schema_of(model)
    assert read.text_fields == built.text_fields and read.holders == built.holders
    assert diagnostics() == first


def test_a_stale_file_is_built_again(cache):
    diagnostics()
    data = json.loads(stored_file().read_text(encoding="utf-8"))
    data["source"] = "0" * 64  # written for another text of the models
    data["text_fields"] = {}
    stored_file().write_text(json.dumps(data), encoding="utf-8")
    validation.forget()
    assert "title" in validation.text_fields(Task)
    assert json.loads(stored_file().read_text(encoding="utf-8"))["source"] == core_schemas.source_digest()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: "{not json",
        lambda data: json.dumps({"format": 1}),
        # a name outside kepu_plan is never looked up, whatever the file says
        lambda data: json.dumps({**data, "schemas": {k: {"$python": "os:system"} for k in data["schemas"]}}),
    ],
)
def test_a_damaged_file_is_built_again(cache, damage):
    expected = diagnostics()
    data = json.loads(stored_file().read_text(encoding="utf-8"))
    stored_file().write_text(damage(data), encoding="utf-8")
    validation.forget()
    assert diagnostics() == expected


def test_an_unwritable_cache_folder_costs_time_not_the_result(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = kepu_process("validate", PLAN_2025, "--units", UNITS)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "通过校验" in result.stderr


def test_each_pydantic_core_and_each_installed_copy_has_a_file_of_its_own(cache):
    other = pydantic_core.__version__ + ".post1"
    assert core_schemas.cache_file(other) != stored_file()
    assert core_schemas.cache_file(other).parent == stored_file().parent


def test_the_digest_covers_every_module_the_schemas_are_built_from():
    """What importing the value types brings in from kepu_plan decides the schemas: each is hashed."""
    code = "import sys, kepu_plan.schema_types; print(*sorted(m for m in sys.modules if m.startswith('kepu_plan')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    package = Path(core_schemas.__file__).parent
    files = set()
    for name in loaded.split():
        module = __import__(name, fromlist=["_"])
        path = Path(module.__file__).relative_to(package).as_posix()
        if not path.endswith("__init__.py"):
            files.add(path)
    assert files <= set(core_schemas.SOURCES)


def test_validate_and_render_start_without_building_the_schemas(tmp_path, cache):
    """pydantic-core checks the plan from the cached schema: the builder (schema_types, and pydantic's
    schema generation with it, ~90 ms, issue 15) runs at the first start only; nor is urllib.request
    imported (xml.sax.saxutils brings it, ~20 ms: writers/officedoc/xmltext.py)."""
    builder = {"kepu_plan.schema_types", "kepu_plan.schemas", "urllib.request"}
    assert "kepu_plan.schema_types" in modules_loaded_by(
        "validate", PLAN_2025, "-q"
    )  # the first start builds
    assert not builder & modules_loaded_by("validate", PLAN_2025, "-q")
    assert not builder & modules_loaded_by("render", PLAN_2025, "-o", tmp_path / "p.docx")


@pytest.mark.pinned  # typer 0.29 (the newest) converts every parameter through pydantic's TypeAdapter
def test_validate_and_render_start_without_pydantics_model_machinery(tmp_path, cache):
    """With the cache filled, neither command imports pydantic's model machinery at all."""
    machinery = {"pydantic.main", "pydantic.fields"}
    modules_loaded_by("validate", PLAN_2025, "-q")  # fills the cache
    assert not machinery & modules_loaded_by("validate", PLAN_2025, "-q")
    assert not machinery & modules_loaded_by("render", PLAN_2025, "-o", tmp_path / "p.docx")
