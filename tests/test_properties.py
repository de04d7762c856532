"""Property-based: whatever an editor does to the plan, validate answers with 0 or 1, never a crash."""

from __future__ import annotations

import io

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kepu_plan.assignments import overview
from kepu_plan.checking import check_plan
from kepu_plan.diagnostics import Severity
from kepu_plan.layout import blocks
from kepu_plan.writers.docx_official import render_docx
from kepu_plan.writers.text import render_md, render_txt

from conftest import PLAN_2025, UNITS

PLAN_LINES = PLAN_2025.read_text(encoding="utf-8").splitlines(keepends=True)
NASTY = st.sampled_from(
    [
        "",
        ":",
        " ",
        "\t",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!str ",
        "'",
        '"',
        "#",
        "{{ 7*7 }}",
        "null",
        "~",
        "2024",
        "，",
        "\u3000",
        "\u200b",
        "<b>",
        "%",
        "---\n",
        "\n",
    ]
)

edit = st.tuples(
    st.integers(0, len(PLAN_LINES) - 1),
    st.sampled_from(["delete", "duplicate", "insert", "replace-char"]),
    st.integers(0, 200),
    st.one_of(NASTY, st.text(max_size=6)),
)


def apply(edits) -> str:
    lines = list(PLAN_LINES)
    for index, kind, position, text in edits:
        index %= len(lines) or 1
        if not lines:
            lines = [text]
        elif kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "insert":
            line = lines[index]
            cut = position % (len(line) or 1)
            lines[index] = line[:cut] + text + line[cut:]
        else:
            line = lines[index]
            cut = position % (len(line) or 1)
            lines[index] = line[:cut] + text + line[cut + 1 :]
    return "".join(lines)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edit, min_size=1, max_size=4))
def test_random_edits_never_crash_validate_and_valid_plans_render_in_every_format(tmp_path_factory, edits):
    path = tmp_path_factory.mktemp("edit") / "2025.yaml"
    path.write_text(apply(edits), encoding="utf-8")
    checked = check_plan(path, UNITS)  # raises only on a bug
    for d in checked.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.message
    if checked.loaded is not None and not any(d.severity is Severity.ERROR for d in checked.diagnostics):
        plan = checked.loaded.model
        txt = render_txt(plan).decode("utf-8")
        assert [line for line in txt.splitlines() if line] == [b.text for b in blocks(plan)]
        render_md(plan)
        document = docx.Document(io.BytesIO(render_docx(plan)))
        # a title too long for one line carries a line break (layout, GB/T 9704 7.3.1), not other words
        shown = [p.text.replace("\n", "") for p in document.paragraphs if p.text]
        assert shown == [b.text for b in blocks(plan)]
        overview(plan, checked.registry)
