"""YAML text → plain Python data, remembering where every value stood.

Why not ruamel's round-trip loader: it is ~7× slower than the C parser, and validate runs in every
pre-commit. ruamel's own `YAML(typ="safe").compose` still composes nodes in Python and resolves
every scalar through its versioned resolver (most of the time for a large plan), so we drive the C
parser directly with a small YAML 1.2 core-schema resolver that answers "text" at once for the
Chinese prose that makes up a plan. Building the data ourselves also lets us refuse what a plan never
needs (custom tags, merge keys, alias bombs, duplicate keys) with a located message.

The data is built from the parser's events as they come (no node tree: composing ruamel's nodes cost
five times libyaml's own parse), and where each value stood is kept as ints in a tree shaped like the
data (SourceMap). Only a file with anchors is composed first, so that its aliases expand as before.
"""

from __future__ import annotations

import gc
import re
from itertools import accumulate
from typing import Any

from . import codes
from .diagnostics import Code, Diagnostic, LoadError

YamlPath = tuple[str | int, ...]

#: Limits for hostile input. A real plan is ~40 KB and ~1,000 nodes.
MAX_NODES = 2_000_000  # nodes built, counting every alias expansion: stops "billion laughs" early
MAX_DEPTH = 64  # nesting of mappings and sequences; a plan needs 8

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"{_T}{n}" for n in ("str", "int", "float", "bool", "null", "timestamp")
)
SEQ, MAP, MERGE = f"{_T}seq", f"{_T}map", f"{_T}merge"

# YAML 1.2 core schema, plus timestamps (kept as text: the model parses dates itself).
_IMPLICIT = [
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$")),
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")),
    (INT, re.compile(r"^(?:[-+]?[0-9_]+|0o[0-7_]+|0x[0-9a-fA-F_]+)$")),
    (
        FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
    ),
    (TIMESTAMP, re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")),
]
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF<")  # "<": the merge key "<<"


def _parser_class() -> type:
    """The C parser with our resolver; built on first use so that importing this module stays cheap."""
    global _Parser
    if _Parser is not None:
        return _Parser
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]
    except ImportError:  # no C extension (PyPy, exotic platform): ruamel's pure-Python parser
        _Parser = _PurePythonParser
        return _Parser
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    class _CParser(CParser):
        def descend_resolver(self, *args: Any) -> None:
            pass

        def ascend_resolver(self, *args: Any) -> None:
            pass

        def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is MappingNode:
                return MAP
            if kind is SequenceNode:
                return SEQ
            return _resolve_scalar(value, implicit)

    _Parser = _CParser
    return _Parser


_Parser: type | None = None


def _resolve_plain(value: str) -> str:
    if value == "<<":
        return MERGE
    for tag, pattern in _IMPLICIT:
        if pattern.match(value):
            return tag
    return STR


class _PurePythonParser:
    """Fallback with the same interface, for interpreters without ruamel's C extension."""

    def __init__(self, text: str):
        from ruamel.yaml import YAML

        self._yaml = YAML(typ="safe", pure=True)
        self._text = text

    def get_single_node(self) -> Any:
        return self._yaml.compose(self._text)


#: Where one value stands. A scalar is one int (see _scalar_at); a mapping is (where, {key: where the key
#: stands}, {key: its value's entry}); a sequence is (where, [entries]). Plain ints and containers, not
#: the parser's nodes: a large plan composes ~40,000 nodes with two marks and a tag each, and keeping them
#: made the cyclic GC rescan all of them (a sixth of validate's time on a 3,000-task plan).
Entry = Any
_COLUMN_BITS = 32  # a column fits: input files are capped far below 4 G characters
_ONE_LINE, _QUOTED, _PLAIN = 4, 2, 1  # the low bits of a scalar's int: how its text maps to columns


def _at(node: Any) -> int:
    """A node's start (0-based line and column) as one int, with room for three flag bits."""
    mark = node.start_mark
    return ((mark.line << _COLUMN_BITS) | mark.column) << 3


