"""Time `kepu-plan render` to the official .docx against pandoc. Run: python bench/bench_render.py

For the 2025 plan and a synthetic plan 100x larger (3,000 tasks, from bench/synthetic.py):
- `kepu-plan render PLAN -o X.docx` in a fresh process: reading, validating and writing, as a user runs it;
- the docx writer alone, in process (`render_docx(model)`), the writer itself;
- `pandoc X.md -o X.docx` on the same content (`kepu-plan render --format md`): the yardstick.
Target: the 100x plan renders no slower than pandoc converts it. Median wall time of several runs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import ROOT, write_synthetic_plan
from timing import kepu_plan, median_call, median_seconds


def measure(name: str, plan: Path, work: Path) -> list[tuple[str, float | None, str]]:
    from kepu_plan.loading import load_plan
    from kepu_plan.writers.docx_official import render_docx

    docx_out, md_out = work / f"{name}.docx", work / f"{name}.md"
    cli = median_seconds([*kepu_plan(), "render", str(plan), "-o", str(docx_out)], check=True)
    model = load_plan(plan).model
    writer = median_call(lambda: render_docx(model))
    subprocess.run(
        [*kepu_plan(), "render", str(plan), "-f", "md", "-o", str(md_out)], check=True, capture_output=True
    )
    pandoc = shutil.which("pandoc")
    converted = (
        median_seconds([pandoc, str(md_out), "-o", str(work / f"{name}-pandoc.docx")]) if pandoc else None
    )
    note = f"{converted / cli:.2f}x pandoc's speed" if converted else "pandoc not installed"
    size = f"{docx_out.stat().st_size / 1e3:.0f} KB"
    return [
        (f"{name}: kepu-plan render -> .docx ({size})", cli, note),
        (
            f"{name}: docx writer alone, in process",
            writer,
            f"{converted / writer:.1f}x pandoc's speed" if converted else "",
        ),
        (f"{name}: pandoc .md -> .docx", converted, ""),
    ]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kepu-bench-") as folder:
        work = Path(folder)
        big = write_synthetic_plan(work / "plans" / "2025.yaml", factor=100)
        rows = measure("2025 plan", ROOT / "plans" / "2025.yaml", work)
        rows += measure("100x plan (3,000 tasks)", big, work)
    width = max(len(r[0]) for r in rows)
    for label, seconds, note in rows:
        figure = f"{seconds:6.3f} s" if seconds is not None else "     n/a"
        print(f"{label:<{width}}  {figure}  {note}")
    print("target: the 100x plan renders no slower than pandoc converts it (>= 1.00x pandoc's speed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
