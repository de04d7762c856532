"""Whatever import writes reads back: plan data whose names and texts carry YAML's own marks, line
breaks and full-width punctuation is written by the plan writer and read by the plan reader
(yamlsource.parse_yaml, the one `validate` uses) into the same data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.yamlsource import parse_yaml
from kepu_plan.yamlwriter import dump_plan

#: YAML's indicators and quotes, leading - and ?, line breaks, full-width punctuation, Chinese.
PIECES = st.sampled_from(
    [*":[]{}#,'\"&*!|>%@`", "- ", "-", "? ", "?", "\n", "\r\n", " ", "\t", "：", "，", "（", "）", "【", "】",
     "“", "”", "、", "；", "。", "\u3000", "市科协", "区教育局", "科普", "2025", "null", "~", "1.", "（一）"]
)  # fmt: skip
TEXT = st.lists(PIECES, min_size=1, max_size=10).map("".join)
NAMES = st.lists(st.lists(TEXT, min_size=1, max_size=3), max_size=3)
TASK = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True), "title": TEXT, "units": NAMES},
    optional={"text": TEXT, "support": NAMES, "time": TEXT, "place": TEXT},
)
PLAN = st.fixed_dictionaries(
    {
        "year": st.integers(1990, 2100),
        "title": TEXT,
        "sections": st.lists(
            st.fixed_dictionaries(
                {"heading": TEXT, "paragraphs": st.lists(TEXT, max_size=2)},
                optional={"groups": st.lists(st.fixed_dictionaries({"heading": TEXT, "tasks": st.lists(TASK, min_size=1, max_size=2)}), max_size=2)},
            ),
            min_size=1,
            max_size=2,
        ),
    },
    optional={"preamble": st.lists(TEXT, max_size=2)},
)  # fmt: skip


@given(PLAN)
def test_what_the_plan_writer_writes_the_plan_reader_reads_back_equal(data):
    text = dump_plan(data, ["由 kepu-plan import 导入"])
    parsed, _ = parse_yaml(text, "imported.yaml")
    assert parsed == data


def test_unit_names_the_emitter_would_leave_plain_in_a_flow_list_are_quoted():
    # ruamel.yaml's emitter wrote these plain inside [[…]]; read back they were an error or a mapping
    names = [":#", "? 市科协", "-?", "市科协?", "区科协: 区教育局"]
    data = {"year": 2025, "title": "T", "sections": [{"heading": "H", "groups": [{"tasks": [
        {"id": "a", "title": "x", "units": [names]}]}]}]}  # fmt: skip
    parsed, _ = parse_yaml(dump_plan(data), "imported.yaml")
    assert parsed["sections"][0]["groups"][0]["tasks"][0]["units"] == [names]
