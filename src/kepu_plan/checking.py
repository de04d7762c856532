"""validate as a library call: load the registry and a plan, run the rules, collect diagnostics."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, sort_key
from .loading import Loaded, LoadError, load_plan, load_registry
from .model import Plan
from .project import find_root
from .units import Registry


@dataclass(eq=False)
class Checked:
    """The outcome for one plan file: its diagnostics, and the plan itself when it could be loaded."""

    path: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    loaded: Loaded[Plan] | None = None
    registry: Registry | None = None


class RegistryCache:
    """Each units.yaml is read once per run, however many plans share it."""

    def __init__(self) -> None:
        self._cache: dict[Path, Registry | LoadError] = {}

    def get(self, path: Path, display: str | None = None) -> Registry:
        """The registry; a broken one raises its LoadError the first time only, then an empty one,
        so that plans sharing a broken units.yaml do not repeat its problems."""
        key = path.resolve()
        if key not in self._cache:
            try:
                self._cache[key] = load_registry(path, display or display_path(path))
            except LoadError as exc:
                self._cache[key] = exc
                raise
        value = self._cache[key]
        if isinstance(value, LoadError):
            raise LoadError([])
        return value


def display_path(path: Path) -> str:
    """Paths relative to the working folder where possible: that is what editors and CI link.
    The folders are resolved, the file's own name is kept: a link `plans/current.yaml` is named as
    typed, not as the file it points to (a message about the link names the link)."""
    resolved, here = Path(os.path.realpath(path.parent)) / path.name, Path.cwd().resolve()
    try:
        return str(resolved.relative_to(here))
    except ValueError:
        pass
    root = find_root()
    if root is not None and resolved.is_relative_to(root):  # from plans/ or src/: ../plans/2025.yaml
        return os.path.relpath(resolved, here)
    return str(path)


def check_plan(
    path: Path,
    registry_path: Path,
    registries: RegistryCache | None = None,
    *,
    display: str | None = None,
    registry_display: str | None = None,
    errors_only: bool = False,
) -> Checked:
    """Everything validate says about one plan file. Never raises for bad input.

    `display` and `registry_display` name the files in diagnostics when they are not what the user
    gave (a temporary copy of a git version, a plan about to be printed to stdout). `errors_only`:
    for a command that only needs to know whether the plan may be used (render, diff …), the rules
    whose code is a warning are not run — most of the rules' time on a large plan."""
    from .rules import Context, run_rules

    checked = Checked(path)
    registries = registries or RegistryCache()
    try:
        checked.registry = registries.get(registry_path, registry_display)
    except LoadError as exc:
        checked.diagnostics.extend(exc.diagnostics)
    try:
        checked.loaded = load_plan(path, display or display_path(path))
    except LoadError as exc:
        checked.diagnostics.extend(exc.diagnostics)
    if checked.loaded is not None and checked.registry is not None:
        context = Context(checked.loaded.model, checked.loaded.source, checked.registry)
        checked.diagnostics.extend(run_rules(context, errors_only=errors_only))
    checked.diagnostics.sort(key=sort_key)
    return checked
