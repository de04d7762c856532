"""Plain text and Markdown through Jinja templates (shipped in kepu_plan/templates).

The environment is sandboxed and autoescapes HTML templates: authors' text containing `{{ 7*7 }}` is
data, printed as written, never evaluated (Jinja never re-parses a value). The sandbox is a second
guard: a template can call nothing unsafe, and a city may bring its own: a file of the same name in the
project's `templates/` folder (beside `plans/`) replaces the packaged template.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from ..layout import Kind, document_blocks
from ..model import Plan
from ..project import templates_folder
from . import WriterOptionError


class _PackageLoader(BaseLoader):
    """Templates from the project's own `templates/` folder (a city's overrides, found like `plans/`),
    else from the package's folder, which works from a wheel, an sdist or a checkout."""

    def __init__(self, overrides: str | None):
        self.overrides = overrides

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        if self.overrides is not None and "/" not in template and "\\" not in template:
            own = Path(self.overrides) / template
            if own.is_file():
                return own.read_text(encoding="utf-8"), str(own), lambda: True
        path = resources.files("kepu_plan").joinpath("templates", template)
        if not path.is_file():
            raise TemplateNotFound(template)
        return path.read_text(encoding="utf-8"), None, lambda: True


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


def environment() -> SandboxedEnvironment:
    folder = templates_folder()
    return _environment(str(folder) if folder is not None else None)


@cache
def _environment(overrides: str | None) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=_PackageLoader(overrides),
        autoescape=select_autoescape(["html", "htm", "xml"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_escape
    return env


def render_named(name: str, **context: object) -> str:
    """Render a template; a broken template of the city's own is a usage error naming its file and line."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    try:
        return environment().get_template(name).render(**context)
    except TemplateError as exc:
        folder = templates_folder()
        own = folder / name if folder is not None and (folder / name).is_file() else None
        where = getattr(exc, "filename", None) or (str(own) if own else name)
        where = os.path.relpath(where) if os.path.isabs(where) else where
        line = getattr(exc, "lineno", None)
        place = f"{where}:{line}" if line else where
        if isinstance(exc, TemplateSyntaxError):
            why = f"模板语法错误（{exc.message}）"
        elif isinstance(exc, SecurityError):
            why = "模板访问了不允许的内容：模板只能使用计划的数据"
        elif isinstance(exc, UndefinedError):
            why = f"模板引用了不存在的值（{exc.message}）"
        else:
            why = f"模板无法使用（{exc}）"
        raise WriterOptionError(f"{place}：{why}") from None


def render_template(name: str, plan: Plan) -> str:
    return render_named(name, plan=plan, blocks=document_blocks(plan), Kind=Kind)


def render_txt(plan: Plan) -> bytes:
    return render_template("plan.txt.j2", plan).encode("utf-8")


def render_md(plan: Plan) -> bytes:
    return render_template("plan.md.j2", plan).encode("utf-8")
