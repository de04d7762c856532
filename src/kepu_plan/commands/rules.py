"""`kepu-plan rules [CODE]`: every check with its code, or one rule's documentation."""

from __future__ import annotations

import typer

from ..exitcodes import EXIT_OK
from .common import usage


def run(code: str | None) -> int:
    from ..rules import COLLECT_CODES, LOADING_CODES, all_rules

    rules = {r.code: r for r in all_rules()}
    rows = [
        (c, name, severity, summary)
        for c, (name, severity, summary) in (LOADING_CODES | COLLECT_CODES).items()
    ]
    rows += [(r.code, r.name, r.severity, r.summary) for r in rules.values()]
    if code is None:
        for row_code, name, severity, summary in sorted(rows):
            typer.echo(f"{row_code}  {severity:<7}  {name:<24}  {summary}")
        return EXIT_OK
    wanted = code.upper()
    match = next((row for row in rows if wanted in (row[0], row[1].upper())), None)
    if match is None:
        return usage(f"没有规则「{code}」；kepu-plan rules 列出全部规则")
    row_code, name, severity, summary = match
    typer.echo(f"{row_code} {name}（{'错误' if severity == 'error' else '警告'}）：{summary}")
    rule = rules.get(row_code)
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
