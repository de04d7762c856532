"""The one walk over a composed document: plain dicts, lists and scalars, where each of them stands
(the SourceMap's entries), and the located problems of what a plan never needs.

Refused here, each at its place: tags other than the core schema's (nothing is ever constructed from
a tag), merge keys, keys that are not plain text, duplicate keys, and nesting deeper than MAX_DEPTH.
An alias is its anchor's node met again, so it is built again wherever it is used; the guards have
measured the cost of that before the walk starts (guards.expanded_size).

Text is by far the most common value of a plan: the loops below take a scalar whose tag is the
resolver's TEXT without a call, and pack positions in place.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode

from .. import codes
from ..diagnostics import Code, Diagnostic, LoadError
from .compose import BOOL, FLOAT, INT, MAP, MAPPING, MERGE, NULL, SEQ, SEQUENCE, STR, TEXT, TIMESTAMP, tag_of
from .guards import MAX_DEPTH, TOO_DEEP
from .positions import COLUMN_BITS, FLAG_BITS, Entry, at, line_column, scalar_at


class Walk:
    """Builds the data of one composed document and records where each value stands."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Diagnostic] = []
        self.nodes = 0  # children of the collections built: the document's size, for the GC

    def problem(self, code: Code, message: str, node: Any, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(code.at(message, self.file, mark.line + 1, mark.column + 1, hint))

    def value(self, node: Any, depth: int = 0) -> tuple[Any, Entry]:
        """The value `node` stands for and where it and everything in it stand (an Entry)."""
        cls = node.__class__
        if cls is ScalarNode:
            return (node.value if node.ctag is TEXT else self.scalar(node)), scalar_at(node)
        if depth >= MAX_DEPTH:
            mark = node.start_mark
            raise LoadError.at(codes.YAML_SYNTAX, TOO_DEEP, self.file, mark.line + 1, mark.column + 1)
        if cls is MappingNode:
            return self.mapping(node, depth)
        return self.sequence(node, depth)

    def sequence(self, node: Any, depth: int) -> tuple[list[Any], Entry]:
        self.check_collection_tag(node, SEQUENCE, SEQ)
        items: list[Any] = []
        entries: list[Entry] = []
        add, place = items.append, entries.append
        for item in node.value:
            if item.__class__ is ScalarNode:
                add(item.value if item.ctag is TEXT else self.scalar(item))
                place(scalar_at(item))
            else:
                value, entry = self.value(item, depth + 1)
                add(value)
                place(entry)
        self.nodes += len(items)
        return items, (at(node.start_mark), entries)

    def mapping(self, node: Any, depth: int) -> tuple[dict[str, Any], Entry]:
        self.check_collection_tag(node, MAPPING, MAP)
        result: dict[str, Any] = {}
        keys: dict[str, int] = {}  # where each key stands
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self.problem(codes.INVALID_VALUE, "键必须是简单文本", key_node)
                continue
            key = key_node.value
            if key_node.ctag is not TEXT and tag_of(key_node) == MERGE:
                self.problem(
                    codes.YAML_SYNTAX, "计划文件不支持合并键“<<”", key_node, "把要合并的内容直接写出"
                )
                continue
            if key in result:
                self.problem(
                    codes.DUPLICATE_KEY,
                    f"键「{key}」重复（第一次出现在第 {line_column(keys[key])[0]} 行）",
                    key_node,
                    "删除或合并重复的键；YAML 只会保留其中一个",
                )
                continue
            mark = key_node.start_mark
            keys[key] = ((mark.line << COLUMN_BITS) | mark.column) << FLAG_BITS
            if value_node.__class__ is ScalarNode:
                result[key] = value_node.value if value_node.ctag is TEXT else self.scalar(value_node)
                entries[key] = scalar_at(value_node)
            else:
                result[key], entries[key] = self.value(value_node, depth + 1)
        self.nodes += len(result)
        return result, (at(node.start_mark), keys, entries)

    def check_collection_tag(self, node: Any, expected: Any, name: str) -> None:
        if node.ctag is not expected:
            tag = tag_of(node)
            if tag != name:
                self.problem(codes.YAML_SYNTAX, f"不支持的 YAML 标签「{tag}」", node, "删除该标签")

    def scalar(self, node: Any) -> Any:
        """A scalar that is not plain text: its core-schema value, or a problem for any other tag."""
        tag, value = tag_of(node), node.value
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
            node,
            "删除该标签",
        )
        return value
