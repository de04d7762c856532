"""The year after publication, timed step by step: forms → fill (by script) → collect → progress →
report → new, for the 2025 plan and for the 100× synthetic plan (3,000 tasks, 63 forms).

Each step runs as a user runs it, `kepu-plan …` in a fresh process (start-up included), once: the
steps write files the next one reads, so a step is not repeated. "fill" is the test helper's openpyxl
script filling every row of every form, which stands for the units' work and is timed only to show
its size. Run: python bench/bench_cycle.py [--factor 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import synthetic_plan_text  # noqa: E402
from timing import ENV  # noqa: E402

STATUSES = ["已完成", "按计划推进", "滞后", "未启动", "不适用"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, float] = {}


def kepu(*args: str, cwd: Path) -> float:
    started, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-m", "kepu_plan", *args], cwd=cwd, env=ENV, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    CPU[" ".join(args)] = _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"kepu-plan {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def fill_all(folder: Path) -> float:
    from formfill import fill

    def answer(unit: str, task_id: str) -> dict[str, object]:
        status = STATUSES[(len(unit) + len(task_id)) % len(STATUSES)]
        return {"进展状态": status, "完成情况": f"{unit}完成了{task_id}。", "活动场次": 2, "参与人次": 100}

    started = time.perf_counter()
    for path in sorted(folder.glob("*.xlsx")):
        fill(path, answer, proposals=[("建议开展一项新的科普活动。", "内容。", "")])
    return time.perf_counter() - started


def cycle(root: Path, factor: int) -> dict[str, str]:
    plans = root / "plans"
    plans.mkdir(parents=True)
    shutil.copyfile(ROOT / "plans" / "units.yaml", plans / "units.yaml")
    text = (ROOT / "plans" / "2025.yaml").read_text(encoding="utf-8")
    (plans / "2025.yaml").write_text(synthetic_plan_text(factor) if factor > 1 else text, encoding="utf-8")
    steps = {
        "forms": ("forms", "2025", "-o", "发出"),
        "collect": ("collect", "2025", "返回"),
        "progress": ("progress", "2025", "-o", "progress.txt"),
        "progress --format json": ("progress", "2025", "--format", "json", "-o", "p.json"),
        "report (.docx)": ("report", "2025", "-o", "完成情况.docx"),
        "new 2026": ("new", "2026", "--from", "2025"),
    }
    times: dict[str, str] = {}
    for name, args in steps.items():
        if name == "collect":
            shutil.copytree(root / "发出", root / "返回")
            started = time.process_time()
            wall = fill_all(root / "返回")
            times["fill (script)"] = f"{wall:.2f} s ({time.process_time() - started:.2f} s CPU)"
        wall = kepu(*args, cwd=root)
        times[name] = f"{wall:.2f} s ({CPU[' '.join(args)]:.2f} s CPU)"
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="kepu-cycle-"))
    results = {}
    for label, factor in (("2025 plan (30 tasks)", 1), (f"{args.factor}× plan", args.factor)):
        results[label] = cycle(base / f"x{factor}", factor)
    steps = list(next(iter(results.values())))
    print(f"{'step (wall, CPU)':<24}" + "".join(f"{label:>30}" for label in results))
    for step in steps:
        print(f"{step:<24}" + "".join(f"{results[label][step]:>30}" for label in results))
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
