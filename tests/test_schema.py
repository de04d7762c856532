"""The JSON Schemas in schemas/, written from the models, are kept fresh (the core schemas the validator
runs on: test_core_schemas.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from kepu_plan.schemas import generated_schemas

from conftest import PLAN_2025, ROOT


@pytest.mark.pinned
def test_checked_in_schemas_are_fresh(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("schema", "--check")
    assert result.exit_code == 0, result.stderr


def test_a_stale_schema_fails_the_check(cli, tmp_path):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "plan.schema.json").write_text("{}\n", encoding="utf-8")
    result = cli("schema", "--check", "--out-dir", tmp_path / "schemas")
    assert result.exit_code == 1 and "plan.schema.json" in result.stderr


@pytest.mark.pinned
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
