"""The pre-commit hook and the GitHub workflow that run validate whenever a plan is edited."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from conftest import ROOT


def hooks() -> dict[str, dict]:
    entries = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: entry for entry in entries}


def hook() -> dict:
    return hooks()["kepu-plan-validate"]


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("plans/2025.yaml", True),
        ("plans/2026.yml", True),
        ("plans/drafts/2026-draft.yaml", True),
        ("plans/units.yaml", False),  # the registry has its own model; validating it as a plan would fail
        ("schemas/plan.schema.json", False),
        ("tests/fixtures/2024.yaml", False),
        ("README.md", False),
        ("plans/2025.yaml.bak", False),
    ],
)
def test_hook_runs_on_plan_files_only(path, checked):
    assert bool(re.search(hook()["files"], path)) is checked


@pytest.mark.parametrize(
    ("path", "checked"),
    [
        ("plans/units.yaml", True),
        ("plans/units.yml", True),
        ("plans/2025.yaml", False),
        ("units.yaml", False),
    ],
)
def test_registry_hook_runs_when_the_registry_changes(path, checked):
    entry = hooks()["kepu-plan-validate-registry"]
    assert bool(re.search(entry["files"], path)) is checked
    assert entry["pass_filenames"] is False  # validate every plan against the changed registry


def test_hook_calls_validate():
    entry = hook()
    assert entry["id"] == "kepu-plan-validate"
    assert entry["entry"] == "kepu-plan validate"


def test_workflow_validates_with_github_annotations():
    workflow = YAML(typ="safe").load((ROOT / ".github/workflows/plans.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    assert any(step.get("run") == "kepu-plan validate --format github" for step in steps)
    assert {"push", "pull_request"} <= set(workflow[True] if True in workflow else workflow["on"])
