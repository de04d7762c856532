"""The year after publication, timed step by step: forms → fill (by script) → collect → progress →
report → new, for the 2025 plan and for the 100× synthetic plan (3,000 tasks, 63 forms).

Each step runs as a user runs it, `kepu-plan …` in a fresh process (start-up included), once: the
steps write files the next one reads, so a step is not repeated. Each gets its wall time, its CPU
time (user + system, which a busy machine disturbs less) and its peak resident memory (os.wait4: that
process's own). "fill" is the openpyxl script of bench/rounds.py filling every row of every form, which
stands for the units' work and is timed in this process only to show its size. The machine's load is
printed before and after: on a shared machine wall times mean little without it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rounds import fill_all, project

from timing import kepu_plan, machine, run_once

STEPS = {
    "forms": ("forms", "2025", "-o", "发出"),
    "collect": ("collect", "2025", "返回"),
    "progress": ("progress", "2025", "-o", "progress.txt"),
    "progress --format json": ("progress", "2025", "--format", "json", "-o", "p.json"),
    "report (.docx)": ("report", "2025", "-o", "完成情况.docx"),
    "new 2026": ("new", "2026", "--from", "2025"),
}


def cycle(root: Path, factor: int, kepu: list[str]) -> dict[str, str]:
    """Every step on a new project at `root`: step → "wall s, CPU s, peak MB"."""
    project(root, factor)
    figures: dict[str, str] = {}
    for name, args in STEPS.items():
        if name == "collect":
            shutil.copytree(root / "发出", root / "返回")
            wall, cpu = fill_all(root / "返回")
            figures["fill (script)"] = f"{wall:.2f} s, {cpu:.2f} s, —"
        with (root / "output.txt").open("wb") as log:
            run = run_once([*kepu, *args], cwd=root, output=log)
        if run.code != 0:
            tail = (root / "output.txt").read_text(encoding="utf-8", errors="replace")[-2000:]
            raise SystemExit(f"kepu-plan {' '.join(args)} failed ({run.code}):\n{tail}")
        figures[name] = f"{run.seconds:.2f} s, {run.cpu:.2f} s, {run.peak_mb:.0f} MB"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--factor", type=int, default=100, help="the larger plan's size (default: 100×)")
    parser.add_argument("--keep", type=Path, default=None, help="make the projects here and keep them")
    args = parser.parse_args()
    kepu = kepu_plan()
    base = args.keep or Path(tempfile.mkdtemp(prefix="kepu-cycle-"))
    print(f"machine before: {machine()}", flush=True)
    results = {}
    for label, factor in (("2025 plan (30 tasks)", 1), (f"{args.factor}× plan", args.factor)):
        results[label] = cycle(base / f"x{factor}", factor, kepu)
    steps = list(next(iter(results.values())))
    print(f"{'step (wall, CPU, peak)':<24}" + "".join(f"{label:>32}" for label in results))
    for step in steps:
        print(f"{step:<24}" + "".join(f"{results[label][step]:>32}" for label in results))
    print(f"machine after: {machine()}")
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
