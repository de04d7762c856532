"""yamlwriter: the plan YAML that `import` and `new` write is exactly what ruamel.yaml's round-trip
dumper writes in the house style, however the strings are made: the fast path only saves time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.yamlwriter import dump_records, dump_yaml, dump_yaml_ruamel

#: Characters YAML gives a meaning to, words its resolvers read as other types, Chinese text, and
#: pieces of ids (letters, digits, hyphens: the writer's shortcut for them must agree too).
PIECES = st.sampled_from(
    [*":#-[]{},'\"!&*?|>%@`~ \t.", "null", "true", "No", "2025", "1.5", "0x1F", "2025-01-05", "<<", "=",
     "市科协", "、", "，", "（责任单位：", "）", "科普", "\u3000", "\\", "…",
     "kai-zhan", "e", "y", "on", "0o7", "NaN", "inf"]
)  # fmt: skip
TEXT = st.lists(PIECES, min_size=0, max_size=8).map("".join)
UNITS = st.lists(st.lists(TEXT, max_size=3), max_size=3)
TASK = st.fixed_dictionaries(
    {"id": TEXT, "title": TEXT, "units": UNITS},
    optional={"text": TEXT, "support": UNITS, "label": TEXT},
)
SECTION = st.fixed_dictionaries(
    {"heading": TEXT},
    optional={
        "paragraphs": st.lists(TEXT, max_size=3),
        "groups": st.lists(
            st.fixed_dictionaries({"heading": TEXT, "tasks": st.lists(TASK, max_size=3)}), max_size=2
        ),
        "items": st.lists(st.fixed_dictionaries({"heading": TEXT}, optional={"text": TEXT}), max_size=2),
    },
)
PLAN = st.fixed_dictionaries(
    {"year": st.integers(1949, 2999), "title": TEXT, "sections": st.lists(SECTION, max_size=3)},
    optional={"preamble": st.lists(TEXT, max_size=3), "date": TEXT, "issuer": TEXT},
)


@given(PLAN)
def test_plan_yaml_is_byte_for_byte_what_ruamel_writes(data):
    assert dump_yaml(data) == dump_yaml_ruamel(data)


#: Text a unit may type into 完成情况: line breaks, quotes, backslashes, tabs and YAML's own marks.
UNIT_TEXT = st.lists(
    st.sampled_from(
        [*"\n\r\t\"'\\:#-[]{}, ", "\x85", "\u2028", "\u2029", "\x7f", "\x9f", "完成", "2025", "null"]
    ),
    max_size=12,
).map("".join)
RECORD = st.fixed_dictionaries(
    {
        "unit": UNIT_TEXT,
        "tasks": st.lists(st.fixed_dictionaries({"id": UNIT_TEXT, "text": UNIT_TEXT}), max_size=3),
    },
    optional={"count": st.integers(0, 10**9), "status": st.none() | st.booleans()},
)


@given(RECORD)
def test_stored_records_read_back_exactly_whatever_the_units_typed(data):
    from ruamel.yaml import YAML

    text = dump_records(data, ["# header"])
    assert text.startswith("# header\n")
    assert YAML(typ="safe").load(text) == data
