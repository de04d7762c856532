"""A synthetic plan N times the size of the 2025 plan, for benchmarks (never used by tests' assertions).

Every task block of plans/2025.yaml is repeated N times in place with its id made unique
(`science-week-17`), so the 2025 plan's 30 tasks become 3,000 at N = 100. The copy is made on the
text, not through a YAML dumper, so the big plan is formatted exactly like the real one (flow-style
unit lists, one line per text): a benchmark of a differently formatted file would measure the
wrong thing.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASK_START = re.compile(r"^(\s*)- id: (\S+)\s*$")


def synthetic_plan_text(factor: int = 100, source: Path = ROOT / "plans" / "2025.yaml") -> str:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        start = TASK_START.match(lines[i])
        if not start:
            out.append(lines[i])
            i += 1
            continue
        indent, task_id = len(start.group(1)), start.group(2)
        j = i + 1
        while j < len(lines) and (len(lines[j]) - len(lines[j].lstrip()) > indent + 1):
            j += 1
        body = lines[i + 1 : j]
        for copy_no in range(factor):
            out.append(f"{start.group(1)}- id: {task_id}-{copy_no}\n")
            out.extend(body)
        i = j
    return "".join(out)


def write_synthetic_plan(target: Path, factor: int = 100) -> Path:
    """Write the synthetic plan, with a copy of units.yaml beside it so that it validates on its own."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(synthetic_plan_text(factor), encoding="utf-8")
    shutil.copyfile(ROOT / "plans" / "units.yaml", target.parent / "units.yaml")
    return target


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "target",
        nargs="?",
        type=Path,
        default=ROOT / "bench" / "_work" / "2025.yaml",
        help="the plan file to write, with units.yaml beside it (default: bench/_work/2025.yaml)",
    )
    parser.add_argument("--factor", type=int, default=100, help="copies of each task (default: 100)")
    args = parser.parse_args()
    if args.factor < 1:
        parser.error("--factor must be at least 1")
    out = write_synthetic_plan(args.target, args.factor)
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
