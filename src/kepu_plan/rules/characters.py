"""Rules about characters a reader cannot see: pasted from Word or a web page, they break searches,
comparisons between years and unit-name matching, while the document looks fine."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import codes
from ..charsets import INVISIBLE
from ..diagnostics import Diagnostic
from ..patterns import lazy_pattern
from ..yamlsource import YamlPath
from . import Context, rule

NAMES = {
    "\u00ad": "软连字符",
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u200e": "从左到右标记",
    "\u200f": "从右到左标记",
    "\u2060": "零宽不换行空格",
    "\ufeff": "零宽不换行空格（BOM）",
}
_CJK = lazy_pattern(r"[\u3400-\u9fff]")  # 2 ms to compile: only when a line has " #"
EDGE_SPACE = re.compile(r"^[\s\u3000]+|[\s\u3000]+$")


@rule(codes.INVISIBLE_CHARACTERS)
def invisible_characters(ctx: Context) -> Iterator[Diagnostic]:
    """Zero-width and direction marks, soft hyphens, and spaces (also full-width　) at either end, in the
    text and in the unit names of tasks (市科协 with a zero-width space is another name that looks the same).

    warn:  ``title: 加强卫生健康科普。\\u200b``（末尾有零宽空格）；``text: "　　把科学普及放在…"``（手打的缩进）
    warn:  ``units: [["市科协\\u3000"]]``（单位名称末尾有全角空格）
    pass:  ``text: 中共中央办公厅 国务院办公厅印发…``（文字中间的空格是作者原文）
    """
    for path, text in ctx.texts():
        if _suspect(text):
            yield from _invisible(ctx, path, text, "文字")
    for task_path, task in ctx.tasks():
        if task.lead and _suspect(task.lead):
            yield from _invisible(ctx, (*task_path, "lead"), task.lead, "单位名称")
    suspect: dict[str, bool] = {}  # a plan names the same few dozen units thousands of times
    for _, path, name in ctx.unit_references():
        found = suspect.get(name)
        if found is None:
            found = suspect[name] = _suspect(name)
        if found:
            yield from _invisible(ctx, path, name, "单位名称")


def _suspect(text: str) -> bool:
    """Whether _invisible has anything to say about `text` (most text is clean: one search, no generator)."""
    return INVISIBLE.search(text) is not None or text[:1].isspace() or text[-1:].isspace()


def _invisible(ctx: Context, path: YamlPath, text: str, what: str) -> Iterator[Diagnostic]:
    match = INVISIBLE.search(text)
    if match:
        code = f"U+{ord(match.group()):04X}"
        name = NAMES.get(match.group(), "不可见的控制符")
        yield ctx.report(
            codes.INVISIBLE_CHARACTERS,
            f"{what}中有看不见的字符 {code}（{name}）",
            path,
            offset=match.start(),
            hint="删除该字符",
        )
    if text[:1].isspace() or text[-1:].isspace():  # str.isspace knows the full-width space too
        edge = EDGE_SPACE.search(text)
        assert edge is not None
        where = "开头" if edge.start() == 0 else "末尾"
        yield ctx.report(
            codes.INVISIBLE_CHARACTERS,
            f"{what}{where}有空格（缩进和间距由文档格式决定，不必手打）",
            path,
            offset=edge.start(),
            hint=f"删除{where}的空格",
        )


#: A plain (unquoted) value followed on its line by " #": YAML reads the rest as a comment.
_COMMENT_AFTER_TEXT = re.compile(
    # atomic groups: a key or list marker, when present, is never re-read as the start of the text
    r"^[ \t]*(?>(?:-[ \t]+)*)(?>(?:[\w-]+:[ \t]+)?)(?!['\"|>&*!#\[{])\S[^\n]*?[ \t]#",
    re.MULTILINE,
)


@rule(codes.COMMENT_IN_TEXT)
def comment_in_text(ctx: Context) -> Iterator[Diagnostic]:
    """In YAML, " #" after unquoted text starts a comment: the rest of the line silently disappears.

    warn:  ``text: 详见 http://example.org/a #第二部分``（“#第二部分”不会出现在文档中）
    pass:  ``text: "详见 http://example.org/a #第二部分"``；或写全角“＃”
    """
    text = ctx.source.text
    if " #" not in text and "\t#" not in text:
        return
    for match in _COMMENT_AFTER_TEXT.finditer(text):
        if not _CJK().search(match.group()):
            continue  # year: 2025  # a comment after a number or a key is the author's own note
        line = text.count("\n", 0, match.start()) + 1
        col = match.end() - match.start()
        yield codes.COMMENT_IN_TEXT.at(
            "“ #”及其后的文字被 YAML 当作注释，不会出现在文档中",
            ctx.source.file,
            line,
            col,
            "给整段文字加引号，或把 # 改为全角“＃”；确是注释的，请单独写一行",
        )
