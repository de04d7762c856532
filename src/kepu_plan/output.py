"""Writing results safely: whole files or nothing, and never over a plan unless asked."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

#: Characters no file system (Windows included) accepts in a name, plus path separators.
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


class OutputError(Exception):
    """The output could not be written; the message says why, in Chinese."""


def safe_filename(name: str, max_length: int = 120) -> str:
    """A file name made from a unit name or plan title, valid on every file system."""
    cleaned = _UNSAFE.sub("_", name).replace("..", "_").strip(" .")
    cleaned = re.sub(r"_+", "_", cleaned)
    if not cleaned or set(cleaned) <= {"_", "."}:
        cleaned = "未命名"
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned[:max_length]


def is_plan_file(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def write_atomically(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    A crash or a full disk leaves the old file untouched, never a half-written one. An existing YAML
    file (a plan, the registry) is only replaced with `force`.
    """
    if path.exists() and is_plan_file(path) and not force:
        raise OutputError(f"{path} 已存在，不会覆盖计划文件；确需覆盖请加 --force")
    if path.is_dir():
        raise OutputError(f"{path} 是一个文件夹，请给出文件路径")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法在 {path.parent} 中写入：{exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"写入 {path} 失败：{exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
