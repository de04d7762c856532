"""Hostile input, family 2: broken and malicious YAML, refused quickly with a located message."""

from __future__ import annotations

import json
import time

import pytest

from kepu_plan.loading import MAX_FILE_BYTES

from conftest import line_of, replace_once, write_plan
from hostile import assert_refused


def test_syntax_error(cli, tmp_path, plan_text):
    broken = replace_once(plan_text, "units: [[各区政府]]", "units: [[各区政府]")
    assert_refused(cli, tmp_path, broken, code="KP001")


def test_tab_indentation(cli, tmp_path, plan_text):
    broken = replace_once(plan_text, "    paragraphs:", "\tparagraphs:")
    assert_refused(cli, tmp_path, broken, code="KP001", line=line_of(broken, "\tparagraphs:"))


def test_duplicate_keys(cli, tmp_path, plan_text):
    broken = replace_once(plan_text, "year: 2025\n", "year: 2025\nyear: 2024\n")
    assert_refused(cli, tmp_path, broken, code="KP002", line=4)


def test_merge_conflict_markers(cli, tmp_path, plan_text):
    broken = replace_once(
        plan_text, "year: 2025\n", "<<<<<<< HEAD\nyear: 2025\n=======\nyear: 2026\n>>>>>>> b\n"
    )
    assert_refused(cli, tmp_path, broken, code="KP001", line=3)


def test_an_alias_bomb_is_refused_in_seconds_not_expanded(cli, tmp_path):
    lines = ["year: 2025", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    started = time.monotonic()
    assert_refused(cli, tmp_path, "\n".join(lines) + "\n", code="KP001")
    assert time.monotonic() - started < 60  # ten commands; expanding 10^10 nodes would never finish


def test_anchors_and_aliases_within_limits_are_plain_data(cli, tmp_path, plan_text):
    units = "units: [[各区政府]]"
    first = plan_text.index(units)
    later = plan_text.index(units, first + 1)  # the same units again, further down
    edited = plan_text[:later] + "units: *districts" + plan_text[later + len(units) :]
    edited = edited[:first] + "units: &districts [[各区政府]]" + edited[first + len(units) :]
    plan = write_plan(tmp_path / "plans", edited)
    assert cli("validate", plan).exit_code == 0


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system [touch PWNED]",
        "!!python/name:os.system",
        "!custom thing",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
    ],
)
def test_custom_tags_never_construct_anything(cli, tmp_path, plan_text, tag, monkeypatch):
    monkeypatch.chdir(tmp_path)
    broken = replace_once(plan_text, "year: 2025", f"year: {tag}")
    assert_refused(cli, tmp_path, broken, code="KP001", line=3)
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    ("content", "line"),
    [("- 2025\n- 计划\n", 1), ("仅仅一句话\n", 1), ("42\n", 1)],
)
def test_a_document_that_is_not_a_mapping(cli, tmp_path, content, line):
    assert_refused(cli, tmp_path, content, code="KP005", line=line)


@pytest.mark.parametrize("content", ["", "\n\n", "# 只有注释\n", "---\n"])
def test_empty_files(cli, tmp_path, content):
    assert_refused(cli, tmp_path, content, code="KP001")


def test_deep_nesting_is_refused_without_crashing_the_interpreter(cli, tmp_path):
    assert_refused(cli, tmp_path, "year: " + "[" * 60_000 + "]" * 60_000 + "\n", code="KP001", line=1)


def test_moderate_nesting_past_the_models_depth_is_refused(cli, tmp_path):
    assert_refused(cli, tmp_path, "year: " + "[" * 100 + "]" * 100 + "\n", code="KP001", line=1)


@pytest.mark.slow  # a scale limit: a 2,000,000-character line (seconds of CPU)
def test_a_very_long_line_is_handled(cli, tmp_path, plan_text):
    long_title = "长" * 2_000_000
    broken = replace_once(plan_text, "title: 2025年广州市科普工作计划", f"title: {long_title}")
    # longer than a Word text node can hold (limits.MAX_TEXT_CHARS): refused, located, by validate
    assert_refused(cli, tmp_path, broken, code="KP005")


