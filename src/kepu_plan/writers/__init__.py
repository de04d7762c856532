"""Writers turn what the tool computed into an output format. They never parse and never check.

One registry, :data:`WRITERS`, lists every output the tool makes: for each kind of result (the plan,
one unit's task list, the responsibility overview, the comparison of two plans) the formats it can
be written in, each a function `(result, **options) -> bytes` with its file suffix, whether it is
binary, and the options it accepts (`reference_doc` for Word). Every command finds its format here,
so the same name means the same thing everywhere: `text` (also spelt `txt`), `md`, `json`, `docx`,
`pdf` (the Word document, converted by LibreOffice).
Modules are imported only when their format is asked for, so `validate` never loads jinja2 or
python-docx. A new output format is one writer function and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from importlib import import_module
from pathlib import PurePath
from typing import Any

from .. import codes
from ..diagnostics import Code
from ..formats import ALIASES

WriterFunc = Callable[[Any], bytes]


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
OPTION_FLAGS = {"reference_doc": "--reference-doc", "colour": "--color", "author": "--author"}


class OutputKind(StrEnum):
    PLAN = "plan"  # render
    UNIT_LIST = "unit-list"  # render --unit, --all-units
    OVERVIEW = "overview"  # units, render --all-units
    DIFF = "diff"  # diff
    PROGRESS = "progress"  # progress
    REPORT = "report"  # report: the 完成情况 document
    REMIND = "remind"  # remind: the 催报通知


@dataclass(frozen=True)
class WriterSpec:
    module: str  # under kepu_plan.writers
    function: str
    suffix: str
    binary: bool  # a document: never printed to a terminal, written to a file unless -o -
    options: frozenset[str] = frozenset()  # keyword options the writer function accepts
    #: The function writes a Word document that the command converts to PDF through LibreOffice
    #: (writers/pdf.py; several documents in one run).
    pdf: bool = False

    @property
    def format(self) -> str:
        return self.suffix.lstrip(".")

    def load(self, **options: Any) -> WriterFunc:
        """The writer function, with the given options bound; options left as None are not passed."""
        given = {name: value for name, value in options.items() if value is not None}
        for name in given:
            if name not in self.options:
                flag = OPTION_FLAGS.get(name, name)
                raise WriterOptionError(f"{flag} 不适用于 {self.format} 格式")
        func = getattr(import_module(f"{__name__}.{self.module}"), self.function)
        bound = partial(func, **given) if given else func

        def write(result: Any) -> bytes:
            data = bound(result)
            return data.encode("utf-8") if isinstance(data, str) else data

        return write


_DOCX = frozenset({"reference_doc"})

WRITERS: dict[OutputKind, dict[str, WriterSpec]] = {
    OutputKind.PLAN: {
        "docx": WriterSpec("docx_official", "render_docx", ".docx", True, _DOCX),
        "pdf": WriterSpec("docx_official", "render_docx", ".pdf", True, _DOCX, pdf=True),
        "text": WriterSpec("text", "render_txt", ".txt", False),
        "md": WriterSpec("text", "render_md", ".md", False),
    },
    OutputKind.UNIT_LIST: {
        "docx": WriterSpec("unit_list_docx", "render_unit_list_docx", ".docx", True, _DOCX),
        "pdf": WriterSpec("unit_list_docx", "render_unit_list_docx", ".pdf", True, _DOCX, pdf=True),
        "text": WriterSpec("unit_list", "unit_list_txt", ".txt", False),
        "md": WriterSpec("unit_list", "unit_list_md", ".md", False),
        "json": WriterSpec("unit_list", "unit_list_json", ".json", False),
    },
    OutputKind.OVERVIEW: {
        "docx": WriterSpec("unit_list_docx", "render_overview_docx", ".docx", True, _DOCX),
        "pdf": WriterSpec("unit_list_docx", "render_overview_docx", ".pdf", True, _DOCX, pdf=True),
        "text": WriterSpec("unit_list", "overview_txt", ".txt", False),
        "md": WriterSpec("unit_list", "overview_md", ".md", False),
        "json": WriterSpec("unit_list", "overview_json", ".json", False),
    },
    OutputKind.DIFF: {
        "text": WriterSpec("diff_text", "render_text", ".txt", False, frozenset({"colour"})),
        "md": WriterSpec("diff_text", "render_md", ".md", False),
        "json": WriterSpec("diff_text", "render_json", ".json", False),
        "docx": WriterSpec("diff_docx", "render_comparison_table", ".docx", True),
        "pdf": WriterSpec("diff_docx", "render_comparison_table", ".pdf", True, pdf=True),
        "redline": WriterSpec("diff_docx", "render_redline", ".docx", True, frozenset({"author"})),
    },
}


WRITERS[OutputKind.PROGRESS] = {
    "text": WriterSpec("progress_text", "progress_txt", ".txt", False),
    "md": WriterSpec("progress_text", "progress_md", ".md", False),
    "json": WriterSpec("progress_text", "progress_json", ".json", False),
    "xlsx": WriterSpec("progress_xlsx", "progress_xlsx", ".xlsx", True),  # the 台账 workbook
}
WRITERS[OutputKind.REPORT] = {
    "docx": WriterSpec("report", "report_docx", ".docx", True, _DOCX),
    "pdf": WriterSpec("report", "report_docx", ".pdf", True, _DOCX, pdf=True),
    "md": WriterSpec("report", "report_md", ".md", False),
}
WRITERS[OutputKind.REMIND] = {
    "docx": WriterSpec("remind", "remind_docx", ".docx", True, _DOCX),
    "pdf": WriterSpec("remind", "remind_docx", ".pdf", True, _DOCX, pdf=True),
    "md": WriterSpec("remind", "remind_md", ".md", False),
    "text": WriterSpec("remind", "remind_txt", ".txt", False),
}


#: What this tool reads rather than writes as a result: an -o naming one is the writer's business
#: (refused without --force as an input, output.OutputSet), not a format's.
DATA_SUFFIXES = frozenset({".yaml", ".yml"})


def format_for(
    kind: OutputKind, requested: str | None, output: str | None, default: str | None = None
) -> str:
    """The one rule for `-o` in every command: without --format, the suffix of the file `-o` names
    chooses the format (`-o p.pdf` is a PDF, `-o p.md` Markdown); with --format, a suffix that says
    another format is a usage error rather than a file whose name lies about its bytes. A folder,
    standard output or a name without a known suffix leaves the format to --format or the command's
    default (`default`, else the kind's first format)."""
    from ..output import FILE_SUFFIXES, is_stdout, names_folder

    suffix = ""
    if output is not None and not is_stdout(output) and not names_folder(output):
        suffix = PurePath(output).suffix.lower()
    if suffix in DATA_SUFFIXES:  # a plan, registry or progress file: the writer's --force rule speaks
        suffix = ""
    by_suffix: dict[str, str] = {}
    for name, spec in WRITERS[kind].items():
        by_suffix.setdefault(spec.suffix, name)  # .docx: the plain document before the redline
    choices = "、".join(sorted(by_suffix))
    if requested is None:
        if suffix in by_suffix:
            return by_suffix[suffix]
        if suffix in FILE_SUFFIXES:
            raise WriterOptionError(f"-o 的扩展名 {suffix} 不是这个命令能写的格式（可写：{choices}）")
        return default or next(iter(WRITERS[kind]))
    canonical, spec = writer(kind, requested)
    if suffix in FILE_SUFFIXES and suffix != spec.suffix:
        raise WriterOptionError(
            f"-o 的扩展名 {suffix} 与 --format {requested} 不符（{requested} 格式的文件扩展名为 {spec.suffix}）；"
            f"请改用 {spec.suffix} 结尾的文件名，或去掉 --format 按扩展名输出"
        )
    return canonical


def writer(kind: OutputKind, name: str) -> tuple[str, WriterSpec]:
    """The canonical format name and its writer; an unknown name is a usage error (WriterOptionError)."""
    canonical = ALIASES.get(name, name)
    spec = WRITERS[kind].get(canonical)
    if spec is None:
        raise WriterOptionError(f"不支持的输出格式「{name}」，可选：{'、'.join(WRITERS[kind])}")
    return canonical, spec
