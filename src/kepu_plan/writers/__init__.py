"""Writers turn a plan into an output format. They never parse and never check.

Each writer is a function `(plan, **options) -> bytes` registered under a format name with its file
suffix and the options it accepts (`reference_doc` for docx); modules are imported only when their
format is asked for, so `validate` never loads jinja2 or python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from importlib import import_module
from typing import Any

from .. import codes
from ..diagnostics import Code
from ..model import Plan

WriterFunc = Callable[[Plan], bytes]


class WriterError(Exception):
    """The plan cannot be written in this format (exit 1). `path` locates the value in the plan file."""

    def __init__(
        self,
        message: str,
        *,
        code: Code = codes.UNREADABLE_FILE,
        path: tuple[str | int, ...] = (),
        hint: str | None = None,
    ):
        super().__init__(message)
        self.code, self.path, self.hint = code, path, hint


class WriterOptionError(Exception):
    """A writer option is wrong, e.g. a reference document that is not a .docx (exit 2)."""


#: Option names as the command line spells them, for messages.
OPTION_FLAGS = {"reference_doc": "--reference-doc"}


@dataclass(frozen=True)
class WriterSpec:
    module: str
    function: str
    suffix: str
    binary: bool  # may not be printed to a terminal with -o -
    options: frozenset[str] = frozenset()  # keyword options the writer function accepts

    def load(self, **options: Any) -> WriterFunc:
        """The writer function, with the given options bound; options left as None are not passed."""
        given = {name: value for name, value in options.items() if value is not None}
        for name in given:
            if name not in self.options:
                flag = OPTION_FLAGS.get(name, name)
                raise WriterOptionError(f"{flag} 不适用于 {self.suffix.lstrip('.')} 格式")
        func = getattr(import_module(f"{__name__}.{self.module}"), self.function)
        return partial(func, **given) if given else func


WRITERS: dict[str, WriterSpec] = {
    "docx": WriterSpec("docx_official", "render_docx", ".docx", True, frozenset({"reference_doc"})),
    "txt": WriterSpec("text", "render_txt", ".txt", False),
    "md": WriterSpec("text", "render_md", ".md", False),
}
