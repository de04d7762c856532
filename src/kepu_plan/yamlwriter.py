"""Plan data → YAML text in the house style of plans/2025.yaml.

One paragraph per line (a large width: Chinese has no spaces, so a folded line would put a space
inside a sentence), unit lists in flow style ([[市科技局, 市科协], [各区政府]]) and the schema comment on
the first line so editors can complete and check the file.
"""

from __future__ import annotations

import io
import re
from typing import Any

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schemas/plan.schema.json"
_FLOW_KEYS = {"units", "support", "aliases", "members", "scope"}


#: A string in a flow list ([[市科协, …]]) that must be quoted to read back as itself. ruamel.yaml's
#: emitter writes some of them plain ([[:#]], [[? 市科协]], [[-?]]), and its own parser, like every
#: other, then fails or reads a mapping: in flow lists these are quoted before the emitter decides.
_FLOW_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]|[:?#,\[\]{}]|^\s|\s$")
_LINE_BREAKS = "\n\r\x85\u2028\u2029"


def _flow_quoted(value: str) -> Any:
    """A flow-list string quoted as `_FastDump` writes it: single quotes, or double with escapes."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if any(ch in value for ch in _LINE_BREAKS):
        return DoubleQuotedScalarString(value)
    return SingleQuotedScalarString(value)


def _styled(value: Any, key: str | None = None) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if key in _FLOW_KEYS and isinstance(value, str) and _FLOW_UNSAFE.search(value):
        return _flow_quoted(value)

    if isinstance(value, dict):
        styled = CommentedMap()
        for k, v in value.items():
            styled[k] = _styled(v, k)
        return styled
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v, key if key in _FLOW_KEYS else None) for v in value)
        if key in _FLOW_KEYS:
            seq.fa.set_flow_style()
        return seq
    return value


WIDTH = 1_000_000


def round_trip_yaml(
    *, mapping: int = 2, sequence: int = 4, offset: int = 2, preserve_quotes: bool = False
) -> Any:
    """The one ruamel.yaml round-trip set-up (`new`, `import --add-units`, the reference dumper):
    never fold a line (Chinese has no spaces, a fold would insert one), write CJK as is, house indent."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.preserve_quotes = preserve_quotes
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def dump_yaml(data: dict[str, Any], header: list[str] | None = None) -> str:
    """YAML text for plan (or registry) data, with `header` comment lines on top."""
    try:
        body = _FastDump().document(data)
    except _Unusual:
        body = dump_yaml_ruamel(data)
    return _header(header) + body


def dump_records(data: dict[str, Any], header: list[str] | None = None) -> str:
    """YAML text for data the tool stores for itself (progress files): the same house layout as a
    plan, and a string that cannot be written plain or single-quoted — a unit's multi-line 完成情况 —
    is written double-quoted with escapes instead of handing the whole file to ruamel.yaml's slow
    dumper. Such files need not match ruamel's own choice of quoting, only read back exactly."""
    return _header(header) + _FastDump(escape_unusual=True).document(data)


def _header(header: list[str] | None) -> str:
    """Comment lines. A line break inside one (a source file's name may hold one) starts another
    comment line: left as it is, the text after it would be read as YAML."""
    pieces = [piece for line in (header or []) for piece in _BREAK.split(line)]
    lines = [f"# {line}" if line and not line.startswith("#") else line for line in pieces]
    return "".join(f"{line}\n" for line in lines)


_BREAK = re.compile(f"\r\n|[{_LINE_BREAKS}]")


def dump_yaml_ruamel(data: dict[str, Any]) -> str:
    """The reference: ruamel.yaml's round-trip dumper in the house style. `_FastDump` gives the same
    text for plan-shaped data (a test compares them on generated data) at a fraction of the cost."""
    buffer = io.StringIO()
    round_trip_yaml().dump(_styled(data), buffer)
    return buffer.getvalue()


class _Unusual(Exception):
    """Data `_FastDump` does not write itself: ruamel.yaml writes the whole document instead."""


#: What a double-quoted YAML scalar cannot hold as it is: the quote, the backslash and everything
#: outside YAML's printable set, including the line breaks \x85, U+2028 and U+2029.
_DOUBLE_QUOTE_ESCAPES = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}.get(char, f"\\u{ord(char):04x}")


#: ASCII letters and digits with inner hyphens (task ids): no indicator, space, break or special
#: character, so every style is allowed and the string is plain unless it resolves to another type.
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")


