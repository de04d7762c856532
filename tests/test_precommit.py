"""The pre-commit hooks, run by pre-commit itself in a plans repository, as the README configures them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

import kepu_plan

from conftest import ROOT, git, make_project

STALE = ("按照2025年全国科技活动周总体安排", "按照2024年全国科技活动周总体安排")  # KP020, a warning


def readme_snippet() -> dict:
    """The pre-commit configuration the README gives a plans repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(repos:\n.*?)```", readme, re.DOTALL)
    assert block, "README has no pre-commit snippet"
    return YAML(typ="safe").load(block.group(1))


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.fixture
def plans_repo(tmp_path: Path) -> Path:
    """A plans repository with the 2025 plan and its registry committed; the plan then edited."""
    repo = tmp_path / "计划仓库"
    make_project(repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "计划")
    plan = repo / "plans" / "2025.yaml"
    text = plan.read_text(encoding="utf-8")
    assert STALE[0] in text
    plan.write_text(text.replace(*STALE), encoding="utf-8")
    return repo


def pre_commit(repo: Path, config: dict, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    path = repo / ".pre-commit-config.yaml"
    with path.open("w", encoding="utf-8") as out:
        YAML().dump(config, out)
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "run", "--config", str(path), *args]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def local_config(strict: bool = False) -> dict:
    """The README's hooks as pre-commit runs them, the tool taken from this environment instead of a
    virtualenv built from a clone (that is the slow test below): same entry, files, verbose, args."""
    shipped = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = []
    for entry in shipped:
        hook = {**entry, "language": "system", "entry": f"{sys.executable} -m kepu_plan validate"}
        if strict:
            hook["args"] = ["--strict"]
        hooks.append(hook)
    return {"repos": [{"repo": "local", "hooks": hooks}]}


def test_the_readme_snippet_names_a_real_release_and_the_shipped_hooks():
    snippet = readme_snippet()
    [repo] = snippet["repos"]
    assert repo["rev"] == f"v{version()}" == f"v{kepu_plan.__version__}"
    shipped = {e["id"] for e in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert {hook["id"] for hook in repo["hooks"]} == shipped
    try:
        tags = git(ROOT, "tag", "--list", "v*").split()
    except (subprocess.CalledProcessError, FileNotFoundError):
        pytest.skip("not a git checkout")
    if tags:  # a clone made without tags has none to check
        assert repo["rev"] in tags


def test_the_hook_passes_with_warnings_shown(plans_repo, tmp_path):
    result = pre_commit(plans_repo, local_config(), tmp_path / "home", "--files", "plans/2025.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
    assert "警告 KP020" in result.stdout and "2024" in result.stdout  # shown, not committed in silence


def test_a_project_can_choose_strict(plans_repo, tmp_path):
    result = pre_commit(
        plans_repo, local_config(strict=True), tmp_path / "home", "--files", "plans/2025.yaml"
    )
    assert result.returncode == 1
    assert "Failed" in result.stdout and "警告 KP020" in result.stdout


def test_the_registry_hook_validates_every_plan_when_units_change(plans_repo, tmp_path):
    registry = plans_repo / "plans" / "units.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace("name: 市妇联\n", "name: 广州市妇联\n", 1),
        encoding="utf-8",
    )
    result = pre_commit(plans_repo, local_config(), tmp_path / "home", "--files", "plans/units.yaml")
    assert result.returncode == 1
    assert (
        "KP011" in result.stdout and "「市妇联」" in result.stdout
    )  # the plan, checked against the new registry


@pytest.mark.slow
def test_the_readme_snippet_itself_installs_and_runs_from_a_clone_at_the_release_tag(plans_repo, tmp_path):
    """What a plans repository does: pre-commit clones this repository at `rev` and builds the hook."""
    clone = tmp_path / "kepu-plan"
    git(tmp_path, "clone", "-q", str(ROOT), str(clone))
    rev = readme_snippet()["repos"][0]["rev"]
    if rev not in git(clone, "tag", "--list").split():  # a clone of a checkout without tags
        git(clone, "tag", "-a", rev, "-m", rev)
    config = readme_snippet()
    config["repos"][0]["repo"] = str(clone)
    result = pre_commit(plans_repo, config, tmp_path / "home", "--files", "plans/2025.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "警告 KP020" in result.stdout
