"""Every command's output, hashed, so a speed change can prove it changed no byte (issue 15).

    python bench/outputs.py --save before.json      # on the code before the change
    python bench/outputs.py --compare before.json   # after: lists every file whose bytes differ

On the 2025 plan and on the 100x synthetic plan (bench/synthetic.py), with SOURCE_DATE_EPOCH set:
render docx, txt, md; every unit's list (--all-units) in docx, md, txt, json; the units overview in
text, md, json; diff against an edited copy (bench_diff.edited_copy) in text, md, json, docx, redline;
import of the rendered .docx and .txt; new (the next year's draft). A .docx is compared by its bytes
(save_reproducibly makes them reproducible), everything else too. `--skip-big-docx` leaves out the
100x --all-units docx (slow before the fix).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_diff import edited_copy

from synthetic import ROOT, write_synthetic_plan
from timing import ENV, kepu_plan


def produce(work: Path, skip_big_docx: bool) -> dict[str, str]:
    kp = kepu_plan()
    env = {**ENV, "SOURCE_DATE_EPOCH": "1735689600", "NO_COLOR": "1"}
    # Relative paths, run inside `work`: diff prints the files' names, which must not vary.
    os.chdir(work)
    out = Path("out")
    plans = {"2025": Path("p2025") / "2025.yaml", "x100": Path("x100") / "2025.yaml"}
    plans["2025"].parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "plans" / "2025.yaml", plans["2025"])
    shutil.copyfile(ROOT / "plans" / "units.yaml", plans["2025"].parent / "units.yaml")
    write_synthetic_plan(plans["x100"], factor=100)
    for plan in plans.values():
        text, _ = edited_copy(plan.read_text(encoding="utf-8"))
        (plan.parent / "2026.yaml").write_text(text.replace("year: 2025", "year: 2026", 1), encoding="utf-8")

    def run(*args: str, stdout: Path | None = None) -> None:
        result = subprocess.run([*kp, *args], env=env, capture_output=True)
        if result.returncode not in (0, 1):
            raise SystemExit(
                f"kepu-plan {' '.join(args)} exited {result.returncode}: {result.stderr.decode()}"
            )
        if stdout is not None:
            stdout.write_bytes(result.stdout)
        (out / "stderr.log").open("ab").write(b"$ " + " ".join(args).encode() + b"\n" + result.stderr)

    out.mkdir()
    for name, plan in plans.items():
        p = str(plan)
        new = str(plan.parent / "2026.yaml")
        for fmt in ("docx", "txt", "md"):
            run("render", p, "-f", fmt, "-o", str(out / f"{name}.plan.{fmt}"))
        for fmt in ("docx", "md", "txt", "json"):
            if fmt == "docx" and name == "x100" and skip_big_docx:
                continue
            run("render", p, "--all-units", "-f", fmt, "-o", str(out / f"{name}.units-{fmt}"))
        run("render", p, "--unit", "市科协", "-f", "json", stdout=out / f"{name}.unit.json")
        for fmt in ("text", "md", "json"):
            run("units", p, "-f", fmt, stdout=out / f"{name}.overview.{fmt}")
        for fmt, suffix in (
            ("text", "txt"),
            ("md", "md"),
            ("json", "json"),
            ("docx", "docx"),
            ("redline", "docx"),
        ):
            run("diff", p, new, "-f", fmt, "-o", str(out / f"{name}.diff-{fmt}.{suffix}"), "--color", "never")
        for source in ("docx", "txt"):
            run(
                "import", str(out / f"{name}.plan.{source}"), "-o", str(out / f"{name}.import-{source}.yaml"),
                "--plans-dir", str(plan.parent),
            )  # fmt: skip
        run(
            "new", "2027", "--from", new, "-o", str(out / f"{name}.new.yaml"), "--plans-dir", str(plan.parent)
        )
    return {
        str(f.relative_to(out)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(out.rglob("*"))
        if f.is_file()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--compare", type=Path)
    parser.add_argument("--skip-big-docx", action="store_true")
    args = parser.parse_args()
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="kepu-outputs-") as folder:
        hashes = produce(Path(folder), args.skip_big_docx)
        os.chdir(here)
    if args.save:
        args.save.write_text(json.dumps(hashes, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{len(hashes)} files hashed into {args.save}")
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    if args.skip_big_docx:
        before = {k: v for k, v in before.items() if not k.startswith("x100.units-docx")}
    differ = sorted(k for k in before.keys() & hashes.keys() if before[k] != hashes[k])
    only = sorted(before.keys() ^ hashes.keys())
    for name in differ:
        print(f"DIFFERS  {name}")
    for name in only:
        print(f"ONLY IN {'before' if name in before else 'after'}  {name}")
    same = len(before.keys() & hashes.keys()) - len(differ)
    print(f"{same} identical, {len(differ)} differ, {len(only)} in one run only")
    return 1 if differ or only else 0


if __name__ == "__main__":
    sys.exit(main())