def _scalar_at(node: Any) -> int:
    """Where a scalar stands, and whether an offset inside its text is a column offset: on one line,
    plain (None from the pure-Python parser, "" from the C one) or quoted, not a block (| >)."""
    mark, style = node.start_mark, node.style
    at = ((mark.line << _COLUMN_BITS) | mark.column) << 3
    if node.end_mark.line == mark.line:
        at |= _ONE_LINE
    if not style:
        return at | _PLAIN
    if style == "'" or style == '"':
        return at | _QUOTED
    return at


def _line_column(at: int) -> tuple[int, int]:
    """1-based line and column."""
    at >>= 3
    return (at >> _COLUMN_BITS) + 1, (at & ((1 << _COLUMN_BITS) - 1)) + 1


class SourceMap:
    """Where each value of a YAML document stands (1-based line and column), by its path.

    The positions are recorded while the data is built, packed into ints in a tree shaped like the
    data (see Entry), and walked only when a diagnostic needs a position.
    """

    def __init__(self, file: str, root: Entry = None, text: str = ""):
        self.file = file
        self.root = root
        self.text = text  # the file as read, for the few rules that look at how it was written

    def _walk(self, path: YamlPath) -> tuple[Entry, int | None, YamlPath]:
        """The deepest entry along `path`, where the key that led to it stands, and the path actually found."""
        entry, key_at = self.root, None
        found: YamlPath = ()
        for part in path:
            if entry is None or isinstance(entry, int):
                break  # a scalar has nothing inside it
            if len(entry) == 2:  # a sequence
                items = entry[1]
                if not isinstance(part, int) or not 0 <= part < len(items):
                    break
                entry, key_at = items[part], None
            else:  # a mapping
                if not isinstance(part, str) or part not in entry[2]:
                    break
                key_at, entry = entry[1][part], entry[2][part]
            found = (*found, part)
        return entry, key_at, found

    def has(self, path: YamlPath) -> bool:
        return self._walk(path)[2] == tuple(path)

    def locate(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists (a missing field → its mapping)."""
        entry, key_at, found = self._walk(path)
        if entry is None:
            return 1, 1
        if key and key_at is not None and found == tuple(path):
            return _line_column(key_at)
        return _line_column(entry if isinstance(entry, int) else entry[0])

    def locate_in_text(self, path: YamlPath, offset: int) -> tuple[int, int]:
        """The position of character `offset` inside a one-line scalar; the scalar's start otherwise."""
        entry, _, found = self._walk(path)
        line, col = self.locate(path)
        if found != tuple(path) or not isinstance(entry, int) or not entry & _ONE_LINE:
            return line, col
        if entry & _PLAIN:
            return line, col + offset
        if entry & _QUOTED:
            return line, col + 1 + offset
        return line, col

    def diagnostic(
        self,
        code: Code,
        message: str,
        path: YamlPath,
        *,
        hint: str | None = None,
        offset: int | None = None,
        key: bool = False,
    ) -> Diagnostic:
        line, col = self.locate(path, key=key) if offset is None else self.locate_in_text(path, offset)
        return code.at(message, self.file, line, col, hint)


_YAML_PROBLEMS = [
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


def _yaml_error(exc: Exception, display: str) -> LoadError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [""])[0]
    message = f"无法解析（{problem}）"
    hint: str | None = "检查此处及上一行的缩进、引号和括号"
    for english, chinese, advice in _YAML_PROBLEMS:
        if english in str(problem) or english in str(exc):
            message, hint = chinese, advice
            break
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return LoadError.at(codes.YAML_SYNTAX, f"YAML 语法错误：{message}", display, line, col, hint)


def _tag(node: Any) -> str | None:
    """The resolved tag as the parser gave it. (`node.tag` re-decodes a URI on every call: slow.)"""
    ctag = node.ctag
    return None if ctag is None else ctag.suffix


def _resolve_scalar(value: str, implicit: tuple[bool, bool]) -> str:
    """The tag of a scalar written without one (YAML 1.2 core schema, see _IMPLICIT)."""
    if not implicit[0] or (value and value[0] not in _MAYBE_NOT_TEXT):
        return STR  # quoted, or plain text that cannot be a number, boolean, null or date
    return _resolve_plain(value)


def _scalar_tag(event: Any) -> str:
    """A scalar event's tag, resolved as ruamel's composer does: none written, or the non-specific "!"."""
    tag = event.ctag
    if tag is None or tag == "!":
        return _resolve_scalar(event.value, event.implicit)
    return str(tag)


def _collection_tag(event: Any, default: str) -> str:
    tag = event.ctag
    return default if tag is None or tag == "!" else str(tag)


class _Stop(Exception):
    """The builder refuses the document (too deep, too many nodes): raised once the parse is over."""

    def __init__(self, error: LoadError):
        super().__init__(str(error))
        self.error = error


class _Events:
    """The C parser's events, read one by one: the document is built as it is parsed. Composing
    ruamel's node objects first (two marks and a tag each, through Python constructors) cost five
    times the parse itself, and the builder then walked them all again."""

    def __init__(self, parser: Any):
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentEndEvent,
            MappingEndEvent,
            MappingStartEvent,
            SequenceEndEvent,
            SequenceStartEvent,
            StreamEndEvent,
        )

        self.next = parser.get_event
        self._alias, self._document_end, self._stream_end = AliasEvent, DocumentEndEvent, StreamEndEvent
        self._starts = (MappingStartEvent, SequenceStartEvent)
        self._ends = (MappingEndEvent, SequenceEndEvent)

    def start(self) -> bool:
        """Read the start of the stream; whether a document follows (a file of comments has none)."""
        self.next()  # the stream's start
        return self.next().__class__ is not self._stream_end  # else the document's start

    def skip(self, event: Any) -> None:
        """Read past what `event` opened (a key or a value not built): the parser still checks it."""
        if event.__class__ is self._alias:
            raise _undefined_alias(event)
        if event.__class__ not in self._starts:
            return
        depth = 1
        while depth:
            inner = self.next()
            cls = inner.__class__
            if cls in self._starts:
                depth += 1
            elif cls in self._ends:
                depth -= 1
            elif cls is self._alias:
                raise _undefined_alias(inner)

    def finish(self, root: Any) -> None:
        """Read to the end of the document (all of it after a refusal: the parser's own errors come
        first, as when the whole document was composed before building), then check that no other
        document follows, with the error ruamel's composer raises."""
        while (event := self.next()).__class__ is not self._document_end:
            if event.__class__ is self._alias:
                raise _undefined_alias(event)
        event = self.next()
        if event.__class__ is not self._stream_end:
            from ruamel.yaml.composer import ComposerError

            raise ComposerError(
                "expected a single document in the stream",
                root.start_mark,
                "but found another document",
                event.start_mark,
            )


