"""Plain text and Markdown through Jinja templates (shipped in kepu_plan/templates).

The environment is sandboxed and autoescapes HTML templates: authors' text containing `{{ 7*7 }}` is
data, printed as written, never evaluated (Jinja never re-parses a value). The sandbox is a second
guard: a template can call nothing unsafe, even if a future option lets users bring their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from ..layout import Kind, document_blocks
from ..model import Plan


class _PackageLoader(BaseLoader):
    """Templates from the package's own folder, which works from a wheel, an sdist or a checkout."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        path = resources.files("kepu_plan").joinpath("templates", template)
        if not path.is_file():
            raise TemplateNotFound(template)
        return path.read_text(encoding="utf-8"), None, lambda: True


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|~!])")


def markdown_escape(text: str) -> str:
    """Authors' text printed literally in Markdown: every character that could become markup is escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


@cache
def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=_PackageLoader(),
        autoescape=select_autoescape(["html", "htm", "xml"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = markdown_escape
    return env


def render_template(name: str, plan: Plan) -> str:
    return environment().get_template(name).render(plan=plan, blocks=document_blocks(plan), Kind=Kind)


def render_txt(plan: Plan) -> bytes:
    return render_template("plan.txt.j2", plan).encode("utf-8")


def render_md(plan: Plan) -> bytes:
    return render_template("plan.md.j2", plan).encode("utf-8")
