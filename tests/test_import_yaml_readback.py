"""Whatever import writes reads back: plan data whose names and texts carry YAML's own marks, line
breaks and full-width punctuation is written by the plan writer and read by the plan reader
(yamlsource.parse_yaml, the one `validate` uses) into the same data."""

from __future__ import annotations

from hypothesis import given, settings
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
#: Every field import writes on a task: its units in every role and layout, fields and labels.
TASK = st.fixed_dictionaries(
    {"id": st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True), "title": TEXT, "units": NAMES},
    optional={
        "text": TEXT,
        "support": NAMES,
        "time": TEXT,
        "place": TEXT,
        "deadline": TEXT,
        "label": TEXT,
        "support_label": TEXT,
        "support_separator": st.sampled_from(["，", "；"]),
        "units_layout": st.sampled_from(["lines", "sentence"]),
    },
)
GROUP = st.fixed_dictionaries(
    {"heading": TEXT, "tasks": st.lists(TASK, min_size=1, max_size=2)},
    optional={
        "task_numbering": st.sampled_from(["1.", "1、", "（1）", "①", "（一）"]),
        "task_number_start": st.integers(2, 30),
    },
)
ITEM = st.fixed_dictionaries(
    {"heading": TEXT}, optional={"text": TEXT, "paragraphs": st.lists(TEXT, max_size=2)}
)
PLAN = st.fixed_dictionaries(
    {
        "year": st.integers(1990, 2100),
        "title": TEXT,
        "sections": st.lists(
            st.fixed_dictionaries(
                {"heading": TEXT, "paragraphs": st.lists(TEXT, max_size=2)},
                optional={"groups": st.lists(GROUP, max_size=2), "items": st.lists(ITEM, max_size=2)},
            ),
            min_size=1,
            max_size=2,
        ),
    },
    optional={"preamble": st.lists(TEXT, max_size=2), "issuer": TEXT,
              "date": st.dates().map(lambda d: d.isoformat())},
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(PLAN)
def test_what_the_plan_writer_writes_the_plan_reader_reads_back_equal(data):
    text = dump_plan(data, ["由 kepu-plan import 导入"])
    parsed, _ = parse_yaml(text, "imported.yaml")
    assert parsed == data


@settings(max_examples=40, deadline=None)
@given(TEXT)
def test_the_header_comment_stays_a_comment_whatever_the_files_name(name):
    # import names its source in a comment on top; a file name may hold a line break or YAML's marks
    data = {"year": 2025, "title": "T", "sections": [{"heading": "H"}]}
    text = dump_plan(data, [f"由 kepu-plan import 从 {name} 导入（编码 utf-8）；核对后可删除此行"])
    parsed, _ = parse_yaml(text, "imported.yaml")
    assert parsed == data


def test_unit_names_the_emitter_would_leave_plain_in_a_flow_list_are_quoted():
    # ruamel.yaml's emitter wrote these plain inside [[…]]; read back they were an error or a mapping
    names = [":#", "? 市科协", "-?", "市科协?", "区科协: 区教育局"]
    data = {"year": 2025, "title": "T", "sections": [{"heading": "H", "groups": [{"tasks": [
        {"id": "a", "title": "x", "units": [names]}]}]}]}  # fmt: skip
    parsed, _ = parse_yaml(dump_plan(data), "imported.yaml")
    assert parsed["sections"][0]["groups"][0]["tasks"][0]["units"] == [names]


#: Lines of a plan to import: the pieces above among numbers, labels and unit names.
LINE = st.lists(
    st.one_of(
        PIECES,
        st.sampled_from(["一、", "（二）", "3.", "①", "责任单位：", "（牵头单位：", "）", "时间：", "、"]),
    ),
    min_size=1,
    max_size=12,
).map("".join)
FILE_NAME = st.lists(
    st.sampled_from([*"#:[]{}&*!|>%@`'\"-? ,", "\n", "科普", "计划"]), min_size=1, max_size=6
)


@settings(max_examples=30, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=8), FILE_NAME.map("".join))
def test_whatever_import_writes_from_a_file_reads_back_as_what_it_imported(lines, name):
    import tempfile
    from pathlib import Path

    from typer.testing import CliRunner

    from kepu_plan.cli import app
    from kepu_plan.importing import import_source
    from kepu_plan.sources import read_source

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"{name}.txt"
        source.write_text("\n".join(lines), encoding="utf-8")
        target = Path(folder) / "imported.yaml"
        args = ["import", str(source), "--year", "2025", "-o", str(target), "--plans-dir", folder]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        written = target.read_text(encoding="utf-8")
        expected, _ = import_source(read_source(source, source.name), None, source.name, 2025)
    parsed, _ = parse_yaml(written, "imported.yaml")
    assert parsed == expected