def test_a_plan_over_the_size_limit_is_refused_before_reading(cli, tmp_path, plan_text):
    filler = "# " + "填" * 1000 + "\n"
    content = plan_text + filler * (MAX_FILE_BYTES // len(filler.encode("utf-8")) + 10)
    assert len(content.encode("utf-8")) > MAX_FILE_BYTES
    assert_refused(cli, tmp_path, content, code="KP030")


def test_multiple_documents_in_one_file(cli, tmp_path, plan_text):
    assert_refused(cli, tmp_path, plan_text + "---\nyear: 2026\n", code="KP001")


def test_an_alias_without_its_anchor_is_located(cli, tmp_path, plan_text):
    broken = replace_once(plan_text, "units: [[各区政府]]", "units: [[*nobody]]")
    line = line_of(broken, "*nobody")
    assert_refused(cli, tmp_path, broken, code="KP001", line=line, col=line_of_col(broken, "*nobody"))


def test_a_document_after_an_error_the_builder_finds_is_still_a_syntax_error(cli, tmp_path, plan_text):
    # too deep for the builder in the first document, then a second document: the parser's verdict
    # (two documents) comes first, as when the whole file was composed before anything was built
    deep = "[" * 70 + "]" * 70
    content = replace_once(plan_text, "year: 2025\n", f"year: 2025\nx: {deep}\n") + "---\nyear: 2026\n"
    plan = write_plan(tmp_path / "plans", content)
    result = cli("validate", plan)
    assert result.exit_code == 1
    assert "多个 YAML 文档" in result.stderr, result.stderr
    assert "嵌套层级过深" not in result.stderr


def test_problems_are_located_alike_with_and_without_anchors(cli, tmp_path, plan_text):
    """A file without anchors is built from the parser's events; one with an anchor is composed first.
    Both must place every problem at the same line and column (plain, quoted and flow-list values)."""
    broken = replace_once(plan_text, "units: [[各区政府]]", 'units: [[各区政府, "市科技厅"]]')
    broken = replace_once(broken, "制定本年度工作计划。", "制定本年度工作计划,2023年。")
    broken = replace_once(
        broken, "title: 2025年广州市科普工作计划", 'title: "2025年广州市科普工作计划(草稿)"'
    )
    anchored = replace_once(broken, "year: 2025\n", "year: &plan-year 2025\n")
    reports = []
    for name, content in (("events", broken), ("composed", anchored)):
        plan = write_plan(tmp_path / name, content)
        result = cli("validate", plan, "-f", "json")
        assert result.exit_code == 1, result.stdout
        reports.append(
            sorted(
                (d["code"], d["line"], d["col"], d["message"])
                for d in json.loads(result.stdout)["diagnostics"]
            )
        )
    assert reports[0] == reports[1]
    codes = {code for code, *_ in reports[0]}
    assert {"KP011", "KP020", "KP022"} <= codes, reports[0]


def line_of_col(text: str, needle: str) -> int:
    """1-based column of `needle` in the first line containing it."""
    line = text.splitlines()[line_of(text, needle) - 1]
    return line.index(needle) + 1


def test_without_ruamels_c_extension_the_same_data_and_problems(tmp_path, plan_text):
    """Where ruamel.yaml.clib is missing (PyPy, a platform without its wheel) ruamel's pure-Python
    parser composes the document: the walk must give the same diagnostics, explicit core tags
    (!!int, !!str, !!map) read as their types rather than refused by the short name the pure parser
    keeps ("int")."""
    import subprocess
    import sys

    content = replace_once(plan_text, "year: 2025", "year: !!int 2025")
    content = replace_once(content, "title: 2025年", "title: !!str 2025年")
    content = replace_once(
        content, "year: !!int 2025\n", "year: !!int 2025\nyear: 2024\nextra: !!map {a: 1}\n"
    )
    plan = write_plan(tmp_path / "plans", content)
    reports = []
    for block in ("", "sys.modules['_ruamel_yaml'] = None\n"):
        code = (
            f"import sys\n{block}"
            f"sys.argv = ['kepu-plan', 'validate', {str(plan)!r}, '-f', 'json']\n"
            "from kepu_plan.entry import main\n"
            "main()\n"
        )
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert run.returncode == 1, run.stderr
        reports.append(json.loads(run.stdout)["diagnostics"])
    assert reports[0] == reports[1]
    assert [d["code"] for d in reports[0]] == ["KP002"], reports[0]  # the duplicate year, nothing else


def test_values_are_counted_before_composing_as_the_walk_builds_them():
    """A text that could hold more values than the limit has them counted on the parser's event
    stream, keeping nothing, before anything is composed: refused at the first value past the limit.
    Keys do not count, nor the values of keys the walk refuses (a duplicate, the merge key "<<")."""
    from kepu_plan.diagnostics import LoadError
    from kepu_plan.yamlsource.guards import refuse_too_many_values

    text = "a: 1\na: [x, y, z]\n<<: [x, y]\nb: [1, 2]\nc: 3\n"
    # built: the root, 1, [1, 2], 1, 2, 3
    refuse_too_many_values(text, "p.yaml", anchored=False, limit=6)
    with pytest.raises(LoadError) as refused:
        refuse_too_many_values(text, "p.yaml", anchored=False, limit=5)
    [d] = refused.value.diagnostics
    assert (d.code, d.line, d.col) == ("KP001", 5, 4) and "节点过多（超过 5 个）" in d.message
