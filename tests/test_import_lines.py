"""The lines stage: text cut by a page's width (a PDF's text, a fixed-width page) joined back into
its sentences before numbering and structure read it (importing/wraps.py), and nothing else joined.

Fixtures are our own words reproducing plans whose every task runs over two lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kepu_plan.importing.context import Context
from kepu_plan.importing.wraps import rewrap
from kepu_plan.sources import Source, SourceParagraph


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
