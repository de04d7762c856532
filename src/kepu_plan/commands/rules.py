"""`kepu-plan rules [CODE]`: every check with its code, or one rule's documentation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import typer

from ..exitcodes import EXIT_OK
from .common import fail_usage
from .options import typer_command


@dataclass(kw_only=True)
class Options:
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="[CODE]", help="规则代码或名称（如 KP010、stale-year）：显示该规则的说明和例子"
        ),
    ] = None


def run(options: Options) -> int:
    from .. import codes
    from ..diagnostics import SEVERITY_LABEL
    from ..rules import rule_for

    code = options.code
    if code is None:
        for c in codes.ALL.values():
            typer.echo(f"{c.code}  {SEVERITY_LABEL[c.severity]}  {c.name:<24}  {c.summary}")
        return EXIT_OK
    found = codes.find(code)
    if found is None:
        fail_usage(f"没有规则「{code}」；kepu-plan rules 列出全部规则")
    typer.echo(f"{found.code} {found.name}（{SEVERITY_LABEL[found.severity]}）：{found.summary}")
    rule = rule_for(found)
    if rule is not None:
        for line in examples(rule.doc):
            typer.echo(line)
    return EXIT_OK


_LABELS = {"fail:": "报错的写法：", "warn:": "警告的写法：", "pass:": "正确的写法："}


def examples(doc: str) -> list[str]:
    """The pass/fail lines of a rule's docstring (its prose is for developers, the examples for all)."""
    lines = []
    for raw in doc.splitlines():
        text = raw.strip()
        for key, label in _LABELS.items():
            if text.startswith(key):
                lines.append(f"  {label}{text[len(key) :].strip().replace('``', '')}")
    return lines


command = typer_command(Options, run, "列出全部检查规则及其代码；给出代码时显示该规则的说明。")
