"""The lines stage (importing/lines.py, importing/wraps.py) alone: what it leaves out is named, the
rest passes in order; text cut by a page's width (a PDF's text, a fixed-width page) is joined back
into its sentences before numbering and structure read it, and nothing else joined.

Fixtures are our own words reproducing plans whose every task runs over two lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kepu_plan.importing.context import Context, TableTasks
from kepu_plan.importing.lines import PAGE_NUMBER, prepare
from kepu_plan.importing.runs import RunSplitter
from kepu_plan.importing.tables import TableReader
from kepu_plan.importing.units import UnitReader
from kepu_plan.importing.wraps import rewrap
from kepu_plan.sources import Source, SourceParagraph

from import_stage import context, messages


def joined(*texts: str) -> list[str]:
    ctx = Context(Source(Path("w.txt"), [], "utf-8"), None, "w.txt")
    return [
        p.text for p in rewrap(ctx, [SourceParagraph(t, i, f"第 {i} 行") for i, t in enumerate(texts, 1)])
    ]


WRAPPED = """某区2026年科普工作要点
一、重点任务
1.开展科普进社区活动，组织医疗、农业等领域专家
为居民讲解健康和生活知识。（责任单位：区科协、区卫健局）
2.建设青少年科技创新实验室，在全区中小学推
广科学实验课程。（责任单位：区教育局）
3.举办科技活动周。（责任单位：区科技局）
"""


def test_tasks_cut_by_the_pages_width_are_whole_again_with_their_units(cli, tmp_path):
    source = tmp_path / "w.txt"
    source.write_text(WRAPPED, encoding="utf-8")
    target = tmp_path / "w.yaml"
    result = cli("import", source, "-o", target, "--year", "2025", "--plans-dir", tmp_path / "none")
    data = YAML(typ="safe").load(target.read_text(encoding="utf-8"))
    tasks = [(t["title"], t["units"]) for t in data["sections"][0]["groups"][0]["tasks"]]
    assert tasks == [
        ("开展科普进社区活动，组织医疗、农业等领域专家为居民讲解健康和生活知识。", [["区科协", "区卫健局"]]),
        ("建设青少年科技创新实验室，在全区中小学推广科学实验课程。", [["区教育局"]]),
        ("举办科技活动周。", [["区科技局"]]),
    ]
    assert "在句子中间换的行，已接回上一行" in result.output


def test_a_line_ending_in_a_comma_goes_on_whatever_its_length():
    assert joined("各单位要加强协作，", "确保任务落实。") == ["各单位要加强协作，确保任务落实。"]


def test_headings_titles_and_lines_that_open_something_are_never_joined():
    lines = [
        "（一）坚持科普为民，为全区发展营造良好的社会氛围",  # a long heading without a full stop
        "各街道要结合实际制定方案。",
        "科普阵地建设",  # a short heading
        "新建社区科普馆两个，更新画廊内容，丰富展品种类",
        "责任单位：区科协",  # a field line opens its own line
        "某区2026年第一季度科普宣传",  # a title split over two lines: the title stage joins it
        "工作要点",
    ]
    assert joined(*lines) == lines


def test_a_single_long_line_without_a_full_stop_is_not_taken_for_a_cut():
    lines = ["组织专家深入乡村开展科技服务，推广实用技术和新品种", "各乡镇做好配合。"]
    assert joined(*lines) == lines


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["开展科普讲座。", "组织青少年参观科技馆，", "建设社区科普画廊", "（责任单位：区科协）"]
        ),
        max_size=12,
    )
)
def test_joining_lines_changes_no_character(texts):
    assert "".join(joined(*texts)) == "".join(t.strip() for t in texts)


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


def test_a_row_of_a_text_table_is_never_joined_to_its_neighbours():
    # rows that stop at one width without closing a sentence (…，区卫健委 6月底): still rows of their own
    rows = [
        "序号\t工作任务\t责任单位\t完成时限",
        "1\t开展社区讲座和科普展览活动\t区科协，区卫健委\t6月底",
        "2\t举办科普展览和讲座活动\t区文旅局，区科协\t9月底",
        "3\t组织科技竞赛\t区教育局\t全年",
    ]
    ctx, found = context(*rows)
    assert [p.text for p in rewrap(ctx, found)] == rows
    assert ctx.report.notes == []
