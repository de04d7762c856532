"""Where progress files live, read by the key they are written with.

A round is a folder, ``progress/<year>/<round>/``, holding one file per unit whose name the one
allocator of file names gives (filenames.allocate over the registry's units: the same stem as the
unit's form). `collect` writes ``<stem>.yaml``; every reader reads only those names, each as the
unit it is allocated to. Anything else in the folder is never taken for a unit's data: a copy
(市科协_旧版.yaml beside 市科协.yaml) or a file named for another unit is a located diagnostic, and a
file that says it is another unit's is an error, not a silent replacement. Files are read through the
one reader (inputs.read_input via loading.load_model), so a dangling link or an unreadable file is
the reader's located error with the file named.

`collect` holds :func:`round_lock` while it compares and stores, so two runs at once take turns; the
store itself creates a file exclusively unless replacing is asked for (output.OutputSet).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import codes
from .diagnostics import Diagnostic, LoadError
from .filenames import allocate
from .progress import SCHEMA_COMMENT, ProgressFile
from .units import Registry
from .validation import to_data

if TYPE_CHECKING:
    from .loading import Loaded

SUFFIX = ".yaml"


def round_dir(progress_dir: Path, year: int, round_name: str) -> Path:
    return progress_dir / str(year) / round_name


def unit_stems(registry: Registry) -> dict[str, str]:
    """Every registered unit's file stem: its form, its task list and its progress file share it."""
    return allocate(unit.name for unit in registry.source.units)


def unit_file(folder: Path, stem: str) -> Path:
    """A unit's progress file in a round's folder, from its stem (unit_stems)."""
    return folder / f"{stem}{SUFFIX}"


def progress_paths(progress_dir: Path, year: int, round_name: str, registry: Registry) -> dict[str, Path]:
    """Each unit's one progress file of a round, by unit name."""
    folder = round_dir(progress_dir, year, round_name)
    return {unit: unit_file(folder, stem) for unit, stem in unit_stems(registry).items()}


