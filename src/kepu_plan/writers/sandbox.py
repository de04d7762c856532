"""The Jinja sandbox every template runs in: what it may read, and how much work it may do.

A city brings its own templates, so a template is untrusted input like a plan. Jinja's
SandboxedEnvironment already stops a template from reaching Python's internals; this module adds the
two things it leaves open:

* **What a name reads.** `{% include %}`, `{% import %}` and `{% extends %}` take a name, and the
  loader (:class:`ContainedLoader`) resolves it only inside its folders (the city's `templates/`,
  then the packaged ones): an absolute name, `..`, a backslash or a symbolic link that leads out of
  the folder is "not found", so no template can put `/proc/self/environ` into a document.
* **How much work it does** (limits.py holds the numbers). Every step that can make something large
  is checked before it runs: `*`, `**`, `%` and `+` (intercepted binary operators), every call and
  filter (an integer argument or a format width beyond the limit, a `replace` that would grow past
  it), `range()` (one range and all ranges of one rendering together); every value read or returned
  is checked after; the output is counted while it streams; a deadline is checked at each of those
  steps, and an alarm (main thread only) ends a loop that makes no call at all.

A limit reached raises :class:`TemplateLimitError`; a template that cannot be read raises
:class:`TemplateLoadError` — both Jinja TemplateErrors, turned into one located message by
writers/text.render_template.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateError, TemplateNotFound
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from ..limits import (
    MAX_TEMPLATE_BYTES,
    MAX_TEMPLATE_INT_BITS,
    MAX_TEMPLATE_LOOP_STEPS,
    MAX_TEMPLATE_OUTPUT_CHARS,
    MAX_TEMPLATE_RANGE,
    MAX_TEMPLATE_SECONDS,
)


class TemplateLimitError(TemplateError):
    """A template asked for more work than limits.py allows (a Chinese message saying which); where,
    when the check knew it (the output's size is counted outside the template's own code)."""

    filename: str | None = None
    lineno: int | None = None


class TemplateLoadError(TemplateError):
    """A template file that cannot be used (not UTF-8, too large, not a regular file), located."""

    def __init__(self, message: str, filename: str, lineno: int | None = None) -> None:
        super().__init__(message)
        self.filename, self.lineno = filename, lineno


# -- what a name reads ---------------------------------------------------------------------------------


def name_pieces(name: str) -> list[str]:
    """The folder steps of a template name, or TemplateNotFound for a name that could leave the folder
    (absolute, `..`, `.`, a backslash, a drive, a NUL) or is empty."""
    pieces = name.split("/")
    if (
        not name
        or "\\" in name
        or "\0" in name
        or ":" in pieces[0]
        or any(piece in ("", ".", "..") for piece in pieces)
    ):
        raise TemplateNotFound(name)
    return pieces


class ContainedLoader(BaseLoader):
    """Templates from a city's folder first (when given), then from the packaged folder, each name
    resolved only inside the folder it is found in (links followed, then checked to stay inside)."""

    def __init__(self, city: Path | None, packaged: Traversable) -> None:
        self.city = city
        self.packaged = packaged
        #: file name Jinja compiles a template under → the template's name (to locate failures)
        self.names: dict[str, str] = {}

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        pieces = name_pieces(template)
        found = self._city_file(pieces) if self.city is not None else None
        if found is not None:
            return self._read(template, *found)
        path = self.packaged.joinpath(*pieces)
        if not path.is_file():
            raise TemplateNotFound(template)
        filename = os.path.join(str(self.packaged), *pieces)
        self.names[filename] = template
        return path.read_text(encoding="utf-8"), filename, lambda: True

    def shown(self, filename: str) -> str:
        """A template file as messages name it: a city's relative to the working folder, a packaged
        one by its name."""
        if self.city is not None and Path(filename).is_relative_to(self.city):
            return os.path.relpath(filename)
        return f"{self.names.get(filename, filename)}（软件自带的模板）"

    def _city_file(self, pieces: Sequence[str]) -> tuple[Path, Path] | None:
        """The city's file of that name and its real path, when it exists and the real path lies
        inside the folder (a link leading out of it is as if there were no such file)."""
        assert self.city is not None
        candidate = self.city.joinpath(*pieces)
        if not os.path.lexists(candidate):
            return None
        real = Path(os.path.realpath(candidate))
        inside = real.is_relative_to(os.path.realpath(self.city))
        return (candidate, real) if inside and os.path.exists(real) else None

    def _read(self, template: str, path: Path, real: Path) -> tuple[str, str, Callable[[], bool]]:
        from ..diagnostics import LoadError
        from ..inputs import read_input

        self.names[str(path)] = template
        try:
            data = read_input(real, str(path), limit=MAX_TEMPLATE_BYTES)
        except LoadError as exc:
            message = exc.diagnostics[0].message.replace(f"{path} ", "模板").removesuffix("；请给出文件路径")
            raise TemplateLoadError(message, str(path)) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise TemplateLoadError("模板不是 UTF-8 编码的文本，请另存为 UTF-8", str(path), line) from None
        mtime = _mtime(real)
        return source, str(path), lambda: _mtime(real) == mtime


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


# -- how much work a rendering does ----------------------------------------------------------------------


@dataclass
class Budget:
    """What is left to one rendering: its deadline and its range() steps."""

    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_TEMPLATE_SECONDS)
    steps: int = MAX_TEMPLATE_LOOP_STEPS

    def spend(self, steps: int) -> None:
        self.steps -= steps
        if self.steps < 0:
            raise TemplateLimitError(f"模板中 range() 循环的总次数超过上限（{MAX_TEMPLATE_LOOP_STEPS:,} 次）")
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(timeout_message())


def timeout_message() -> str:
    return f"模板渲染超过时间上限（{MAX_TEMPLATE_SECONDS} 秒）"


_BUDGET: ContextVar[Budget | None] = ContextVar("kepu_plan_template_budget", default=None)


def check_time() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.check_time()


@contextlib.contextmanager
def budgeted() -> Iterator[Budget]:
    """One rendering's budget, with the alarm that ends a loop making no call at all (the alarm only
    in the main thread, and only when nothing else uses SIGALRM)."""
    budget = Budget()
    token = _BUDGET.set(budget)
    try:
        with _alarm(MAX_TEMPLATE_SECONDS):
            yield budget
    finally:
        _BUDGET.reset(token)


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    )
    if not usable:
        yield
        return

    def ring(signum: int, frame: object) -> None:
        raise TemplateLimitError(timeout_message())

    signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def too_large(what: str) -> TemplateLimitError:
    return TemplateLimitError(f"模板{what}超过上限（{MAX_TEMPLATE_OUTPUT_CHARS:,} 个字符）")


def checked(value: Any) -> Any:
    """A value a template made or read, refused when it is larger than any output may be."""
    if isinstance(value, str | list | tuple | dict | set | bytes) and len(value) > MAX_TEMPLATE_OUTPUT_CHARS:
        raise too_large("生成的值")
    if isinstance(value, int) and value.bit_length() > MAX_TEMPLATE_INT_BITS:
        raise TemplateLimitError(f"模板计算的整数过大（超过 {MAX_TEMPLATE_INT_BITS} 位）")
    return value


_DIGITS = re.compile(r"\d+")


def _check_arguments(args: Sequence[Any]) -> None:
    """Integer arguments (and the integers of a tuple given to `%`) no larger than any output may be:
    a width, a count or a repetition beyond it would only allocate memory."""
    for arg in args:
        items = arg if isinstance(arg, tuple) else (arg,)
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool) and abs(item) > MAX_TEMPLATE_OUTPUT_CHARS:
                raise too_large("参数中的数值")


def _check_format(text: str) -> None:
    """A format string (`%`, `format`, str.format) whose widths or precisions stay below the limit."""
    limit_digits = len(str(MAX_TEMPLATE_OUTPUT_CHARS))
    for run in _DIGITS.finditer(text):
        digits = run.group()
        if len(digits) > limit_digits or int(digits) > MAX_TEMPLATE_OUTPUT_CHARS:
            raise too_large("格式中的宽度")


def _check_replace(text: str, old: Any, new: Any, *rest: Any) -> None:
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        count = text.count(old) if old else len(text) + 1
        if rest and isinstance(rest[0], int) and rest[0] >= 0:
            count = min(count, rest[0])
        if len(text) + count * (len(new) - len(old)) > MAX_TEMPLATE_OUTPUT_CHARS:
            raise too_large("替换的结果")


def check_call(name: str, subject: Any, args: Sequence[Any]) -> None:
    """Before a method or filter `name` runs on `subject` with `args`: refuse work beyond the limits."""
    check_time()
    _check_arguments(args)
    if isinstance(subject, str):
        if name in ("format", "format_map"):
            _check_format(subject)
        elif name == "replace" and len(args) >= 2:
            _check_replace(subject, *args)


def _limited_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    pass_arg = getattr(func, "jinja_pass_arg", None)  # Jinja's own marker (pass_context & co.)
    skip = 1 if pass_arg is not None else 0

    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        values = args[skip:]
        check_call(name, values[0] if values else None, (*values[1:], *kwargs.values()))
        return checked(func(*args, **kwargs))

    return run


class BudgetedRange(Sequence[int]):
    """`range()` in a template: at most MAX_TEMPLATE_RANGE items, each iteration paid for from the
    rendering's budget; otherwise a range (len, index, slice, `in`, reversed)."""

    def __init__(self, numbers: range) -> None:
        if len(numbers) > MAX_TEMPLATE_RANGE:
            raise TemplateLimitError(f"模板中的 range() 过长（上限 {MAX_TEMPLATE_RANGE:,} 项）")
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        found = self.numbers[index]
        return BudgetedRange(found) if isinstance(found, range) else found

    def __contains__(self, value: object) -> bool:
        return value in self.numbers

    def __iter__(self) -> Iterator[int]:
        return _paid(self.numbers)

    def __reversed__(self) -> Iterator[int]:
        return _paid(self.numbers[::-1])

    def __repr__(self) -> str:
        return repr(self.numbers)