class _FastDump:
    """The house style written directly: mappings and lists of plan data (str, int, lists, dicts).

    ruamel.yaml's round-trip dumper is pure Python and spent 69% of `import` on a 3,000-task plan
    producing its events one by one. Here only the question that needs YAML's rules — how to write
    one string so that it reads back as that string — is put to ruamel.yaml's own emitter and
    resolver (its `analyze_scalar` and implicit resolvers, the very checks its dumper makes), once
    per distinct string; the layout (indent 2, list items at +2 with "- ", flow lists for unit
    names) is written here. Anything else (None, floats, a string whose quoting would need escapes
    or line breaks) raises `_Unusual`, and ruamel.yaml dumps the document as before.
    """

    def __init__(self, *, escape_unusual: bool = False) -> None:
        from ruamel.yaml.nodes import ScalarNode

        self._escape_unusual = escape_unusual

        yaml = (
            round_trip_yaml()
        )  # the emitter and resolver of a dumper in the house style, as dump_yaml_ruamel's
        self._emitter = yaml.emitter
        resolver = yaml.resolver
        self._resolves_to_str = lambda value: (
            str(resolver.resolve(ScalarNode, value, (True, False))) == "tag:yaml.org,2002:str"
        )
        self._scalars: dict[tuple[str, bool], str] = {}

    def document(self, data: dict[str, Any]) -> str:
        if not data:
            raise _Unusual
        out: list[str] = []
        self._mapping(data, 0, out, first_prefix="")
        return "".join(out)

    def scalar(self, value: object, flow: bool) -> str:
        if self._escape_unusual and (value is None or isinstance(value, bool)):
            return {None: "null", True: "true", False: "false"}[value]
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _Unusual
        if isinstance(value, int):
            return str(value)
        key = (value, flow)
        written = self._scalars.get(key)
        if written is None:
            written = self._scalars[key] = self._string(value, flow)
        return written

    def _string(self, value: str, flow: bool) -> str:
        """What ruamel.yaml's Emitter.choose_scalar_style picks for a plain str event, for the cases
        where its writing is the text itself (plain) or the text with ' doubled (single-quoted)."""
        if not value or len(value) > WIDTH // 4:
            return self._unusual(value)  # '' has a special case upstream; a huge one could be folded
        if _WORD.fullmatch(value) and self._resolves_to_str(value):
            return value  # a task id: analyze_scalar finds nothing to object to in it, at 10 µs a string
        analysis = self._emitter.analyze_scalar(value)
        if flow and _FLOW_UNSAFE.search(value):  # quoted whatever the emitter would allow (see _styled)
            if any(ch in value for ch in _LINE_BREAKS) or not analysis.allow_single_quoted:
                return self._unusual(value)
            return "'" + value.replace("'", "''") + "'"
        if analysis.multiline or any(ch in value for ch in "\n\r\x85\u2028\u2029"):
            return self._unusual(value)
        plain = analysis.allow_flow_plain if flow else analysis.allow_block_plain
        if plain and self._resolves_to_str(value):
            return value
        if analysis.allow_double_quoted and "'" in value:
            return self._unusual(value)  # double-quoted, with escapes
        if not analysis.allow_single_quoted:
            return self._unusual(value)
        return "'" + value.replace("'", "''") + "'"

    def _unusual(self, value: str) -> str:
        """A string the plain and single-quoted styles cannot carry: double-quoted with every
        character outside YAML's printable set (line breaks included) escaped, or, for plan files,
        the whole document left to ruamel.yaml."""
        if not self._escape_unusual:
            raise _Unusual
        return '"' + _DOUBLE_QUOTE_ESCAPES.sub(_escape, value) + '"'

    def _flow(self, value: object) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(self._flow(v) for v in value) + "]"
        return self.scalar(value, flow=True)

    def _mapping(self, data: dict[str, Any], indent: int, out: list[str], first_prefix: str) -> None:
        """Key lines at `indent`; the first one after `first_prefix` (a list item's "- ")."""
        pad = " " * indent
        for n, (key, value) in enumerate(data.items()):
            if not isinstance(key, str) or self.scalar(key, flow=False) != key:
                raise _Unusual  # a key that would need quotes
            out.append((first_prefix if n == 0 else pad) + key + ":")
            if isinstance(value, list) and (key in _FLOW_KEYS or not value):
                out.append(" " + self._flow(value) + "\n")
            elif isinstance(value, list):
                out.append("\n")
                self._sequence(value, indent + 2, out)
            elif isinstance(value, dict):
                if not value:
                    raise _Unusual
                out.append("\n")
                self._mapping(value, indent + 2, out, first_prefix=" " * (indent + 2))
            else:
                out.append(" " + self.scalar(value, flow=False) + "\n")

    def _sequence(self, items: list[Any], indent: int, out: list[str]) -> None:
        """Block list items: "- " at `indent`, their content at `indent` + 2."""
        dash = " " * indent + "- "
        for item in items:
            if isinstance(item, dict) and item:
                self._mapping(item, indent + 2, out, first_prefix=dash)
            elif isinstance(item, list | dict):
                raise _Unusual
            else:
                out.append(dash + self.scalar(item, flow=False) + "\n")


def dump_plan(data: dict[str, Any], comments: list[str] | None = None) -> str:
    return dump_yaml(data, [SCHEMA_COMMENT, *(comments or [])])


def append_units(registry_text: str, names: list[str]) -> str:
    """The registry's YAML with new units appended for review, its comments and layout kept."""
    from .units import UNCONFIRMED_KIND

    yaml = round_trip_yaml(preserve_quotes=True)
    document = yaml.load(registry_text)
    for name in names:
        level = "区" if "区" in name.replace("市、区", "") and not name.startswith("市") else "市"
        entry = _styled({"name": name, "full_name": name, "kind": UNCONFIRMED_KIND, "level": level})
        document["units"].append(entry)
        document["units"].yaml_set_comment_before_after_key(
            len(document["units"]) - 1,
            before="由 kepu-plan import --add-units 添加：请核对全称、类别和层级",
            indent=2,
        )
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue()