def _yaml_entries(folder: Path) -> list[Path]:
    """The YAML names in a folder (links and other kinds included: the reader judges them); hidden
    names (a writer's temporary file) are not progress files."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / n for n in names if not n.startswith(".") and n.lower().endswith((".yaml", ".yml"))]


def _newest(folder: Path) -> float | None:
    times = []
    for path in _yaml_entries(folder):
        with contextlib.suppress(OSError):
            times.append(os.lstat(path).st_mtime)
    return max(times) if times else None


def rounds(progress_dir: Path, year: int) -> list[Path]:
    """The round folders of a year that hold progress files, the most recently written last."""
    base = progress_dir / str(year)
    try:
        folders = [base / n for n in os.listdir(base)]
    except OSError:
        return []
    found = []
    for folder in folders:
        if folder.is_dir() and (newest := _newest(folder)) is not None:
            found.append((newest, folder.name, folder))
    return [folder for _, _, folder in sorted(found)]


def choose_round(progress_dir: Path, year: int, given: str | None) -> str:
    """The round a reading command means: as given; else the one collected last; else the yearly one."""
    from .progress import default_round

    if given:
        return given
    found = rounds(progress_dir, year)
    return found[-1].name if found else default_round(year)


def _display(path: Path) -> str:
    """The name as it stands in the folder (display_path would name a link's target instead)."""
    from .checking import display_path

    return str(Path(display_path(path.parent)) / path.name)


def _load(path: Path, display: str, problems: list[Diagnostic]) -> Loaded[ProgressFile] | None:
    from .loading import load_model

    try:
        return load_model(path, ProgressFile, display)
    except LoadError as exc:
        problems.extend(exc.diagnostics)
        return None


def load_round(
    progress_dir: Path, year: int, round_name: str, registry: Registry
) -> tuple[dict[str, tuple[Path, ProgressFile]], list[Diagnostic]]:
    """Every unit's progress file of a round, read by its allocated name (see the module docstring);
    unreadable or mismatched files as errors, other files in the folder as warnings (KP080)."""
    files: dict[str, tuple[Path, ProgressFile]] = {}
    problems: list[Diagnostic] = []
    folder = round_dir(progress_dir, year, round_name)
    if not folder.is_dir():
        return files, problems
    expected = progress_paths(progress_dir, year, round_name, registry)
    owner = {path.name: unit for unit, path in expected.items()}
    strays = []
    for path in _yaml_entries(folder):
        unit = owner.get(path.name)
        if unit is None:
            strays.append(path)
            continue
        display = _display(path)
        loaded = _load(path, display, problems)
        if loaded is None:
            continue
        mismatch = _mismatch(loaded.model, year, round_name, unit)
        if mismatch:
            field, problem = mismatch
            problems.append(loaded.source.diagnostic(codes.PROGRESS_FILE_INVALID, problem, (field,)))
            continue
        files[unit] = (path, loaded.model)
    for path in strays:
        problems.append(_stray(path, _display(path), expected, files, year, round_name))
    return files, problems


def _mismatch(progress_file: ProgressFile, year: int, round_name: str, unit: str) -> tuple[str, str] | None:
    """The field that contradicts where the file is, and why; None when it fits."""
    if progress_file.plan_year != year or progress_file.round != round_name:
        field = "round" if progress_file.plan_year == year else "plan_year"
        return field, (
            f"文件记录的是 {progress_file.plan_year} 年、轮次「{progress_file.round}」，与所在文件夹不符"
        )
    if progress_file.unit != unit:
        return "unit", f"文件记录的是「{progress_file.unit}」的数据，而这是「{unit}」的进度文件；未读取"
    return None


def _stray(
    path: Path,
    display: str,
    expected: dict[str, Path],
    files: dict[str, tuple[Path, ProgressFile]],
    year: int,
    round_name: str,
) -> Diagnostic:
    """What a file that is no unit's progress file is, as far as it can be read: never read as data."""
    said: list[Diagnostic] = []
    loaded = _load(path, display, said)  # the one reader: a link, a pipe or a bad file says so
    progress_file = None if loaded is None else loaded.model
    message = "不是名录中任何单位的进度文件名，未读取"
    if progress_file is None and said:
        message += f"（{said[0].message}）"
    hint = "每个单位只读取 collect 写下的那一个文件；副本或旧版请移出此文件夹"
    if progress_file is not None and progress_file.unit in expected:
        unit = progress_file.unit
        own = expected[unit].name
        if unit in files:
            message = f"记录的是「{unit}」的数据，与 {own} 重复；只读取 {own}，此文件未读取"
        else:
            message = f"记录的是「{unit}」的数据，但「{unit}」的进度文件名应为 {own}；此文件未读取"
            hint = f"如确为该单位本轮的数据，请改名为 {own}，或重新收集该单位的填报表"
        if progress_file.plan_year != year or progress_file.round != round_name:
            message += f"（且文件记录的是 {progress_file.plan_year} 年、轮次「{progress_file.round}」）"
    if loaded is not None:
        return loaded.source.diagnostic(codes.PROGRESS_FILE_STRAY, message, ("unit",), hint=hint)
    return codes.PROGRESS_FILE_STRAY.at(message, display, hint=hint)


@contextlib.contextmanager
def round_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a round folder (flock on the folder itself: no lock file is left
    behind) while `collect` compares and stores; a second `collect` of the same round waits its
    turn. The folder is created if missing, and removed again if it is still empty at the end (a
    run that stored nothing leaves nothing). Where flock does not exist, exclusive creation
    (output.OutputSet) alone keeps a stored file from being replaced unasked."""
    try:
        import fcntl
    except ImportError:  # not POSIX
        yield
        return
    made = _make_folders(folder)
    while True:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                now = os.stat(folder)
            except FileNotFoundError:
                now = None
            held = os.fstat(fd)
            if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                break  # the folder the lock is on is still the round's folder
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # another run removed the folder while this one waited: start again
        made = _make_folders(folder) or made
    try:
        yield
    finally:
        for part in reversed(made):
            with contextlib.suppress(OSError):
                part.rmdir()  # only when empty: nothing was stored
        os.close(fd)


def _make_folders(folder: Path) -> list[Path]:
    """Create `folder` and missing parents; the ones created, outermost first."""
    missing = []
    at = folder
    while not at.exists() and at != at.parent:
        missing.append(at)
        at = at.parent
    made = []
    for part in reversed(missing):
        try:
            part.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                continue
            raise
        made.append(part)
    return made


def dump_progress(progress_file: ProgressFile) -> bytes:
    """The stored YAML: the schema comment on top, in the plan files' house layout.

    Through yamlwriter's direct writer rather than ruamel's emitter: a 3,000-task plan's largest
    file (1,600 rows) takes ruamel two seconds to emit."""
    from .yamlwriter import dump_records

    # empty values (an untouched row's status, text, data) are left out: the schema's defaults
    data = to_data(progress_file, mode="json", exclude_defaults=True)
    return dump_records(data, [SCHEMA_COMMENT]).encode("utf-8")