def _undefined_alias(event: Any) -> Exception:
    """The error ruamel's composer raises for *name without &name (no anchor is in the text)."""
    from ruamel.yaml.composer import ComposerError

    return ComposerError(None, None, "found undefined alias", event.start_mark)


class _NodeEvents:
    """A composed node tree read as events, for the builder: a document with anchors is composed
    (aliases are its nodes met again, expanded wherever they are used), then built like any other."""

    def __init__(self, root: Any):
        from ruamel.yaml.events import (
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        self._classes = (MappingNode, SequenceNode)
        self._events = (MappingStartEvent, MappingEndEvent, SequenceStartEvent, SequenceEndEvent, ScalarEvent)
        self._stack: list[tuple[Any, Any]] = [(iter([root]), None)]

    def next(self) -> Any:
        map_start, map_end, seq_start, seq_end, scalar = self._events
        items, end = self._stack[-1]
        node = next(items, None)
        if node is None:
            self._stack.pop()
            return end
        tag = _tag(node)
        if node.__class__ is self._classes[0]:
            self._stack.append((iter([part for pair in node.value for part in pair]), map_end()))
            return map_start(None, tag, False, node.start_mark, node.end_mark)
        if node.__class__ is self._classes[1]:
            self._stack.append((iter(node.value), seq_end()))
            return seq_start(None, tag, False, node.start_mark, node.end_mark)
        return scalar(None, tag, (False, False), node.value, node.start_mark, node.end_mark, node.style)

    def skip(self, event: Any) -> None:
        if event.__class__ in (self._events[0], self._events[2]):
            self._stack.pop()  # its children, never read (a recursive alias would never end)

    def finish(self, root: Any) -> None:
        pass  # composed already: the parser has read and checked all of the stream


class _Builder:
    """Builds dicts, lists and scalars from parse events, refusing what a plan never needs, and
    records where each value stands (the SourceMap's entries)."""

    def __init__(self, file: str, source: _Events | _NodeEvents):
        from ruamel.yaml.events import (
            AliasEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
        )

        self.file = file
        self.source = source
        self.nodes = 0
        self.problems: list[Diagnostic] = []
        self._scalar_event, self._mapping_start, self._mapping_end = (
            ScalarEvent,
            MappingStartEvent,
            MappingEndEvent,
        )
        self._sequence_end, self._alias = SequenceEndEvent, AliasEvent

    def problem(self, code: Code, message: str, event: Any, hint: str | None = None) -> None:
        mark = event.start_mark
        self.problems.append(code.at(message, self.file, mark.line + 1, mark.column + 1, hint))

    def _stop(self, message: str, event: Any) -> _Stop:
        mark = event.start_mark
        return _Stop(LoadError.at(codes.YAML_SYNTAX, message, self.file, mark.line + 1, mark.column + 1))

    def document(self) -> tuple[Any, Any, Entry, LoadError | None]:
        """The root event, the document's value, its entry and the refusal if any (too deep, too many
        nodes: reported once the source has been read to its end)."""
        root = self.source.next()
        try:
            data, positions = self.build(root)
        except _Stop as stop:
            self.source.finish(root)
            return root, None, None, stop.error
        self.source.finish(root)
        return root, data, positions, None

    def build(self, event: Any, depth: int = 0) -> tuple[Any, Entry]:
        """The value `event` starts and where it and everything in it stand (an Entry of the SourceMap)."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self._stop(f"YAML 展开后节点过多（超过 {MAX_NODES:,} 个），疑似别名炸弹，已拒绝", event)
        cls = event.__class__
        if cls is self._scalar_event:
            value = event.value
            if event.ctag is None and (not event.implicit[0] or (value and value[0] not in _MAYBE_NOT_TEXT)):
                return value, _scalar_at(event)  # text (most of a plan), without resolving it in two calls
            tag = _scalar_tag(event)
            return (value if tag == STR else self._scalar(tag, event)), _scalar_at(event)
        if cls is self._alias:
            raise _undefined_alias(event)
        if depth >= MAX_DEPTH:
            raise self._stop(f"嵌套层级过深（超过 {MAX_DEPTH} 层）", event)
        if cls is self._mapping_start:
            return self._mapping(event, depth)
        tag = _collection_tag(event, SEQ)
        if tag != SEQ:
            self.problem(codes.YAML_SYNTAX, f"不支持的 YAML 标签「{tag}」", event, "删除该标签")
        items: list[Any] = []
        entries: list[Entry] = []
        read, end = self.source.next, self._sequence_end
        while (item := read()).__class__ is not end:
            value, entry = self.build(item, depth + 1)
            items.append(value)
            entries.append(entry)
        return items, (_at(event), entries)

    def _mapping(self, event: Any, depth: int) -> tuple[dict[str, Any], Entry]:
        tag = _collection_tag(event, MAP)
        if tag != MAP:
            self.problem(codes.YAML_SYNTAX, f"不支持的 YAML 标签「{tag}」", event, "删除该标签")
        result: dict[str, Any] = {}
        keys: dict[str, int] = {}  # where each key stands
        entries: dict[str, Entry] = {}
        read, skip, end, scalar = self.source.next, self.source.skip, self._mapping_end, self._scalar_event
        while (key_event := read()).__class__ is not end:
            if key_event.__class__ is not scalar:
                if key_event.__class__ is self._alias:
                    raise _undefined_alias(key_event)
                self.problem(codes.INVALID_VALUE, "键必须是简单文本", key_event)
                skip(key_event)
                skip(read())
                continue
            key = key_event.value
            if (key == "<<" or key_event.ctag is not None) and _scalar_tag(key_event) == MERGE:
                self.problem(
                    codes.YAML_SYNTAX, "计划文件不支持合并键“<<”", key_event, "把要合并的内容直接写出"
                )
                skip(read())
                continue
            if key in result:
                self.problem(
                    codes.DUPLICATE_KEY,
                    f"键「{key}」重复（第一次出现在第 {_line_column(keys[key])[0]} 行）",
                    key_event,
                    "删除或合并重复的键；YAML 只会保留其中一个",
                )
                skip(read())
                continue
            mark = key_event.start_mark
            keys[key] = (
                (mark.line << _COLUMN_BITS) | mark.column
            ) << 3  # _at(key_event), one call less per key
            result[key], entries[key] = self.build(read(), depth + 1)
        return result, (_at(event), keys, entries)

    def _scalar(self, tag: str, event: Any) -> Any:
        value = event.value
        if tag in (STR, TIMESTAMP):
            return value  # timestamps stay text: the model parses dates itself
        if tag == NULL:
            return None
        if tag == BOOL:
            return value.lower() == "true"
        if tag == INT:
            digits = value.replace("_", "")
            for base in (0, 10):  # 0x1F, 0o17, 42; then 0042, which base 0 refuses
                try:
                    return int(digits, base)
                except ValueError:
                    continue
            return value
        if tag == FLOAT:
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        self.problem(
            codes.YAML_SYNTAX,
            f"不支持的 YAML 标签「{tag}」：计划文件只用纯文本、数字、列表和映射",
            event,
            "删除该标签",
        )
        return value


#: libyaml's composer recurses in C once per nesting level and crashes the interpreter somewhere
#: past 20,000 levels; the builder refuses more than MAX_DEPTH anyway. So nesting is estimated
#: before parsing, generously (brackets inside quoted text count too), and absurd files are refused.
NESTING_GUARD = 1000
_BRACKET = re.compile(r"[\[\]{}]")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
#: A line that starts with NESTING_GUARD indentation or block indicators. Searched as "\n" + the run
#: (and matched at the very start separately): a pattern that begins with a literal is found by a fast
#: scan, while ^ in MULTILINE mode is tried at every character (8x slower on a 2 MB plan).
_LEADING_FIRST = re.compile(rf"[ \t\-?:]{{{NESTING_GUARD}}}")
_LEADING = re.compile(rf"\n[ \t\-?:]{{{NESTING_GUARD}}}")


def _too_deep(text: str) -> int | None:
    """The line where nesting goes past NESTING_GUARD levels, or None.

    The fast path keeps only the brackets (a regex substitution in C) and sums them; only a file
    that is really that deep is walked bracket by bracket to find the line to report.
    """
    brackets = _NOT_BRACKET.sub("", text)
    if (
        len(brackets) > NESTING_GUARD
        and max(accumulate(1 if c in "[{" else -1 for c in brackets)) > NESTING_GUARD
    ):
        depth = 0
        for match in _BRACKET.finditer(text):
            depth = depth + 1 if match.group() in "[{" else depth - 1
            if depth > NESTING_GUARD:
                return text.count("\n", 0, match.start()) + 1
    if _LEADING_FIRST.match(text):
        return 1
    deep = _LEADING.search(text)
    return None if deep is None else text.count("\n", 0, deep.start()) + 2  # the line after the "\n"


_ANCHOR = re.compile(r"&[^\s\[\]{},]")


def _expanded_size(root: Any, limit: int) -> int:
    """How many nodes the document has once every alias is expanded, counted without expanding it.

    Aliases are the same node object met again, so sizes are memoised by identity: a "billion
    laughs" file is measured in microseconds and refused before anything is built.
    """
    sizes: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        total = 1
        if depth <= MAX_DEPTH and isinstance(node.value, list):
            for child in node.value:
                if isinstance(child, tuple):
                    total += size(child[0], depth + 1) + size(child[1], depth + 1)
                else:
                    total += size(child, depth + 1)
                if total > limit:
                    break
        sizes[id(node)] = total
        return total

    return size(root, 0)


#: A document this large (values built) goes straight into the GC's oldest generation. A real plan
#: has ~1,000 values, the 100x synthetic plan 29,000.
PROMOTE_NODES = 10_000


def _promote_young_objects() -> None:
    """Move what was just built into the GC's oldest generation, unscanned.

    A large document (tens of thousands of dicts, lists and tuples) lives as long as the plan and
    cannot form a cycle, but the young generation's next collection would scan all of it, and the
    middle one's again (validate of the 100x plan: 0.356 s -> 0.320 s CPU without them).
    gc.freeze() then gc.unfreeze() moves every tracked object into the oldest generation without
    looking at it: what two collections would have concluded. Left alone when something else has
    frozen objects (unfreeze would release them too)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


_CONFLICT = re.compile(r"^(?:<{7}|>{7}|={7})(?: |$)", re.MULTILINE)


def parse_yaml(text: str, display: str) -> tuple[Any, SourceMap]:
    """YAML text → plain Python data and a :class:`SourceMap`; raises LoadError with located problems."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import ScalarEvent

    # the markers looked for first as plain substrings: a scan in C, where the MULTILINE ^ is tried at
    # every character of the file
    maybe = "<<<<<<<" in text or ">>>>>>>" in text or "=======" in text
    conflict = _CONFLICT.search(text) if maybe else None
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise LoadError.at(
            codes.YAML_SYNTAX,
            "文件中留有合并冲突标记",
            display,
            line,
            1,
            "解决冲突后删除 <<<<<<< ======= >>>>>>> 各行",
        )
    deep = _too_deep(text)
    if deep is not None:
        raise LoadError.at(
            codes.YAML_SYNTAX, f"嵌套层级过深（超过 {MAX_DEPTH} 层）", display, deep, 1, "检查括号是否成对"
        )
    anchored = _ANCHOR.search(text) is not None
    parser_class = _parser_class()
    parser = parser_class(text)
    # Without anchors (a plan never needs them) the document is built from the parser's events as it
    # is parsed. With them it is composed first: an alias is then its anchor's node met again, and
    # the builder expands it wherever it is used (after the alias-bomb check has counted the cost).
    from_events = not anchored and parser_class is not _PurePythonParser
    # The parse makes ~10 objects per line and keeps many: the cyclic GC would rescan the growing heap
    # again and again for nothing (half the parse time for a large plan). Nothing here is cyclic.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    builder: _Builder | None = None
    try:
        refused: LoadError | None = None
        try:
            if from_events:
                events = _Events(parser)
                root = None
                if events.start():
                    builder = _Builder(display, events)
                    root, data, positions, refused = builder.document()
                empty = root is None or (
                    root.__class__ is ScalarEvent and _scalar_tag(root) == NULL and not root.value.strip()
                )
            else:
                node = parser.get_single_node()
                empty = node is None or (_tag(node) == NULL and not node.value.strip())
        except (YAMLError, ValueError) as exc:
            raise LoadError(
                full_width_syntax(text, display) or _yaml_error(exc, display).diagnostics
            ) from None
        except RecursionError:
            raise LoadError.at(codes.YAML_SYNTAX, f"嵌套层级过深（超过 {MAX_DEPTH} 层）", display) from None
        if empty:
            raise LoadError.at(
                codes.YAML_SYNTAX, "文件是空的", display
            )  # nothing, or only "---" and comments
        if not from_events:
            if anchored and _expanded_size(node, MAX_NODES) > MAX_NODES:
                message = f"YAML 展开后节点过多（超过 {MAX_NODES:,} 个），疑似别名炸弹，已拒绝"
                raise LoadError.at(
                    codes.YAML_SYNTAX, message, display, hint="不要用锚点（&）和别名（*）层层引用"
                )
            builder = _Builder(display, _NodeEvents(node))
            _, data, positions, refused = builder.document()
        if refused is not None:
            raise refused
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
        # the nodes (if composed) go now, freed by their reference counts, before the cyclic GC
        # could scan them
        node = parser = None
        if gc_was_enabled:
            if builder is not None and builder.nodes > PROMOTE_NODES:
                _promote_young_objects()
            gc.enable()
    assert builder is not None  # an empty file was refused above
    if builder.problems:
        raise LoadError(builder.problems)
    return data, SourceMap(display, positions, text)
