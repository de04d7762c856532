"""Where the project is: the folder holding `plans/`, found from wherever the user stands, like git.

A user works in `plans/` (editing 2025.yaml) or in any folder below the project; every command
finds the project by walking up from the working folder to the first folder that holds `plans/`,
the way git finds `.git`. Only what the user did not type comes from there (the plans folder, the
`out/` folder for outputs, `templates/`, `schemas/`); every path the user typed is taken relative
to the folder where it was typed. Outside any project everything stays relative to the working
folder, as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

PLANS = "plans"


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (the working folder) that holds a `plans/` folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PLANS).is_dir():
            return folder
    return None


def in_project(name: str) -> Path:
    """`plans`, `out`, `templates`, `schemas` of the project, relative to the working folder where
    that is shorter (from the root itself: plain `plans`, so messages read as before)."""
    root = find_root()
    if root is None:
        return Path(name)
    return Path(os.path.relpath(root / name))


def default_in_project(name: str) -> Callable[[click.Context, click.Parameter, Path], Path]:
    """A typer callback for a folder option (`--plans-dir`, `--out-dir`): the value as typed when the
    user gave it, else the project's folder `name`."""

    def resolve(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
        if param.name and ctx.get_parameter_source(param.name) is not click.core.ParameterSource.DEFAULT:
            return value
        return in_project(name)

    return resolve