_STEP = 1000  # range items paid for at once


def _paid(numbers: range) -> Iterator[int]:
    for start in range(0, len(numbers), _STEP):
        part = numbers[start : start + _STEP]
        budget = _BUDGET.get()
        if budget is not None:
            budget.spend(len(part))
        yield from part


def budgeted_range(*args: int) -> BudgetedRange:
    return BudgetedRange(range(*args))


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with every step that can grow checked against limits.py."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = budgeted_range
        self.globals.pop("lipsum", None)  # lipsum(n) makes n paragraphs of filler: nothing a plan needs
        for name, func in list(self.filters.items()):
            self.filters[name] = _limited_filter(name, func)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_time()
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
            _check_arguments((right,))
        return checked(super().call_binop(context, operator, left, right))

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        check_call(getattr(obj, "__name__", ""), getattr(obj, "__self__", None), (*args, *kwargs.values()))
        return checked(super().call(context, obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Any:
        """`"{:>999999999}".format(…)`: the format's widths checked when the method is looked up (Jinja
        3.1.5 and later sandbox str.format here; older ones in `call`, which checks them too)."""
        subject = getattr(value, "__self__", None)
        if isinstance(subject, str) and getattr(value, "__name__", "") in ("format", "format_map"):
            _check_format(subject)
        return super().wrap_str_format(value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return checked(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return checked(super().getitem(obj, argument))


def _check_repeat(left: Any, right: Any) -> None:
    """`"x" * n`, `[0] * n`: the size of the result before Python allocates it."""
    for sized, count in ((left, right), (right, left)):
        if (
            isinstance(count, int)
            and isinstance(sized, str | list | tuple)
            and len(sized) * max(count, 0) > MAX_TEMPLATE_OUTPUT_CHARS
        ):
            raise too_large("重复生成的值")
    both_ints = isinstance(left, int) and isinstance(right, int)
    if both_ints and left.bit_length() + right.bit_length() > MAX_TEMPLATE_INT_BITS:
        raise TemplateLimitError(f"模板计算的整数过大（超过 {MAX_TEMPLATE_INT_BITS} 位）")


def _check_power(left: Any, right: Any) -> None:
    """`a ** b` for integers: about b × bits(a) bits, refused before Python spends hours on it."""
    growing = isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1
    if growing and min(right, MAX_TEMPLATE_INT_BITS + 1) * left.bit_length() > MAX_TEMPLATE_INT_BITS:
        raise TemplateLimitError(f"模板计算的整数过大（超过 {MAX_TEMPLATE_INT_BITS} 位）")
