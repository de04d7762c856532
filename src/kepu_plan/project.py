"""Where the project is: the folder holding `plans/`, found from wherever the user stands, like git.

A user works in `plans/` (editing 2025.yaml) or in any folder below the project; every command
finds the project by walking up from the working folder to the first folder that holds `plans/`,
the way git finds `.git`. Only what the user did not type comes from there (the plans folder, the
`out/` folder for outputs, `templates/`, `schemas/`); every path the user typed is taken relative
to the folder where it was typed. Outside any project everything stays relative to the working
folder, as before.

What is found rather than typed is trusted only when it is the user's own, as git's safe.directory
rule: a project root, its `templates/` or its `reference.docx` owned by another user (a shared
`/tmp`, another account's checkout) is refused — its templates and 红头 would go into the user's
documents — unless KEPU_PLAN_SAFE_DIRECTORIES lists it (or a folder above it; `*` trusts all).
"""

from __future__ import annotations

import os
from pathlib import Path

from .exitcodes import UsageProblem

PLANS = "plans"
#: Folders whose files are trusted although another user owns them (os.pathsep between; `*`: all).
SAFE_DIRECTORIES = "KEPU_PLAN_SAFE_DIRECTORIES"


class UnsafeProjectError(UsageProblem):
    """A project folder or file found by walking up is owned by another user (a usage error, exit 2)."""


def owner_differs(path: Path) -> int | None:
    """The one ownership check: the owner's uid when `path` belongs to another user than the one
    running this program, else None (also where the system has no uids)."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is None:
        return None
    try:
        owner = path.stat().st_uid
    except OSError:
        return None
    return owner if owner != geteuid() else None


def _allowed(path: Path) -> bool:
    listed = [entry for entry in os.environ.get(SAFE_DIRECTORIES, "").split(os.pathsep) if entry]
    if "*" in listed:
        return True
    real = path.resolve()
    return any(real.is_relative_to(Path(entry).expanduser().resolve()) for entry in listed)


def trusted(path: Path, what: str) -> Path:
    """`path` (found, not typed), or UnsafeProjectError when another user owns it and it is not allowed."""
    owner = owner_differs(path)
    if owner is not None and not _allowed(path):
        raise UnsafeProjectError(
            f"{what} {path} 属于另一个用户（uid {owner}），为安全起见不使用（他人的模板、红头会进入你的输出）。"
            f"如信任它，请设置环境变量 {SAFE_DIRECTORIES}={path}"
            f"（多个文件夹用“{os.pathsep}”分隔，* 表示全部信任），或在自己的文件夹中工作"
        )
    return path


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (the working folder) that holds a `plans/` folder;
    UnsafeProjectError when another user owns it (see the module's note)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PLANS).is_dir():
            return trusted(folder, "项目文件夹")
    return None


def in_project(name: str) -> Path:
    """`plans`, `out`, `templates`, `schemas` of the project, relative to the working folder where
    that is shorter (from the root itself: plain `plans`, so messages read as before)."""
    root = find_root()
    if root is None:
        return Path(name)
    return Path(os.path.relpath(root / name))


TEMPLATES = "templates"
#: The Word document whose page setup, styles, headers and footers (a city's 红头) every .docx takes
#: when no --reference-doc is given, as pandoc's reference.docx.
REFERENCE_DOCX = "reference.docx"


def templates_folder() -> Path | None:
    """The project's own `templates/` (beside `plans/`), when there is one."""
    root = find_root()
    folder = root / TEMPLATES if root is not None else None
    return trusted(folder, "模板文件夹") if folder is not None and folder.is_dir() else None


def template_file(name: str) -> Path | None:
    """A file of the project's `templates/` that overrides the packaged one of the same name."""
    folder = templates_folder()
    path = folder / name if folder is not None else None
    return trusted(path, "模板") if path is not None and path.is_file() else None
