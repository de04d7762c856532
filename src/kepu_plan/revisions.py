"""Plans named for a comparison: a year, a path, or a version kept in git (`git:REV:path`).

`git:origin/main:plans/2025.yaml` is read with `git show` into a temporary folder, together with
the units.yaml beside it in the same revision when there is one (an old plan is checked against
the registry of its own time), so that CI can compare a pull request's plan with the base branch.
`git:REV:2025` is short for the year's file in the plans folder. Either way the plan is loaded and
validated like any other, and its diagnostics name it as the user wrote it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .checking import Checked, RegistryCache, check_plan, display_path
from .limits import MAX_FILE_BYTES
from .loading import find_registry, resolve_plan

GIT_PREFIX = "git:"


class PlanSourceError(Exception):
    """The plan named cannot be found: no such file, no git, no such revision (a usage error)."""


@dataclasses.dataclass(frozen=True)
class GitSpec:
    revision: str
    path: str


def parse_git_spec(argument: str, plans_dir: Path) -> GitSpec | None:
    """`git:REV:path` → (REV, path); None for anything else."""
    if not argument.startswith(GIT_PREFIX):
        return None
    revision, sep, path = argument[len(GIT_PREFIX) :].partition(":")
    if not sep or not revision or not path:
        raise PlanSourceError(
            f"「{argument}」的写法不对：应为 git:修订:路径，如 git:origin/main:plans/2025.yaml"
        )
    if ".." in revision:
        raise PlanSourceError(
            f"「{argument}」中的「{revision}」是修订范围；diff 的新旧两边各给一个修订，"
            f"如 git:修订1:{path} git:修订2:{path}"
        )
    if re.fullmatch(r"\d{4}", path):
        path = in_repository(plans_dir / f"{path}.yaml")
    if ".." in PurePosixPath(path).parts or path.startswith("/"):
        raise PlanSourceError(
            f"「{argument}」中的路径「{path}」不对：git 中的路径从仓库根目录算起，不能以 / 开头或含有“..”"
        )
    return GitSpec(revision, path)


def in_repository(path: Path) -> str:
    """`path` (on disk, relative to the working folder) as git names it in a revision: relative to
    the repository's top folder (`git rev-parse --show-toplevel`), so that `git:REV:2025` finds the
    plans folder's file from the project root, from `plans/`, from `out/` or from anywhere below."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            capture_output=True,
            check=False,
            timeout=60,
            env={**os.environ, "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise PlanSourceError("找不到 git 命令：要比较 git 中的版本（git:修订:路径），请先安装 git") from None
    except subprocess.TimeoutExpired:
        raise PlanSourceError("git rev-parse 超时") from None
    if done.returncode != 0:
        raise PlanSourceError("当前文件夹不在 git 仓库中，无法读取 git:修订:路径")
    top = Path(os.fsdecode(done.stdout.rstrip(b"\n")))
    full = Path(os.path.abspath(path))
    for base in (top, top.resolve()):  # the folders as the user reaches them, or with links resolved
        for candidate in (full, full.resolve()):
            if candidate.is_relative_to(base):
                return candidate.relative_to(base).as_posix()
    raise PlanSourceError(f"计划文件夹 {path.parent} 不在当前的 git 仓库（{top}）中，无法读取 git 中的版本")


def git_show(revision: str, path: str) -> bytes | None:
    """The file at `path` in `revision`, or None when the revision has no such file."""
    if revision.startswith("-") or path.startswith("-") or "\0" in revision + path:
        # `git show --output=FILE` would write a file: a revision is never an option.
        raise PlanSourceError(f"「{revision}」不是 git 修订的写法")
    # the size first (`git cat-file -s`): a huge blob is refused before a byte of it is read
    done = _git(["cat-file", "-s", f"{revision}:{path}"], revision, path)
    if done is None:
        return None
    size = int(done.stdout.strip() or b"0")
    if size > MAX_FILE_BYTES:
        raise PlanSourceError(
            f"git 修订「{revision}」中的 {path} 过大（{size / 1048576:.1f} MB），上限为 {MAX_FILE_BYTES // 1048576} MB"
        )
    done = _git(["cat-file", "blob", f"{revision}:{path}"], revision, path)
    return None if done is None else done.stdout


def _git(args: list[str], revision: str, path: str) -> subprocess.CompletedProcess[bytes] | None:
    """Run git; None when the revision has no such file; PlanSourceError for anything else."""
    try:
        done = subprocess.run(
            ["git", *args],
            capture_output=True,
            check=False,
            timeout=60,
            env={**os.environ, "LC_ALL": "C"},  # the messages below are matched in English
        )
    except FileNotFoundError:
        raise PlanSourceError("找不到 git 命令：要比较 git 中的版本（git:修订:路径），请先安装 git") from None
    except subprocess.TimeoutExpired:
        raise PlanSourceError(f"git {args[0]} {revision}:{path} 超时") from None
    if done.returncode == 0:
        return done
    message = done.stderr.decode("utf-8", "replace").strip()
    if "not a git repository" in message:
        raise PlanSourceError("当前文件夹不在 git 仓库中，无法读取 git:修订:路径")
    if "does not exist" in message or "exists on disk, but not in" in message or "exists, but not" in message:
        return None
    raise PlanSourceError(
        f"git 中找不到修订「{revision}」（{message.splitlines()[-1] if message else 'git 失败'}）"
    )


@contextmanager
def plan_file(
    argument: str, plans_dir: Path, units: Path | None
) -> Iterator[tuple[Path, Path, str, str | None]]:
    """The plan as a file on disk, its registry, and the names to show for both (None: the file's own);
    temporary files of a git version are removed afterwards."""
    spec = parse_git_spec(argument, plans_dir)
    if spec is None:
        try:
            path = resolve_plan(argument, plans_dir)
            yield path, find_registry(path, plans_dir, units), display_path(path), None
        except FileNotFoundError as exc:
            raise PlanSourceError(str(exc)) from None
        return
    data = git_show(spec.revision, spec.path)
    if data is None:
        raise PlanSourceError(
            f"git 修订「{spec.revision}」中没有文件 {spec.path}；"
            f"git log --oneline -- {spec.path} 可列出含有它的修订"
        )
    with tempfile.TemporaryDirectory(prefix="kepu-plan-git-") as folder:
        target = Path(folder) / PurePosixPath(spec.path).name
        target.write_bytes(data)
        registry, registry_display = units, None
        if registry is None:
            beside = (PurePosixPath(spec.path).parent / "units.yaml").as_posix()
            registry_data = git_show(spec.revision, beside)
            if registry_data is not None:
                registry = Path(folder) / "units.yaml"
                registry.write_bytes(registry_data)
                registry_display = f"{spec.revision}:{beside}"
        try:
            registry = find_registry(target, plans_dir, registry)
        except FileNotFoundError as exc:
            raise PlanSourceError(str(exc)) from None
        yield target, registry, f"{spec.revision}:{spec.path}", registry_display


def load_for_diff(
    argument: str, plans_dir: Path, units: Path | None, registries: RegistryCache
) -> tuple[Checked, str]:
    """Load and validate one side of a comparison; diagnostics name the plan as the user did."""
    with plan_file(argument, plans_dir, units) as (path, registry, display, registry_display):
        checked = check_plan(
            path, registry, registries, display=display, registry_display=registry_display, errors_only=True
        )
        return checked, display
