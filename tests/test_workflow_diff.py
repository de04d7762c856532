"""The pull-request step of the GitHub workflow: each changed plan compared with the base branch."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import PLAN_2025, ROOT, git, make_project

SCRIPT = ROOT / ".github" / "plan-diff.sh"


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A plans repository: main with the 2025 plan; a branch that edits it and adds a 2026 draft."""
    if shutil.which("git") is None or shutil.which("kepu-plan") is None:
        pytest.skip("needs git and the installed kepu-plan")
    repo = tmp_path / "plans-repo"
    make_project(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-q", "-b", "edit")
    plan = repo / "plans" / "2025.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("举办专题科普讲座。", "举办系列科普讲座。", 1),
        encoding="utf-8",
    )
    shutil.copyfile(PLAN_2025, repo / "plans" / "2026.yaml")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "edit")
    return repo


def run_script(repo: Path, summary: Path, base: str = "main") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "NO_COLOR": "1"}
    return subprocess.run(
        ["bash", str(SCRIPT), base], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )


def test_each_changed_plan_goes_into_the_job_summary_as_markdown_with_a_notice(pull_request, tmp_path):
    summary = tmp_path / "summary.md"
    result = run_script(pull_request, summary)
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert "## 计划对比：2025年广州市科普工作计划 → 2025年广州市科普工作计划" in text
    assert "`main:plans/2025.yaml` → `plans/2025.yaml`" in text
    assert "- **修改** `lectures` 二（五）第2项 举办系列科普讲座。" in text
    assert "新增计划 `plans/2026.yaml`" in text
    notices = [line for line in result.stdout.splitlines() if line.startswith("::notice ")]
    assert any(
        n.startswith("::notice file=plans/2025.yaml,line=1,title=与 main 相比::任务 30 → 30 项：修改 1")
        for n in notices
    )
    assert any(n.startswith("::notice file=plans/2026.yaml") for n in notices)


def test_no_plan_changed_says_so(pull_request, tmp_path):
    summary = tmp_path / "summary.md"
    result = run_script(pull_request, summary, base="edit")
    assert result.returncode == 0
    assert summary.read_text(encoding="utf-8").strip() == "本次没有改动计划文件。"


def test_the_workflow_runs_the_script_on_pull_requests_with_the_base_branch_fetched():
    workflow = YAML(typ="safe").load((ROOT / ".github/workflows/plans.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    step = next(s for s in steps if ".github/plan-diff.sh" in s.get("run", ""))
    assert step["if"] == "github.event_name == 'pull_request'"
    assert "origin/${{ github.base_ref }}" in step["run"]
