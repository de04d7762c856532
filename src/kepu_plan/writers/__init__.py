"""Writers turn a plan into an output format. They never parse and never check.

Each writer is a function `(plan) -> bytes` registered under a format name with its file suffix;
modules are imported only when their format is asked for, so `validate` never loads jinja2 or
python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from ..model import Plan

WriterFunc = Callable[[Plan], bytes]


@dataclass(frozen=True)
class WriterSpec:
    module: str
    function: str
    suffix: str
    binary: bool  # may not be printed to a terminal with -o -

    def load(self) -> WriterFunc:
        return getattr(import_module(f"{__name__}.{self.module}"), self.function)


WRITERS: dict[str, WriterSpec] = {
    "txt": WriterSpec("text", "render_txt", ".txt", False),
    "md": WriterSpec("text", "render_md", ".md", False),
}


def formats() -> list[str]:
    return list(WRITERS)
