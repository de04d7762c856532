"""Plain text and Markdown through Jinja templates (shipped in kepu_plan/templates).

The environment is sandboxed and autoescapes HTML templates: authors' text containing `{{ 7*7 }}` is
data, printed as written, never evaluated (Jinja never re-parses a value). The sandbox is a second
guard: a template can call nothing unsafe, and a city may bring its own: a file of the same name in the
project's `templates/` folder (beside `plans/`) replaces the packaged template.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from ..layout import Kind, document_blocks
from ..limits import MAX_TEMPLATE_OUTPUT_CHARS
from ..model import Plan
from ..project import templates_folder
from . import WriterOptionError
from .sandbox import (
    ContainedLoader,
    LimitedSandbox,
    TemplateLimitError,
    TemplateLoadError,
    budgeted,
    too_large,
)

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|~!@])")  # @: GitHub turns @name into a mention link
#: What would start a list, a setext underline or a thematic break at the start of a line: "- ", "=",
#: "---", "1986. ", "1986) " (a list marker needs the space after it: a generated "1." before <strong> is kept)
_MD_LINE_START = re.compile(r"^(\s*)(?:([-=])(?=[-=\s]|$)|(\d+)([.)])(?=\s))")


def markdown_escape(text: str) -> str:
    """Authors' text printed literally in Markdown: every character that could become markup is escaped,
    also where only the start of a line makes it markup (`- `, `1986. `, indentation that would open a
    code block: leading spaces are written as entities, which Markdown prints as spaces)."""
    out = _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
    out = _MD_LINE_START.sub(_escape_line_start, out)
    indent = len(out) - len(out.lstrip(" \t"))
    if indent:
        out = "".join("&#32;" if c == " " else "&#9;" for c in out[:indent]) + out[indent:]
    return out


def _escape_line_start(match: re.Match[str]) -> str:
    space, mark, digits, dot = match.groups()
    if mark:
        return f"{space}\\{mark}"
    return f"{space}{digits}\\{dot}"


def template_environment(templates_dir: Path | None, *, autoescape: bool = False) -> SandboxedEnvironment:
    """The one factory of Jinja environments: sandboxed and limited (writers/sandbox.py), names
    resolved only inside `templates_dir` (a city's own templates, may be None) and then the packaged
    `kepu_plan/templates/`. Autoescape is on for .html/.htm/.xml names, and for every name when
    `autoescape` is true (HTML pages). Render through :func:`render_template`, which applies the
    limits and turns every failure into one located message."""
    return _environment(str(templates_dir) if templates_dir is not None else None, autoescape)


@cache
def _environment(templates_dir: str | None, autoescape: bool) -> SandboxedEnvironment:
    env = LimitedSandbox(
        loader=ContainedLoader(
            Path(templates_dir) if templates_dir is not None else None,
            resources.files("kepu_plan").joinpath("templates"),
        ),
        autoescape=True if autoescape else select_autoescape(["html", "htm", "xml"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_escape
    return env


def environment() -> SandboxedEnvironment:
    """The environment of the project's outputs: the city's `templates/` when there is one."""
    return template_environment(templates_folder())


def render_template(environment: SandboxedEnvironment, name: str, /, **context: object) -> str:
    """Render `name` within the limits (limits.py): the output counted as it streams, the deadline
    checked; any failure of loading or rendering (a syntax error, a name not found or outside the
    folder, a file that is not UTF-8, a template that includes itself, an error raised while it
    runs, a limit reached) is a WriterOptionError naming the template file and line (exit 2)."""
    try:
        with budgeted() as budget:
            parts, size = [], 0
            stream = environment.get_template(name).generate(**context)
            for part in stream:
                size += len(part)
                if size > MAX_TEMPLATE_OUTPUT_CHARS:
                    raise _at_stream(environment, too_large("输出"), stream)
                budget.check_time()
                parts.append(part)
            return "".join(parts)
    except Exception as exc:  # the template is the user's code: whatever it raises (RecursionError too)
        raise WriterOptionError(template_failure(environment, name, exc)) from None


def _at_stream(
    environment: SandboxedEnvironment, exc: TemplateLimitError, stream: Iterator[str]
) -> TemplateLimitError:
    """`exc` located where the template's code stands: the innermost template (an included one too)
    that the output stream is suspended in, and its line."""
    loader = environment.loader
    assert isinstance(loader, ContainedLoader)
    current: object = stream
    while current is not None:
        frame = getattr(current, "gi_frame", None)
        name = loader.names.get(frame.f_code.co_filename) if frame is not None else None
        if frame is not None and name is not None:
            exc.filename = frame.f_code.co_filename
            exc.lineno = environment.get_template(name).get_corresponding_lineno(frame.f_lineno)
        current = getattr(current, "gi_yieldfrom", None)
    return exc


def template_failure(environment: SandboxedEnvironment, name: str, exc: BaseException) -> str:
    """「FILE:LINE：why」 for anything that stopped a template: the file is the template the failure
    is in (an included one too), the line the template's own."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    loader = environment.loader
    assert isinstance(loader, ContainedLoader)
    filename, line = _failure_place(loader, exc)
    where = loader.shown(filename) if filename is not None else loader.shown(name)
    if isinstance(exc, TemplateSyntaxError):
        why = f"模板语法错误（{exc.message}）"
    elif isinstance(exc, SecurityError):
        why = "模板访问了不允许的内容：模板只能使用计划的数据"
    elif isinstance(exc, UndefinedError):
        why = f"模板引用了不存在的值（{exc.message}）"
    elif isinstance(exc, TemplateNotFound):
        why = (
            f"找不到模板「{exc.name}」：模板只能引用 templates 文件夹中的文件"
            "（不能用绝对路径、“..”或指向文件夹以外的链接）"
        )
    elif isinstance(exc, TemplateLimitError | TemplateLoadError):
        why = str(exc)
    elif isinstance(exc, RecursionError):
        why = "模板嵌套过深：模板包含了它自己，或宏调用了它自己"
    elif isinstance(exc, MemoryError):
        why = "模板占用的内存过多"
    else:
        detail = str(exc)
        detail = detail if len(detail) <= 200 else detail[:200] + "…"
        why = f"模板运行出错（{type(exc).__name__}：{detail}）"
    return f"{where}:{line}：{why}" if line else f"{where}：{why}"


def _failure_place(loader: ContainedLoader, exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line of a failure: the error's own (a syntax error, a file that cannot be
    read, the output counted outside the template), else the innermost template frame of the
    traceback (Jinja rewrites its frames to the templates' files and lines)."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is not None:
        return filename, line
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename in loader.names:
            return frame.filename, frame.lineno
    return None, None


def render_named(name: str, **context: object) -> str:
    """Render a template of the project's outputs (the city's own one when it has one)."""
    return render_template(environment(), name, **context)


def render_plan(name: str, plan: Plan) -> str:
    return render_named(name, plan=plan, blocks=document_blocks(plan), Kind=Kind)


def render_txt(plan: Plan) -> bytes:
    return render_plan("plan.txt.j2", plan).encode("utf-8")


def render_md(plan: Plan) -> bytes:
    return render_plan("plan.md.j2", plan).encode("utf-8")
