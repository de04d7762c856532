"""Where each value of a YAML document stands, kept as plain ints in a tree shaped like the data.

Why ints and not ruamel's nodes: a large plan composes ~40,000 nodes with two marks and a tag each;
keeping them alive for the whole command made the cyclic GC rescan all of them (a sixth of validate's
time on a 3,000-task plan). The walk (walk.py) packs each position into one int as it builds the data,
and the nodes are freed as soon as the walk is done.
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Code, Diagnostic

YamlPath = tuple[str | int, ...]

#: Where one value stands. A scalar is one int (see scalar_at); a mapping is (where, {key: where the key
#: stands}, {key: its value's entry}); a sequence is (where, [entries]).
Entry = Any
COLUMN_BITS = 32  # a column fits: input files are capped far below 4 G characters
FLAG_BITS = 3  # the low bits of a scalar's int: how its text maps to columns
ONE_LINE, QUOTED, PLAIN = 4, 2, 1


def at(mark: Any) -> int:
    """A mark (0-based line and column) as one int, with room for the flag bits."""
    return ((mark.line << COLUMN_BITS) | mark.column) << FLAG_BITS


def scalar_at(node: Any) -> int:
    """Where a scalar stands, and whether an offset inside its text is a column offset: on one line,
    plain (None from the pure-Python parser, "" from the C one) or quoted, not a block (| >)."""
    mark, style = node.start_mark, node.style
    where = ((mark.line << COLUMN_BITS) | mark.column) << FLAG_BITS
    if node.end_mark.line == mark.line:
        where |= ONE_LINE
    if not style:
        return where | PLAIN
    if style == "'" or style == '"':
        return where | QUOTED
    return where


def line_column(where: int) -> tuple[int, int]:
    """1-based line and column."""
    where >>= FLAG_BITS
    return (where >> COLUMN_BITS) + 1, (where & ((1 << COLUMN_BITS) - 1)) + 1


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
            return line_column(key_at)
        return line_column(entry if isinstance(entry, int) else entry[0])

    def locate_in_text(self, path: YamlPath, offset: int) -> tuple[int, int]:
        """The position of character `offset` inside a one-line scalar; the scalar's start otherwise."""
        entry, _, found = self._walk(path)
        line, col = self.locate(path)
        if found != tuple(path) or not isinstance(entry, int) or not entry & ONE_LINE:
            return line, col
        if entry & PLAIN:
            return line, col + offset
        if entry & QUOTED:
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
