"""The three sets of library versions kepu-plan supports, each in a virtualenv of its own under
bench/_work/ (issue 22, item 7): start-up must hold on every one of them, not only on the pinned set.

- pinned: `pip install -e '.[test]'` — the versions the [test] extra pins, the newest of the rest;
- newest: the newest release of every dependency (`uv pip install --upgrade`);
- lowest: the lowest version each dependency in pyproject.toml declares (`--resolution lowest-direct`).

uv resolves and installs them (a few seconds each once its cache is warm); it is taken from PATH, or
installed with pip into bench/_work/uv the first time. Run alone to (re)build them and print what each
holds: python bench/versions.py [pinned,newest,lowest]
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import ROOT

WORK = ROOT / "bench" / "_work"


def test_tools() -> list[str]:
    """The [test] extra without its pins of runtime libraries (pydantic==…, python-docx==…): the test
    runners at their pinned versions, so that the newest and lowest sets keep their own libraries."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(spec) for spec in project["dependencies"]}
    return [spec for spec in project["optional-dependencies"]["test"] if _name(spec) not in runtime]


def _name(spec: str) -> str:
    found = re.match(r"[A-Za-z0-9_.-]+", spec)
    return re.sub(r"[-_.]+", "-", found.group(0) if found else spec).lower()


#: The set's name → what uv is asked to install into it.
SETS: dict[str, list[str]] = {
    "pinned": ["-e", f"{ROOT}[test]"],
    "newest": ["--upgrade", "-e", str(ROOT), *test_tools()],
    "lowest": ["--resolution", "lowest-direct", "-e", str(ROOT), *test_tools()],
}
#: The libraries whose versions the table names.
SHOWN = ("pydantic", "pydantic-core", "typer", "click", "ruamel-yaml", "python-docx", "platformdirs")


def uv() -> str:
    """The uv command: on PATH, or installed once into bench/_work/uv."""
    found = shutil.which("uv")
    if found:
        return found
    home = WORK / "uv"
    command = home / "bin" / "uv"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
        subprocess.run([str(home / "bin" / "python"), "-m", "pip", "install", "-q", "uv"], check=True)
    return str(command)


def environment(name: str) -> Path:
    """The virtualenv of one set, made anew (nothing left from an earlier resolution, such as a
    library a dependency no longer needs; uv's cache makes this a matter of seconds); its folder."""
    venv = WORK / f"venv-{name}"
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([uv(), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    subprocess.run(
        [uv(), "pip", "install", "-q", "--python", str(venv / "bin" / "python"), *SETS[name]],
        check=True,
        cwd=ROOT,
    )
    return venv


def versions(venv: Path) -> str:
    """pydantic 2.10.0, typer 0.25.0 …: what the set holds of the libraries that matter for start-up."""
    listed = subprocess.run(
        [uv(), "pip", "list", "--python", str(venv / "bin" / "python"), "--format", "freeze"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = dict(line.split("==", 1) for line in listed.splitlines() if "==" in line)
    normal = {name.lower().replace("_", "-").replace(".", "-"): v for name, v in found.items()}
    return ", ".join(f"{name} {normal[name]}" for name in SHOWN if name in normal)


if __name__ == "__main__":
    for wanted in (sys.argv[1] if len(sys.argv) > 1 else ",".join(SETS)).split(","):
        print(f"{wanted}: {versions(environment(wanted))}", flush=True)
