"""The one writer: whole files or nothing, never through a link, never over a plan unless asked.

Every file a command writes goes through :class:`OutputSet` (``write_atomically`` is a set of one),
every byte for standard output through :func:`write_stdout`. The rules, in the order they are checked:

* The target is looked at as it is (``lstat``), not as the name the user typed suggests: a symbolic
  link is refused outright (even with --force), a folder is refused, and the real location (parent
  links followed) decides protection.
* An existing plan, registry, progress file or any other YAML file, and any file this run read as
  input (same device and inode, so another spelling or a hard link of the input is caught: see
  inputs.py), is replaced only with --force.
* Data goes to a hidden temporary file beside the target, every ``write`` checked (a short write or a
  full disk is :class:`WriteFailed`: exit 3, 「磁盘空间不足」 or the system's reason), is synced, and
  renamed into place only when every file of the set is written: all or nothing, also for the many
  files of ``render --all-units`` and for ``import --add-units`` (plan and registry together).
* An error or a signal (SIGINT, SIGTERM: interrupts.py) removes every temporary file and every folder
  the set created; SIGINT/SIGTERM are held back during the renames so a set is never half renamed.
* A named pipe or a device (``/dev/null``) is written to directly: there is nothing to keep whole.
* A file added ``exclusive`` (collect's new progress file) is put in place by a hard link, which
  fails if the name exists: another process's file created after the check is never replaced.

Names made from names (units, titles) come from filenames.py, within the bytes a name may have
including this writer's temporary-file prefix and suffix.

`-o` means: ``-`` (or ``/dev/stdout``) standard output; a path ending in ``/`` or an existing folder,
the default file name inside it (:func:`output_path`); anything else, that file.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import TextIO

from .exitcodes import EXIT_IO, EXIT_USAGE
from .filenames import NAME_MAX_BYTES, TEMP_EXTRA_BYTES, cut_to_bytes
from .interrupts import raise_if_interrupted
from .oserrors import os_error_text


class OutputError(Exception):
    """The output may not or cannot be written there (exit 2); the message says why, in Chinese."""

    exit_code = EXIT_USAGE


class WriteFailed(OutputError):
    """Writing itself failed: a full disk, an I/O error, a closed pipe (exit 3)."""

    exit_code = EXIT_IO


def is_plan_file(path: Path) -> bool:
    """YAML is what this tool reads: plans, the registry, progress files, overrides."""
    return path.suffix.lower() in (".yaml", ".yml")


#: Errors of the surroundings while writing (exit 3), as opposed to a place that cannot be written to.
_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EPIPE}


def _failure(message: str, exc: OSError) -> OutputError:
    kind = WriteFailed if exc.errno in _WRITE_FAILURES else OutputError
    return kind(f"{message}：{os_error_text(exc)}")


# -- where -o points ---------------------------------------------------------------------------------

#: `-o` values that mean standard output.
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})

#: Suffixes of the files this tool writes: `--all-units -o x.docx` is a mistake, not a folder name.
FILE_SUFFIXES = frozenset(
    {".docx", ".dotx", ".xlsx", ".md", ".txt", ".json", ".html", ".yaml", ".yml", ".pdf"}
)


def is_stdout(output: str | None) -> bool:
    return output is not None and output in STDOUT_NAMES


def names_folder(output: str) -> bool:
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def output_path(output: str | None, default: Path) -> Path:
    """The file `-o` names: the default when not given; the default name inside a folder given by a
    trailing slash or by an existing folder (`-o 新文件夹/`, `-o out`); else the path as given."""
    if output is None:
        return default
    if names_folder(output):
        return Path(output) / default.name
    return Path(output)


def output_folder(output: str | None, default: Path) -> Path:
    """The folder of a command that writes many files (`render --all-units -o DIR`)."""
    if output is None:
        return default
    if is_stdout(output):
        raise OutputError("会写出多个文件，-o 须是文件夹，不能是标准输出（-）")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{output} 是文件，不是文件夹；会写出多个文件，-o 须是文件夹")
    if not names_folder(output) and folder.suffix.lower() in FILE_SUFFIXES:
        raise OutputError(
            f"{output} 像是文件名；会写出多个文件，-o 须是文件夹（如 -o {folder.with_suffix('')}/）"
        )
    return folder


# -- may this file be written? -------------------------------------------------------------------------


def check_target(path: Path, *, force: bool, plan: bool | None = None) -> Path:
    """Refuse (OutputError) a target that must not be written: a symbolic link (always), a folder, an
    existing YAML file or, with `plan=True`, any existing file, or a file this run read as input,
    unless `force`. Commands call it before any work, and every write calls it again."""
    from .inputs import was_read

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise _failure(f"无法写入 {path}", exc) from None
    if stat.S_ISLNK(info.st_mode):
        try:
            pointee = os.readlink(path)
        except OSError:
            pointee = "?"
        raise OutputError(
            f"{path} 是符号链接（指向 {pointee}），不会通过链接写入；请换一个输出路径，或先删除该链接"
        )
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} 是一个文件夹，请给出文件路径")
    if force:
        return path
    real = Path(os.path.realpath(path))
    if plan or is_plan_file(real) or is_plan_file(path):
        if plan:
            raise OutputError(f"{path} 已存在，不会覆盖；确需覆盖请加 --force")
        raise OutputError(f"{path} 已存在，不会覆盖计划、单位名录或进度文件（YAML）；确需覆盖请加 --force")
    if was_read(path):
        raise OutputError(f"{path} 是本命令读取的输入文件，不会用输出覆盖它；确需覆盖请加 --force")
    return path


# -- writing -------------------------------------------------------------------------------------------


def _write_all(fd: int, data: bytes) -> None:
    """Every byte, or OSError: a write that makes no progress is a full disk."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view[: 1 << 20])
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT/SIGTERM wait until the block is done (renaming a set into place is never cut short)."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class OutputSet:
    """Files written together: all renamed into place at the end, or none (see the module docstring).

    with OutputSet(force=options.force) as files:
        files.add(target, data)
        files.add(registry, registry_data, force=True)
    # renamed here; an exception or a signal inside the block leaves no file and no temp file
    """

    def __init__(self, *, force: bool = False) -> None:
        self.force = force
        # target, temporary file, target existed, created exclusively
        self._pending: list[tuple[Path, str, bool, bool]] = []
        self._made: list[Path] = []  # folders created, outermost first
        self.written: list[Path] = []

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            try:
                raise_if_interrupted()  # a Ctrl-C whose exception a library swallowed: still nothing lands
            except BaseException:
                self.abort()
                raise
            self.commit()
        else:
            self.abort()

    def add(
        self,
        path: Path,
        data: bytes,
        *,
        force: bool | None = None,
        plan: bool | None = None,
        exclusive: bool = False,
    ) -> None:
        """Check `path`, write `data` to a temporary file beside it (or straight into a pipe or device).
        `exclusive`: the file must not exist when it is put in place (see :func:`_place`): a file
        another process created after the check is never replaced."""
        force = self.force if force is None else force
        check_target(path, force=force, plan=plan)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):  # a FIFO or a device: nothing to keep whole
            self._write_direct(path, data)
            return
        self._make_folders(path.parent)
        with _signals_held():  # a signal between creating the file and recording it would leave it behind
            try:
                # the temporary name fits the file system's 255 bytes whatever the target's length
                stem = cut_to_bytes(path.name, NAME_MAX_BYTES - TEMP_EXTRA_BYTES)
                fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=path.parent)
            except OSError as exc:
                raise _failure(f"无法在 {path.parent} 中写入", exc) from None
            self._pending.append((path, tmp, mode is not None, exclusive))
        try:
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            # a new file gets the usual mode; a replaced one keeps its own (the registry, a shared file)
            os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else 0o644)
        except OSError as exc:
            raise WriteFailed(f"写入 {path} 失败：{os_error_text(exc)}") from None

    def _write_direct(self, path: Path, data: bytes) -> None:
        """Into a pipe or device as it is. Opened without blocking: a named pipe that nobody reads
        would otherwise hold the command forever (open(2) waits for a reader), so that is refused."""
        flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            if exc.errno == errno.ENXIO:
                raise OutputError(f"{path} 是命名管道，但没有程序在读取它；不会等待，未写入") from None
            raise _failure(f"无法写入 {path}", exc) from None
        os.set_blocking(fd, True)  # a reader is there: from now on a write waits for it as usual
        try:
            _write_all(fd, data)
        except OSError as exc:
            raise WriteFailed(f"写入 {path} 失败：{os_error_text(exc)}") from None
        finally:
            os.close(fd)
        self.written.append(path)

    def _make_folders(self, folder: Path) -> None:
        missing = []
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        for part in reversed(missing):
            with _signals_held():
                try:
                    part.mkdir()
                except FileExistsError:
                    continue
                except OSError as exc:
                    raise _failure(f"无法创建文件夹 {part}", exc) from None
                self._made.append(part)

    def commit(self) -> None:
        """Rename every temporary file into place; on failure undo what was renamed (new files only)."""
        done: list[tuple[Path, bool]] = []
        with _signals_held():
            try:
                for path, tmp, existed, exclusive in self._pending:
                    if os.path.islink(path):  # appeared since the check
                        raise OutputError(f"{path} 是符号链接，不会通过链接写入")
                    _place(tmp, path, exclusive=exclusive)
                    done.append((path, existed and not exclusive))
            except (OSError, OutputError) as exc:
                for path, existed in done:
                    if not existed:
                        path.unlink(missing_ok=True)
                self.abort()
                if isinstance(exc, OutputError):
                    raise
                raise WriteFailed(f"写入 {path} 失败：{os_error_text(exc)}") from None
        self.written.extend(path for path, _, _, _ in self._pending)
        self._pending = []
        self._made = []

    def abort(self) -> None:
        """Remove every temporary file and every folder this set created (when empty)."""
        for _, tmp, _, _ in self._pending:
            with suppress(OSError):
                os.unlink(tmp)
        self._pending = []
        for folder in reversed(self._made):
            with suppress(OSError):
                folder.rmdir()
        self._made = []


