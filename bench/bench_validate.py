"""Time `kepu-plan validate` against its targets. Run: python bench/bench_validate.py

- the 2025 plan, against the bare interpreter importing the dependencies (the "import floor");
  target: within 1.3x the floor;
- a synthetic plan 100x larger (3,000 tasks), against yamllint on the same file when installed;
  target: under 0.5 s and faster than yamllint.
Each figure is the median wall time of several runs of a fresh process, as a pre-commit hook runs it.
"""

from __future__ import annotations

import shutil
import sys

from synthetic import ROOT, write_synthetic_plan
from timing import kepu_plan, median_seconds

RUNS = 7  # validate is short: more runs steady the median


def main() -> int:
    big = write_synthetic_plan(ROOT / "bench" / "_work" / "2025.yaml", factor=100)
    floor = median_seconds([sys.executable, "-c", "import ruamel.yaml, pydantic, typer"], runs=RUNS)
    floor_models = median_seconds(
        [sys.executable, "-c", "import ruamel.yaml, typer; from pydantic import BaseModel"]
    )
    small = median_seconds([*kepu_plan(), "validate", str(ROOT / "plans" / "2025.yaml"), "-q"], runs=RUNS)
    large = median_seconds([*kepu_plan(), "validate", str(big), "-q"], runs=RUNS)
    yamllint = shutil.which("yamllint")
    lint = median_seconds([yamllint, "-d", "relaxed", str(big)], runs=3) if yamllint else None

    rows = [
        ("import floor (ruamel.yaml, pydantic, typer)", floor, ""),
        ("import floor with pydantic.BaseModel loaded", floor_models, ""),
        ("validate plans/2025.yaml", small, f"{small / floor:.2f}x floor (target <= 1.30x)"),
        (f"validate 100x plan ({big.stat().st_size / 1e6:.1f} MB, 3,000 tasks)", large, "target < 0.50 s"),
    ]
    if lint is not None:
        rows.append(("yamllint -d relaxed on the 100x plan", lint, f"validate is {lint / large:.1f}x faster"))
    width = max(len(r[0]) for r in rows)
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:6.3f} s  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
