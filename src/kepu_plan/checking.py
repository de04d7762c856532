"""validate as a library call: load the registry and a plan, run the rules, collect diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, sort_key
from .loading import Loaded, LoadError, find_registry, load_plan, load_registry
from .model import Plan
from .units import Registry


@dataclass
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

    def get(self, path: Path) -> Registry:
        key = path.resolve()
        if key not in self._cache:
            try:
                self._cache[key] = load_registry(path, display_path(path))
            except LoadError as exc:
                self._cache[key] = exc
        value = self._cache[key]
        if isinstance(value, LoadError):
            raise value
        return value


def display_path(path: Path) -> str:
    """Paths relative to the working folder where possible: that is what editors and CI link."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check_plan(path: Path, registry_path: Path, registries: RegistryCache | None = None) -> Checked:
    """Everything validate says about one plan file. Never raises for bad input."""
    from .rules import Context, run_rules

    checked = Checked(path)
    registries = registries or RegistryCache()
    try:
        checked.registry = registries.get(registry_path)
    except LoadError as exc:
        checked.diagnostics.extend(exc.diagnostics)
    try:
        checked.loaded = load_plan(path, display_path(path))
    except LoadError as exc:
        checked.diagnostics.extend(exc.diagnostics)
    if checked.loaded is not None and checked.registry is not None:
        context = Context(checked.loaded.model, checked.loaded.source, checked.registry)
        checked.diagnostics.extend(run_rules(context))
    checked.diagnostics.sort(key=sort_key)
    return checked


def locate_registry(plan_path: Path, plans_dir: Path, explicit: Path | None) -> Path:
    return find_registry(plan_path, plans_dir, explicit)