def _place(tmp: str, path: Path, *, exclusive: bool) -> None:
    """Put a written temporary file in place. Exclusively: a hard link to the target name, which the
    system refuses if the name exists (the check and the creation are one step; a rename would
    replace), then the temporary name removed. A file system without hard links falls back to a
    check and a rename (collect also holds a lock on the round's folder)."""
    if not exclusive:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise OutputError(f"{path} 已存在（在检查之后由另一进程写入），不会覆盖") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(path):
            raise OutputError(f"{path} 已存在（在检查之后由另一进程写入），不会覆盖") from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def write_atomically(
    path: Path, data: bytes, *, force: bool = False, plan: bool | None = None, exclusive: bool = False
) -> None:
    """One file through the one writer: a set of one (see OutputSet and the module docstring)."""
    with OutputSet(force=force) as files:
        files.add(path, data, plan=plan, exclusive=exclusive)


# -- standard output -----------------------------------------------------------------------------------


def write_stdout(data: bytes | str) -> None:
    """Write to standard output and flush, every byte or WriteFailed (exit 3): a full disk behind a
    redirection or a closed pipe must not end in exit 0 with half the output."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        sys.stdout.flush()  # what was echoed before comes first
        stream = getattr(sys.stdout, "buffer", None)
        fd = _real_stdout_fd()
        if fd is not None:
            if stream is not None:
                stream.flush()
            # os.write, not the buffered stream: BufferedWriter.write can return a short count on a
            # full disk and drop the rest without an error; _write_all checks every count
            _write_all(fd, data)
        elif stream is not None:
            stream.write(data)
            stream.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
    except OSError as exc:
        abandon_stdout()
        raise WriteFailed(f"无法写出结果到标准输出：{os_error_text(exc)}") from None


def _real_stdout_fd() -> int | None:
    """The process's own standard output descriptor; None when stdout has been replaced (a test
    runner's capture, whose fileno() may still name the real descriptor underneath)."""
    stdout: TextIO | None = sys.stdout
    if stdout is not sys.__stdout__:
        return None
    if stdout is None:
        return None
    try:
        return stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return None


def abandon_stdout() -> None:
    """After a failed write to stdout: point file descriptor 1 at /dev/null, so that the interpreter's
    last flush at exit cannot fail again and print a traceback of its own."""
    fd = _real_stdout_fd()
    if fd is None:
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass
