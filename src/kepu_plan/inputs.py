"""The one reader of input files: regular files only, never more than a size limit, never a hang.

Every file a command reads (plan, registry, overrides, import source, reference document, returned
form) goes through :func:`read_input`. It opens without blocking, looks at what it opened (a named
pipe or a device given as a plan would otherwise block forever or never end), reads at most the
limit plus one byte, and remembers the file's identity so that the one writer (output.py) refuses to
replace a file this run read without `--force`, under whatever name the output was given.

Standard input is not a plan: `-` is refused with a clear message; `/dev/stdin` is read when it is a
redirected regular file (`< plan.yaml`) and refused, saying what it is, when it is a pipe or a terminal.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from . import codes
from .diagnostics import LoadError
from .limits import MAX_FILE_BYTES
from .oserrors import os_error_text

_KINDS = (
    (stat.S_ISDIR, "文件夹"),
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
)

#: (device, inode) of every file read in this run: the writer never replaces these without --force.
_read_in_this_run: set[tuple[int, int]] = set()


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, in Chinese; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in _KINDS:
        if test(mode):
            return name
    return "特殊文件"


def special_kind(path: Path) -> str | None:
    """What `path` is when it exists and is not a regular file (links followed); else None."""
    try:
        return kind_of(path.stat().st_mode)
    except OSError:
        return None


def not_regular_message(display: str, kind: str) -> str:
    return f"{display} 是{kind}，不是普通文件；请给出文件路径"


def stdin_message() -> str:
    return "不能从标准输入读取（-）：请给出文件路径"


def read_input(path: Path, display: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most `limit` of them; LoadError (KP030, naming the file) for a
    missing or unreadable file, a folder, pipe, device or socket, or a file over the limit."""
    if str(path) == "-":
        raise LoadError.at(codes.UNREADABLE_FILE, stdin_message(), display)
    try:
        # O_NONBLOCK: opening a FIFO without a writer would otherwise wait for ever
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise LoadError.at(codes.UNREADABLE_FILE, f"无法读取文件：{os_error_text(exc)}", display) from None
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise LoadError.at(codes.UNREADABLE_FILE, not_regular_message(display, kind), display)
        if info.st_size > limit:
            raise LoadError.at(codes.UNREADABLE_FILE, too_large_message(info.st_size, limit), display)
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while we read it
                raise LoadError.at(codes.UNREADABLE_FILE, too_large_message(total, limit), display)
        _read_in_this_run.add((info.st_dev, info.st_ino))
        return b"".join(chunks)
    except OSError as exc:
        raise LoadError.at(codes.UNREADABLE_FILE, f"无法读取文件：{os_error_text(exc)}", display) from None
    finally:
        os.close(fd)


def too_large_message(size: int, limit: int) -> str:
    return f"文件过大（{size / 1048576:.1f} MB），上限为 {limit / 1048576:g} MB"


def was_read(path: Path) -> bool:
    """Whether `path` (links followed) is a file this run read as input."""
    try:
        info = path.stat()
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in _read_in_this_run


def forget_inputs() -> None:
    """Start a new run (each command invocation; tests run many in one process)."""
    _read_in_this_run.clear()
