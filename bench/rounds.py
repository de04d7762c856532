"""A round of returned forms for benchmarks: a project with the 2025 plan (or the N× synthetic plan),
its forms sent, and every form filled as a unit's script would fill it (openpyxl, tests/formfill.py).

Every row of every form gets a status, a sentence, two figures; every form one proposal. bench_cycle.py
times the steps of the year on it; run.py's forms and collect rows read it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))

from synthetic import ROOT, synthetic_plan_text  # noqa: E402
from timing import ENV  # noqa: E402

STATUSES = ["已完成", "按计划推进", "滞后", "未启动", "不适用"]


def project(root: Path, factor: int) -> Path:
    """root/plans/ with units.yaml and 2025.yaml (the real plan at factor 1, else the synthetic one)."""
    plans = root / "plans"
    plans.mkdir(parents=True)
    shutil.copyfile(ROOT / "plans" / "units.yaml", plans / "units.yaml")
    text = (ROOT / "plans" / "2025.yaml").read_text(encoding="utf-8")
    (plans / "2025.yaml").write_text(synthetic_plan_text(factor) if factor > 1 else text, encoding="utf-8")
    return root


def fill_all(folder: Path) -> tuple[float, float]:
    """Fill every form of `folder` in place; (wall, CPU) seconds of this process."""
    from formfill import fill

    def answer(unit: str, task_id: str) -> dict[str, object]:
        status = STATUSES[(len(unit) + len(task_id)) % len(STATUSES)]
        return {"进展状态": status, "完成情况": f"{unit}完成了{task_id}。", "活动场次": 2, "参与人次": 100}

    started, cpu = time.perf_counter(), time.process_time()
    for path in sorted(folder.glob("*.xlsx")):
        fill(path, answer, proposals=[("建议开展一项新的科普活动。", "内容。", "")])
    return time.perf_counter() - started, time.process_time() - cpu


def returned_round(root: Path, factor: int, kepu: list[str]) -> Path:
    """A project at `root` whose forms were sent to 发出/ and came back filled in 返回/; gives 返回/."""
    project(root, factor)
    subprocess.run([*kepu, "forms", "2025", "-o", "发出"], cwd=root, env=ENV, check=True, capture_output=True)
    shutil.copytree(root / "发出", root / "返回")
    fill_all(root / "返回")
    return root / "返回"
