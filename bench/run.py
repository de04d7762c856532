"""Every row of the speed table (issue 15) in one run. Run: python bench/run.py [--rows a,b] [--pairs N]

Each row is a ratio of two whole processes: a kepu-plan command and its floor (the bare interpreter
importing the libraries the command needs) or its peer (yamllint, pandoc) on the same content, or the
same command on a smaller input (linearity). The two sides run in alternating pairs (A B A B …) after a
warm-up of each, so that a noisy neighbour on this shared machine slows both alike; the row's figure is
the median of the pairs' ratios, and its spread (lowest–highest pair) is printed beside it, with
the same ratio of CPU time (user + system of each process), which a busy machine disturbs less. Every
process's peak resident memory comes from os.wait4 (ru_maxrss of that one child), so the last row is
the peak of `render --all-units` on the 100× plan. The forms and collect rows run on a round of forms
filled by script (bench/rounds.py, made only when one of them is asked for), each run in an empty
folder, against the same command on the 2025 plan; their memory rows give the peaks on the 100× plan.

The two start-up rows (validate 2025 and render 2025 against their import floors) are then measured
again on each of the three supported sets of library versions, each in its own virtualenv under
bench/_work/ (bench/versions.py: pinned, newest, lowest declared), since a start-up gain that holds on
one set of versions only is no gain for a user with another: rows validate@lowest, render@newest …
`--sets ""` leaves them out.

Ratios only: the figures vary from machine to machine and from minute to minute, the ratios much less.
No test asserts a timing; this script is the one place the table is produced.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rounds import returned_round

from synthetic import ROOT, write_synthetic_plan
from timing import ENV, Run, kepu_plan, machine, run_once
from versions import SETS, environment, versions

FLOOR = "import ruamel.yaml, pydantic, typer"
FLOOR_DOCX = "import docx, ruamel.yaml, pydantic, typer"


@dataclass
class Row:
    key: str
    label: str
    goal: float  # the ratio must be at most this
    command: Callable[[], list[str]]
    base: Callable[[], list[str]]
    pairs: int
    kind: str = "ratio"  # or "memory": the command's peak in MB against `goal`
    warm: bool = True  # a warm-up run of each side first (the memory row follows rows that warmed up)


def pair_ratios(row: Row, pairs: int) -> tuple[list[float], list[Run], list[Run]]:
    a_cmd, b_cmd = row.command(), row.base()
    for command in (a_cmd, b_cmd) if row.warm else ():  # warm-up: bytecode cache, page cache
        warm = run_once(command)
        if warm.code not in (0, 1):
            raise SystemExit(f"{row.key}: {' '.join(command)} exited {warm.code}")
    ratios, a_runs, b_runs = [], [], []
    for n in range(pairs):
        order = [(a_cmd, a_runs), (b_cmd, b_runs)]
        if n % 2:
            order.reverse()  # A B, B A, A B …: neither side always runs first
        for command, runs in order:
            runs.append(run_once(command))
        ratios.append(a_runs[-1].seconds / b_runs[-1].seconds)
    return ratios, a_runs, b_runs


def cpu_ratio(a_runs: list[Run], b_runs: list[Run]) -> float:
    return statistics.median(a.cpu / b.cpu for a, b in zip(a_runs, b_runs, strict=True))


def startup_rows(label: str, kp: list[str], py: str, plan: Path, out: Path) -> list[Row]:
    """validate 2025 and render 2025 against their import floors, with the given command and python
    (the current environment's, or one version set's: label is then "@lowest" and the like)."""
    return [
        Row(f"validate{label}", f"validate 2025 / python -c '{FLOOR}'", 1.3,
            lambda: [*kp, "validate", str(plan), "-q"], lambda: [py, "-c", FLOOR], 15),
        Row(f"render{label}", f"render 2025 (docx) / python -c '{FLOOR_DOCX}'", 1.3,
            lambda: [*kp, "render", str(plan), "-o", str(out / "2025.docx"), "--force"],
            lambda: [py, "-c", FLOOR_DOCX], 15),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", help="comma-separated row keys (default: all)")
    parser.add_argument("--pairs", type=int, help="pairs per row (default: per row)")
    parser.add_argument(
        "--sets",
        default=",".join(SETS),
        help="version sets whose start-up rows follow (default: pinned,newest,lowest; '' for none)",
    )
    args = parser.parse_args()

    kp = kepu_plan()
    py = sys.executable
    work = Path(tempfile.mkdtemp(prefix="kepu-bench-run-"))
    plan2025 = ROOT / "plans" / "2025.yaml"
    big = write_synthetic_plan(work / "x100" / "2025.yaml", factor=100)
    x30 = write_synthetic_plan(work / "x30" / "2025.yaml", factor=30)
    x10 = write_synthetic_plan(work / "x10" / "2025.yaml", factor=10)
    out = work / "out"
    out.mkdir()
    big_md, big_docx = out / "big.md", out / "big.docx"
    for fmt, target in (("md", big_md), ("docx", big_docx)):
        subprocess.run(
            [*kp, "render", str(big), "-f", fmt, "-o", str(target), "--force"],
            check=True,
            env=ENV,
            stdout=subprocess.DEVNULL,
        )
    pandoc, yamllint = shutil.which("pandoc"), shutil.which("yamllint")

    def render_all(plan: Path, name: str) -> list[str]:
        return [*kp, "render", str(plan), "--all-units", "-o", str(out / name), "--force"]

    @functools.cache
    def returned(factor: int) -> tuple[Path, Path]:
        """The plan and a round of its forms filled by script (bench/rounds.py), made when first asked."""
        back = returned_round(work / f"round{factor}", factor, kp)
        return back.parent / "plans" / "2025.yaml", back

    def fresh(folder: Path, command: list[str]) -> list[str]:
        """The command run on an empty `folder` each time (forms checks forms already there; collect
        compares with what it collected before): the shell removes it, then becomes the command."""
        return ["sh", "-c", 'rm -rf "$0" && exec "$@"', str(folder), *command]

    def forms(factor: int) -> list[str]:
        target = out / f"forms{factor}"
        return fresh(target, [*kp, "forms", str(returned(factor)[0]), "-o", str(target)])

    def collect(factor: int) -> list[str]:
        plan, back = returned(factor)
        target = out / f"progress{factor}"
        return fresh(target, [*kp, "collect", str(plan), str(back), "--progress-dir", str(target)])

    rows = [
        *startup_rows("", kp, py, plan2025, out),
        Row("validate100", "validate 100x (3,000 tasks) / yamllint -d relaxed", 0.12,
            lambda: [*kp, "validate", str(big), "-q"], lambda: [yamllint or "yamllint", "-d", "relaxed", str(big)], 5),
        Row("render100", "render 100x docx / pandoc md -> docx", 0.5,
            lambda: [*kp, "render", str(big), "-o", str(out / "big-kp.docx"), "--force"],
            lambda: [pandoc or "pandoc", str(big_md), "-o", str(out / "big-pandoc.docx")], 5),
        Row("import100", "import 100x docx / pandoc -f docx -t markdown", 1.5,
            lambda: [*kp, "import", str(big_docx), "-o", str(out / "imported.yaml"), "--force",
                     "--plans-dir", str(big.parent)],
            lambda: [pandoc or "pandoc", "-f", "docx", "-t", "markdown", str(big_docx), "-o", str(out / "p.md")], 3),
        Row("allunits", "render --all-units: 30x plan / 10x plan", 3.2,
            lambda: render_all(x30, "u30"), lambda: render_all(x10, "u10"), 3),
        Row("site100", "site 100x (3,000 tasks) / site 2025: at most linear (<= 100)", 100,
            lambda: [*kp, "site", str(big), "-o", str(out / "site100"), "--force"],
            lambda: [*kp, "site", str(plan2025), "-o", str(out / "site1"), "--force"], 3),
        Row("memory", "peak memory of render --all-units on the 100x plan (MB)", 300,
            lambda: render_all(big, "u100"), lambda: [py, "-c", "pass"], 1, kind="memory", warm=False),
        Row("forms100", "forms 100x / forms 2025 (63 forms each): at most linear (<= 100)", 100,
            lambda: forms(100), lambda: forms(1), 3),
        Row("collect100", "collect 100x / collect 2025 (63 forms filled by script): at most linear", 100,
            lambda: collect(100), lambda: collect(1), 3),
        Row("formsmemory", "peak memory of forms on the 100x plan (MB)", 300,
            lambda: forms(100), lambda: [py, "-c", "pass"], 1, kind="memory", warm=False),
        Row("collectmemory", "peak memory of collect on the 100x plan (MB)", 300,
            lambda: collect(100), lambda: [py, "-c", "pass"], 1, kind="memory", warm=False),
    ]  # fmt: skip
    for name in filter(None, args.sets.split(",")):
        venv = environment(name)  # bench/_work/venv-NAME, brought up to date
        print(f"{name}: {versions(venv)}", flush=True)
        rows += startup_rows(f"@{name}", [str(venv / "bin" / "kepu-plan")], str(venv / "bin" / "python"),
                             plan2025, out)  # fmt: skip
    wanted = set(args.rows.split(",")) if args.rows else None
    if not pandoc:
        print("pandoc not installed: its rows are skipped")
    if not yamllint:
        print("yamllint not installed: its row is skipped")
    missing = {"validate100"} if not yamllint else set()
    missing |= {"render100", "import100"} if not pandoc else set()

    print(f"machine: {machine()}")
    header = (
        f"{'row':<16} {'ratio':>7} {'spread':>13} {'goal':>7} {'met':>4} {'cpu':>6}  "
        f"{'A s':>7} {'B s':>7} {'A MB':>6} {'B MB':>6}  what"
    )
    print(header)
    print("-" * len(header))
    all_met = True
    for row in rows:
        if (wanted and row.key.split("@")[0] not in wanted) or row.key in missing:
            continue
        ratios, a_runs, b_runs = pair_ratios(row, args.pairs or row.pairs)
        a_med = statistics.median(r.seconds for r in a_runs)
        b_med = statistics.median(r.seconds for r in b_runs)
        a_mb = max(r.peak_mb for r in a_runs)
        b_mb = max(r.peak_mb for r in b_runs)
        if row.kind == "memory":
            value, spread, by_cpu = a_mb, "", ""
        else:
            by_cpu = f"{cpu_ratio(a_runs, b_runs):.2f}"
            value = statistics.median(ratios)
            spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
        met = value <= row.goal
        all_met &= met
        figure = f"{value:7.0f}" if row.kind == "memory" else f"{value:7.2f}"
        print(
            f"{row.key:<16} {figure} {spread:>13} {row.goal:7.2f} {'yes' if met else 'NO':>4} {by_cpu:>6}  "
            f"{a_med:7.3f} {b_med:7.3f} {a_mb:6.0f} {b_mb:6.0f}  {row.label}",
            flush=True,
        )
    print(f"load after: {os.getloadavg()[0]:.2f}; every goal met: {'yes' if all_met else 'no'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
