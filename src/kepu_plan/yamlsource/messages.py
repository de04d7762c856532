"""What a user reads when a file is not YAML a plan can use: libyaml's problems in Chinese, and the
punctuation a Chinese input method types where YAML wants ASCII.

Kept apart from the parse so that a rule (rules/units.py) can name a character the same way without
importing the parser.
"""

from __future__ import annotations

import re

from .. import codes
from ..diagnostics import Diagnostic, LoadError

YAML_PROBLEMS = [
    (
        "found character '\\t' that cannot start any token",
        "此处有制表符（Tab），YAML 只能用空格缩进",
        "把 Tab 换成空格",
    ),
    (
        "mapping values are not allowed",
        "此处不能出现“:”",
        "冒号后要有空格；文字中的半角冒号请改为全角“：”或给整段加引号",
    ),
    ("could not find expected ':'", "缺少“:”", None),
    ("found a tab character", "此处有制表符（Tab），YAML 只能用空格缩进", "把 Tab 换成空格"),
    ("did not find expected key", "缩进不一致，找不到应有的键", "检查此行与上一行的缩进"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "检查此行与上一行的缩进"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合", "检查 [ ] 是否成对、逗号是否为半角"),
    ("did not find expected ',' or '}'", "花括号映射没有闭合", "检查 { } 是否成对"),
    ("found unexpected end of stream", "文件意外结束", "检查引号或括号是否闭合"),
    ("found undefined alias", "引用了未定义的锚点", None),
    ("found unknown escape character", "引号内有无效的转义字符", "在双引号中把 \\ 写成 \\\\，或改用单引号"),
    ("found invalid Unicode character escape code", "引号内有无效的 Unicode 转义", "删除该转义"),
    ("expected <document start>", "此处不应有新的内容块", "检查缩进"),
    ("did not find expected node content", "此处缺少内容", "检查列表或映射是否写完整"),
    ("block sequence entries are not allowed", "此处不能开始列表（-）", "检查缩进，或把这一项移到下一行"),
    # the composer's "found duplicate anchor 'x'; first occurrence … second occurrence" (marked at the second)
    ("found duplicate anchor", "锚点名重复：同一个 &名称 在文件中定义了两次", "给其中一个锚点换一个名字"),
    (
        "did not find expected alphabetic or numeric character",
        "锚点（&）或别名（*）的名字只能用半角字母、数字、“_”和“-”",
        "改用英文名字；文字中的 & 或 * 请给整段加引号",
    ),
    ("found duplicate", "重复的 YAML 指令（%YAML 或 %TAG）", "删除重复的一行"),
    ("found incompatible YAML document", "不支持的 YAML 版本", "删除文件开头的 %YAML 一行"),
    ("while scanning a quoted scalar", "引号没有闭合", "补上结尾的引号"),
    ("while scanning a simple key", "此处缺少“:”", None),
    ("found character that cannot start any token", "此处的字符不能开始一个 YAML 值", "给这段文字加引号"),
    ("expected a single document", "文件中有多个 YAML 文档（---）", "一个计划文件只放一个文档"),
]


#: What a writer with a Chinese input method types where YAML wants ASCII: a key's colon, a flow
#: list's brackets, a block list's dash. YAML takes them as text, and the error (if any) comes a
#: line later or as a wrong type, so they are looked for by name when a file fails to load.
FULL_WIDTH_NAMES = {
    "：": "全角冒号",
    "，": "全角逗号",
    "、": "顿号",
    "；": "全角分号",
    "［": "全角方括号",
    "］": "全角方括号",
    "｛": "全角花括号",
    "｝": "全角花括号",
    "－": "全角短横线",
    "—": "破折号",
}
_FULL_WIDTH_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*(：)", re.MULTILINE)
_FULL_WIDTH_OPEN = re.compile(r"(?:^[ \t]*|:[ \t]+|-[ \t]+)(［|｛)", re.MULTILINE)
_FULL_WIDTH_DASH = re.compile(r"^[ \t]*(－|—)[ \t]*(?=\S)", re.MULTILINE)


def describe_character(ch: str) -> str:
    """「：」（全角冒号，U+FF1A）"""
    name = FULL_WIDTH_NAMES.get(ch)
    return f"「{ch}」（{name}，U+{ord(ch):04X}）" if name else f"「{ch}」（U+{ord(ch):04X}）"


def full_width_syntax(text: str, display: str) -> list[Diagnostic]:
    """KP006 for each place where YAML punctuation was typed full-width (`units：`, `［［…］］`, `－ 项`)."""
    found: list[tuple[int, Diagnostic]] = []

    def report(at: int, message: str, hint: str) -> None:
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        found.append((at, codes.FULL_WIDTH_SYNTAX.at(message, display, line, col, hint)))

    for match in _FULL_WIDTH_KEY.finditer(text):
        key = match.group(1)
        report(
            match.start(2),
            f"键「{key}」后面是{describe_character('：')}：YAML 只认半角冒号，整行被当成了一段文字",
            f"改为「{key}: 」（半角冒号，后面加一个空格）",
        )
    for match in _FULL_WIDTH_OPEN.finditer(text):
        ch = match.group(1)
        ascii_pair = "[ ]" if ch == "［" else "{ }"
        report(
            match.start(1),
            f"列表以{describe_character(ch)}开头：YAML 只认半角括号，整个值被当成了一段文字",
            f"改为半角 {ascii_pair}，如 units: [[市科技局, 市科协]]",
        )
    for match in _FULL_WIDTH_DASH.finditer(text):
        report(
            match.start(1),
            f"列表项以{describe_character(match.group(1))}开头：YAML 只认半角“-”",
            "改为「- 」（半角短横线，后面加一个空格）",
        )
    return [d for _, d in sorted(found, key=lambda item: item[0])]


def yaml_error(exc: Exception, display: str) -> LoadError:
    """A parser's or composer's error (libyaml's English) as a located Chinese KP001: the problem's
    mark where there is one (else the context's), and advice for the problems writers meet most."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [""])[0]
    message = f"无法解析（{problem}）"
    hint: str | None = "检查此处及上一行的缩进、引号和括号"
    for english, chinese, advice in YAML_PROBLEMS:
        if english in str(problem) or english in str(exc):
            message, hint = chinese, advice
            break
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return LoadError.at(codes.YAML_SYNTAX, f"YAML 语法错误：{message}", display, line, col, hint)
