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
from pathlib import Path

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


TEMPLATES = "templates"
#: The Word document whose page setup, styles, headers and footers (a city's 红头) every .docx takes
#: when no --reference-doc is given, as pandoc's reference.docx.
REFERENCE_DOCX = "reference.docx"


def templates_folder() -> Path | None:
    """The project's own `templates/` (beside `plans/`), when there is one."""
    root = find_root()
    folder = root / TEMPLATES if root is not None else None
    return folder if folder is not None and folder.is_dir() else None


def template_file(name: str) -> Path | None:
    """A file of the project's `templates/` that overrides the packaged one of the same name."""
    folder = templates_folder()
    path = folder / name if folder is not None else None
    return path if path is not None and path.is_file() else None
