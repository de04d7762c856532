"""The command line's own words in Chinese, and its help laid out for Chinese text.

Click and Typer write their help frame ("Usage:", "Options", "Show this message and exit.",
"[default: …]") and their usage errors ("Missing argument", "No such option") in English; the Click
that typer 0.26+ carries has no translation hook at all. kepu-plan speaks Chinese whatever the
locale says, so it writes that frame itself through Click's documented extension points
(cliframe.py: its Command and Group classes, this module's formatter), from the parameters' and the
exceptions' own fields; :data:`TEXT` holds every string it uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import typer

from .patterns import lazy_pattern

#: Every piece of the frame kepu-plan writes around its commands' own text. Click appends ":" to a
#: section heading itself, so headings and the usage prefix keep the half-width colon.
TEXT = {
    "usage": "用法: ",
    "options": "选项",
    "arguments": "参数",
    "commands": "命令",
    "help_option": "显示本帮助并退出。",
    "default": "缺省：{default}",
    "required": "必填",
    "error": "错误：{message}",
    "try_help": "用 {command} {option} 查看帮助。",
    "missing_argument": "缺少参数",
    "missing_option": "缺少选项",
    "no_such_option": "没有选项 {name}",
    "no_such_command": "没有命令 {name!r}。",
    "missing_command": "缺少命令。",
    "did_you_mean": "（是否应为 {possibilities}？）",
    "invalid_value": "取值无效：{message}",
    "invalid_value_for": "{param_hint} 的取值无效：{message}",
    "not_a_number": "{value!r} 不是有效的数字。",
    "extra_arguments": "多余的参数（{args}）",
    "takes_no_value": "选项 {name!r} 不带取值。",
    "requires_value": "选项 {name!r} 需要一个取值。",
    "requires_values": "选项 {name!r} 需要 {nargs} 个取值。",
    "aborted": "已中断。",
}


def did_you_mean(possibilities: Sequence[str]) -> str:
    """The suggestion after a mistyped option or command: （是否应为 --format？）."""
    return TEXT["did_you_mean"].format(possibilities=", ".join(possibilities))


#: The help formatter of the Click that typer runs on (its own copy from typer 0.26), as its Context
#: names it: the documented base of a `formatter_class`.
BaseHelpFormatter: Any = typer.Context.formatter_class


# -- help layout for Chinese text ------------------------------------------------------------------
# Click measures and wraps help text by characters, but a Chinese character takes two columns, so
# its help overflows an 80-column terminal in the middle of words. Click's documented hook for the
# layout is `Context.formatter_class`; this formatter measures columns and may break between any
# two Chinese characters (never inside an English word or an option name, never before a closing
# punctuation mark).

_NO_LINE_START = set("，。、；：？！）》」』”’】…")


def display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_GLUE_AFTER = set("<([{/（《「“‘【")  # a line may not end with these: the next piece comes along
_GLUE_BEFORE = set(">)]}:;,.!?/%") | _NO_LINE_START  # nor start with these


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: runs of narrow non-space characters, single wide ones, spaces;
    a piece that ends with an opening mark or a piece that starts with a closing one is joined to its
    neighbour (progress/<年份>/ and 文件:行:列 stay whole)."""
    pieces: list[str] = []
    for piece in _piece().findall(text):
        previous = pieces[-1] if pieces else ""
        glued = previous[-1:] in _GLUE_AFTER or piece[0] in _GLUE_BEFORE
        if previous and not previous.isspace() and not piece.isspace() and glued:
            pieces[-1] += piece
            continue
        pieces.append(piece)
    return pieces


#: spaces | a path or placeholder written with / : < > (progress/<年份>/<轮次>.yaml, 文件:行:列), one piece
#: | a run of other narrow characters | one wide character. Compiled on the first help screen, not at
#: import: its wide negated class costs ~4 ms to compile, which every `validate` run would pay.
_piece = lazy_pattern(
    r"[ ]+"
    r"|[A-Za-z0-9_.\-]*(?:[/:<>][A-Za-z0-9_.\-\u4e00-\u9fff]*)+"
    r"|[^\s\u2e80-\uffef]+"
    r"|[\u2e80-\uffef]"
)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns (an over-long English word alone may exceed it)."""
    lines: list[list[str]] = [[]]
    for token in _tokens(" ".join(text.split())):
        line = lines[-1]
        if line and sum(map(display_width, line)) + display_width(token) > width and not token.isspace():
            carried = []
            if token[0] in _NO_LINE_START and len(line) > 1:  # 「）」 may not start a line: take a
                carried = [line.pop()]  # character along with it
            while line and line[-1].isspace():
                line.pop()
            lines.append(carried)
        if lines[-1] or not token.isspace():
            lines[-1].append(token)
    return ["".join(line).rstrip() for line in lines if "".join(line).strip()]


class ChineseHelpFormatter(BaseHelpFormatter):
    """The help layout of every kepu-plan command (the Context's `formatter_class`): lines measured in
    columns, broken between Chinese characters, and the usage line's prefix in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, TEXT["usage"] if prefix is None else prefix)

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            if n:
                self.write("\n")
            if paragraph.startswith("\b"):  # click's "do not rewrap" marker
                self.write("".join(f"{indent}{line}\n" for line in paragraph[1:].strip("\n").splitlines()))
                continue
            for line in wrap(paragraph, max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - self.current_indent, 10)) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class ChineseContext(typer.Context):
    """The context of every kepu-plan command: Click's documented hook for the help layout."""

    formatter_class = ChineseHelpFormatter
