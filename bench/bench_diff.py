"""Time `kepu-plan diff` on two 3,000-task plans. Run: python bench/bench_diff.py

The old plan is the 100x synthetic plan (bench/synthetic.py); the new one an edited copy of it with
every kind of change: ids renamed (words kept), texts edited, tasks removed, added, moved to another
group and swapped. Reported:
- loading both plans (read, parse, validate: what `validate` costs, twice);
- the comparison beyond loading (diff_plans), target: well under a second;
- rendering the comparison as JSON and as text;
- the whole command in a fresh process (median of several runs), as CI runs it.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from bench_validate import kepu_plan

from synthetic import ROOT, TASK_START, write_synthetic_plan
from timing import median_seconds

RUNS = 5


def _segments(text: str) -> list[list[str]]:
    """The plan's lines cut into pieces: one line outside the tasks, or one whole task block."""
    lines = text.splitlines(keepends=True)
    out: list[list[str]] = []
    i = 0
    while i < len(lines):
        start = TASK_START.match(lines[i])
        if not start:
            out.append([lines[i]])
            i += 1
            continue
        indent = len(start.group(1))
        j = i + 1
        while j < len(lines) and len(lines[j]) - len(lines[j].lstrip()) > indent + 1:
            j += 1
        out.append(lines[i:j])
        i = j
    return out


def _is_task(segment: list[str]) -> bool:
    return bool(TASK_START.match(segment[0]))


def edited_copy(text: str) -> tuple[str, dict[str, int]]:
    """The plan with deliberate edits of every kind, spread through it; and how many of each."""
    segments = _segments(text)
    tasks = [k for k, s in enumerate(segments) if _is_task(s)]
    made = {"renamed": 0, "edited": 0, "removed": 0, "added": 0, "moved": 0, "swapped": 0}
    for n, k in enumerate(tasks):
        block = segments[k]
        if n % 97 == 5:
            segments[k] = []
            made["removed"] += 1
        elif n % 50 == 7:
            block[0] = re.sub(r"- id: (\S+)", r"- id: \1-renamed", block[0])
            made["renamed"] += 1
        elif n % 37 == 3:
            segments[k] = [re.sub(r"(text: [^，]*)，", r"\1，进一步", line, count=1) for line in block]
            made["edited"] += 1
        elif n % 89 == 11:  # a new task, its words unlike any other's (the task's own, reversed)
            added = [re.sub(r"- id: (\S+)", r"- id: \1-new", block[0])]
            added += [
                re.sub(r"((?:title|text): )(.*)", lambda m: m.group(1) + m.group(2)[::-1], line)
                for line in block[1:]
            ]
            segments[k] = block + added
            made["added"] += 1
        elif n % 211 == 13 and n + 1 < len(tasks):
            other = tasks[n + 1]
            segments[k], segments[other] = segments[other], segments[k]
            made["swapped"] += 1
    for n in range(40, len(tasks) - 1500, 301):  # to a group far away
        k, target = tasks[n], tasks[n + 1500]
        if segments[k] and segments[target] and _is_task(segments[k]) and _is_task(segments[target]):
            segments[target] = segments[target] + segments[k]
            segments[k] = []
            made["moved"] += 1
    return "".join(line for segment in segments for line in segment), made


def best_of(function, runs: int = RUNS) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    from kepu_plan.checking import RegistryCache, check_plan
    from kepu_plan.diffing import diff_plans
    from kepu_plan.writers.diff_text import render_json, render_text

    work = ROOT / "bench" / "_work"
    old_path = write_synthetic_plan(work / "2025.yaml", factor=100)
    new_text, made = edited_copy(old_path.read_text(encoding="utf-8"))
    new_path = work / "2026-edited.yaml"
    new_path.write_text(new_text.replace("year: 2025", "year: 2026", 1), encoding="utf-8")
    registry = work / "units.yaml"

    def load():  # type: ignore[no-untyped-def]
        cache = RegistryCache()
        return check_plan(old_path, registry, cache), check_plan(new_path, registry, cache)

    load_time, (old, new) = best_of(load)
    assert old.loaded and new.loaded and old.registry, "the synthetic plans must load"
    args = (old.loaded.model, new.loaded.model)
    options = {"old_registry": old.registry, "new_registry": new.registry}
    diff_time, result = best_of(lambda: diff_plans(*args, **options))
    json_time, _ = best_of(lambda: render_json(result))  # type: ignore[arg-type]
    text_time, _ = best_of(lambda: render_text(result))  # type: ignore[arg-type]
    command = [*kepu_plan(), "diff", str(old_path), str(new_path), "-f", "json"]
    total = median_seconds(command)

    counts = result.summary()  # type: ignore[attr-defined]
    print(f"old: {counts['old_tasks']} tasks, new: {counts['new_tasks']} tasks; edits made: {made}")
    print("found: " + ", ".join(f"{k} {v}" for k, v in counts.items() if k not in ("old_tasks", "new_tasks")))
    rows = [
        ("load and validate both plans", load_time, ""),
        ("diff_plans (beyond loading)", diff_time, "target: well under 1 s"),
        ("render json", json_time, ""),
        ("render text", text_time, ""),
        ("kepu-plan diff -f json, fresh process (median)", total, ""),
    ]
    width = max(len(r[0]) for r in rows)
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:6.3f} s  {note}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
