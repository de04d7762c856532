"""Writing results safely: whole files or nothing, and never over a plan unless asked."""

from __future__ import annotations

import errno
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


def unique_stems(names: list[str], taken: set[str] | None = None) -> list[str]:
    """Safe file names (without suffix) for units, one each: 市/科协 and 市_科协 must not overwrite
    each other, nor two names that differ only in case on a case-insensitive file system."""
    seen = {t.casefold() for t in (taken or set())}
    stems = []
    for name in names:
        stem = base = safe_filename(name)
        n = 1
        while stem.casefold() in seen:
            n += 1
            stem = f"{base}-{n}"
        seen.add(stem.casefold())
        stems.append(stem)
    return stems


def is_plan_file(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


_ERRNO_TEXT = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "只读的文件系统",
    errno.EEXIST: "已存在同名文件",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EPIPE: "输出管道已关闭",
}


def os_error_text(exc: OSError) -> str:
    """The operating system's reason in Chinese (its own English text in brackets for the rest)."""
    return _ERRNO_TEXT.get(exc.errno or 0, f"系统错误（{exc.strerror or exc}）")


def check_target(path: Path, *, force: bool, plan: bool = True) -> Path:
    """The file to write (a symbolic link followed), or OutputError: a folder, or an existing plan
    without `force`. Commands call it before any work, so they fail before writing anything."""
    if path.is_dir():
        raise OutputError(f"{path} 是一个文件夹，请给出文件路径")
    if path.is_symlink():
        path = path.resolve()
    if plan and path.exists() and not force:
        raise OutputError(f"{path} 已存在，不会覆盖计划文件；确需覆盖请加 --force")
    return path


def write_atomically(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    A crash or a full disk leaves the old file untouched, never a half-written one. An existing YAML
    file (a plan, the registry) is only replaced with `force`. A symbolic link is written through to
    the file it points at; a named pipe or a device (/dev/null) is written to directly, never replaced.
    """
    path = check_target(path, force=force, plan=is_plan_file(path))
    if path.exists() and not path.is_file():  # a FIFO or a device: nothing to keep whole
        try:
            with path.open("wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise OutputError(f"写入 {path} 失败：{os_error_text(exc)}") from None
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法在 {path.parent} 中写入：{os_error_text(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # a new file gets the usual mode; a replaced one keeps its own (the registry, a shared file)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"写入 {path} 失败：{os_error_text(exc)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
