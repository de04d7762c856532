"""The lines stage (importing/lines.py) alone: what it leaves out is named, the rest passes in order."""

from __future__ import annotations

from kepu_plan.importing.context import TableTasks
from kepu_plan.importing.lines import PAGE_NUMBER, prepare
from kepu_plan.importing.runs import RunSplitter
from kepu_plan.importing.tables import TableReader
from kepu_plan.importing.units import UnitReader

from import_stage import context, messages


def run_lines(*texts: str):
    ctx, found = context(*texts)
    return ctx, prepare(ctx, found, RunSplitter(ctx), TableReader(ctx, UnitReader(ctx)))


def test_ordinary_lines_pass_through_unchanged_and_in_order():
    ctx, out = run_lines("某县科普工作安排", "一、总体考虑", "围绕群众关心的话题开展宣传。")
    assert [p.text for p in out] == ["某县科普工作安排", "一、总体考虑", "围绕群众关心的话题开展宣传。"]
    assert [p.line for p in out] == [1, 2, 3]
    assert ctx.report.notes == [] and ctx.ledger.left_out == []


def test_page_numbers_a_viewer_added_are_left_out_and_named_at_their_line():
    ctx, out = run_lines("一、总体考虑", "- 3 -", "第2页", "4/12", "开展宣传。")
    assert [p.text for p in out] == ["一、总体考虑", "开展宣传。"]
    assert messages(ctx) == [
        (2, "第 2 行：「- 3 -」像是阅读器加上的页码，已略去"),
        (3, "第 3 行：「第2页」像是阅读器加上的页码，已略去"),
        (4, "第 4 行：「4/12」像是阅读器加上的页码，已略去"),
    ]
    assert ctx.ledger.left_out == [(2, "- 3 -"), (3, "第2页"), (4, "4/12")]


def test_a_number_inside_a_sentence_is_not_a_page_number():
    assert not PAGE_NUMBER.match("全年开展3次")
    assert PAGE_NUMBER.match("第 7 页，共 9 页")


def test_pinyin_glosses_are_taken_out_and_each_is_named_once():
    ctx, out = run_lines("推進(jìn)社區(qū)科普，推進(jìn)宣傳")
    assert [p.text for p in out] == ["推進社區科普，推進宣傳"]
    (note,) = messages(ctx)
    assert note[1].endswith("已去掉：(jìn)(qū)") and "3 处" in note[1]
    assert ctx.ledger.left_out == [(1, "(jìn)"), (1, "(qū)"), (1, "(jìn)")]


def test_rows_of_a_text_table_with_a_task_header_become_tasks():
    ctx, out = run_lines(
        "表一", "序号\t活动名称\t牵头单位", "1\t社区讲座\t区科协", "2\t校园展览\t区教育局", "说明到此为止。"
    )
    assert [type(e).__name__ for e in out] == ["SourceParagraph", "TableTasks", "SourceParagraph"]
    table = out[1]
    assert isinstance(table, TableTasks)
    assert [t["title"] for t in table.groups[0][1]] == ["社区讲座", "校园展览"]
    # the header row and the 序号 column are held by the tasks' shape, not by their text
    assert ctx.ledger.shaped == [(2, "序号"), (2, "活动名称"), (2, "牵头单位"), (3, "1"), (4, "2")]


def test_a_flattened_run_of_numbered_parts_is_cut_at_its_numbers():
    _, out = run_lines("一、总体考虑。二、重点工作。三、保障条件。")
    assert [p.text for p in out] == ["一、总体考虑。", "二、重点工作。", "三、保障条件。"]
    assert {p.line for p in out} == {1}
