"""The schemas built from the models — the JSON Schemas in schemas/ and the stored core schemas the
validator runs on — are kept fresh."""

from __future__ import annotations

import json
import shutil

from kepu_plan.schemas import generated_schemas

from conftest import PLAN_2025, ROOT


def test_checked_in_schemas_are_fresh(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("schema", "--check")
    assert result.exit_code == 0, result.stderr


def test_a_stale_schema_fails_the_check(cli, tmp_path):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "plan.schema.json").write_text("{}\n", encoding="utf-8")
    result = cli("schema", "--check", "--out-dir", tmp_path / "schemas")
    assert result.exit_code == 1 and "plan.schema.json" in result.stderr


def test_a_missing_schema_is_reported_as_missing_not_stale(cli, tmp_path):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "progress.schema.json").unlink()
    result = cli("schema", "--check", "--out-dir", tmp_path / "schemas")
    assert result.exit_code == 1
    assert (
        "缺少" in result.stderr and "progress.schema.json" in result.stderr and "已过期" not in result.stderr
    )


def test_schema_writes_both_files(cli, tmp_path):
    result = cli("schema", "--out-dir", tmp_path)
    assert result.exit_code == 0
    plan = json.loads((tmp_path / "plan.schema.json").read_text(encoding="utf-8"))
    assert plan["additionalProperties"] is False
    assert {"year", "title", "sections"} <= set(plan["required"])
    assert (tmp_path / "units.schema.json").is_file()


def test_the_plan_file_points_editors_at_the_schema():
    first_line = PLAN_2025.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/plan.schema.json"
    assert set(generated_schemas()) == {"plan.schema.json", "units.schema.json", "progress.schema.json"}


# -- the stored core schemas (compiled_schemas.py, validation.py) ------------------------------------------


def test_the_stored_core_schemas_are_fresh():
    """After a model changes: python -m kepu_plan.schemas (the [test] extra pins the pydantic that wrote it)."""
    from kepu_plan.schemas import COMPILED_PATH, compiled_module

    assert COMPILED_PATH.read_text(encoding="utf-8") == compiled_module(), "run: python -m kepu_plan.schemas"


def test_another_pydantic_core_builds_the_schemas_from_the_models(
    monkeypatch, tmp_path, write_variant, plan_text
):
    """A user's newer pydantic may not read the stored schema: the models give the same validation."""
    from kepu_plan import compiled_schemas, validation
    from kepu_plan.checking import check_plan
    from kepu_plan.model import Task, text_fields

    from conftest import UNITS

    broken = write_variant(
        plan_text.replace("          - id: science-week\n", "          - id: Science Week\n", 1)
    )
    stored = [(d.code, d.line, d.message) for d in check_plan(broken, UNITS).diagnostics]
    monkeypatch.setattr(compiled_schemas, "PYDANTIC_CORE", "0.0.0")
    validation.forget()
    try:
        live = validation.compiled()
        assert live.builders is not compiled_schemas.SCHEMAS
        assert {k: build() for k, build in live.builders.items()} == {
            k: build() for k, build in compiled_schemas.SCHEMAS.items()
        }
        assert live.text_fields == compiled_schemas.TEXT_FIELDS and "place" in text_fields(Task)
        assert [(d.code, d.line, d.message) for d in check_plan(broken, UNITS).diagnostics] == stored
    finally:
        monkeypatch.undo()
        validation.forget()


def test_validate_and_render_start_without_pydantics_model_machinery(tmp_path):
    """pydantic-core checks the plan from the stored schema: pydantic's schema generation (~90 ms at
    every start, issue 15) is not imported by the commands a pre-commit hook and a drafter run; nor is
    urllib.request (xml.sax.saxutils brings it, ~20 ms: writers/officedoc/xmltext.py)."""
    from conftest import PLAN_2025, modules_loaded_by

    machinery = {"pydantic.main", "pydantic.fields", "kepu_plan.schemas", "urllib.request"}
    assert not machinery & modules_loaded_by("validate", PLAN_2025, "-q")
    assert not machinery & modules_loaded_by("render", PLAN_2025, "-o", tmp_path / "p.docx")
