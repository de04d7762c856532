"""Plan data → YAML text in the house style of plans/2025.yaml.

One paragraph per line (a large width: Chinese has no spaces, so a folded line would put a space
inside a sentence), unit lists in flow style ([[市科技局, 市科协], [各区政府]]) and the schema comment on
the first line so editors can complete and check the file.
"""

from __future__ import annotations

import io
from typing import Any

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schemas/plan.schema.json"
_FLOW_KEYS = {"units", "support", "aliases", "members", "scope"}


def _styled(value: Any, key: str | None = None) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

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


def dump_yaml(data: dict[str, Any], header: list[str] | None = None) -> str:
    """YAML text for plan (or registry) data, with `header` comment lines on top."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 1_000_000
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(_styled(data), buffer)
    lines = [f"# {line}" if line and not line.startswith("#") else line for line in (header or [])]
    return "".join(f"{line}\n" for line in lines) + buffer.getvalue()


def dump_plan(data: dict[str, Any], comments: list[str] | None = None) -> str:
    return dump_yaml(data, [SCHEMA_COMMENT, *(comments or [])])


def append_units(registry_text: str, names: list[str]) -> str:
    """The registry's YAML with new units appended for review, its comments and layout kept."""
    from ruamel.yaml import YAML

    from .units import UNCONFIRMED_KIND

    yaml = YAML(typ="rt")
    yaml.width = 1_000_000
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
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
