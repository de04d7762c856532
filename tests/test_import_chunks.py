"""The chunks stage: what a document viewer adds to a plan's text when it shows each page flattened
onto one paragraph: a page number in front (1、 2、), a footer (第 1 页 共 3 页), a label with the
file's name (某方案 --第2页) and the running head repeated on later pages. They are taken out and
named; a page cut in the middle of a sentence is joined to the next.

Fixtures are our own words reproducing the shapes of such pages. The stage is also tested alone on
the page numbers a viewer puts in front of each page (unchunk)."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from kepu_plan.importing.chunks import CHUNK_MIN_CHARS, holds_headings, page_marks, unchunk
from kepu_plan.importing.context import Context
from kepu_plan.sources import Source, SourceParagraph

from import_stage import context, messages


def marks(*texts: str) -> tuple[list[str], Context]:
    ctx = Context(Source(Path("p.txt"), [], "utf-8"), None, "p.txt")
    paragraphs = [SourceParagraph(t, i, f"第 {i} 行") for i, t in enumerate(texts, 1)]
    return [p.text for p in page_marks(ctx, paragraphs)], ctx


def test_a_footer_run_into_the_text_is_taken_out_and_named():
    texts, ctx = marks("二、活动时间 2026年5月18日至24日。 第 1 页 共 2 页")
    assert texts == ["二、活动时间 2026年5月18日至24日。"]
    assert "「第 1 页 共 2 页」已略去" in ctx.report.notes[0].message


def test_a_viewer_label_and_the_running_head_of_a_later_page_are_taken_out():
    texts, _ = marks(
        "某县科普周方案 --第1页 某县科普周方案 一、活动时间 5月18日。",
        "某县科普周方案 --第2页 某县科普周方案 二、活动地点 县文化广场。",
    )
    # page 1 keeps the name after its label: it is the plan's title; page 2's running head goes
    assert texts == ["某县科普周方案 一、活动时间 5月18日。", "二、活动地点 县文化广场。"]


def test_a_page_cut_in_the_middle_of_a_sentence_is_joined_to_the_next():
    texts, ctx = marks(
        "一、活动内容 1. 科普展览，地点设在县 第 1 页 共 2 页",
        "某县科普周方案 --第2页 文化广场。 2. 科普讲座。 第 2 页 共 2 页",
    )
    assert texts == ["一、活动内容 1. 科普展览，地点设在县文化广场。 2. 科普讲座。"]
    assert any("接为一段" in n.message for n in ctx.report.notes)


def test_text_that_only_mentions_pages_is_left_as_it_is():
    text = "每期画廊不少于第3页所列的内容，全册共12页。"
    assert marks(text)[0] == [text]


def test_a_flattened_viewer_page_imports_into_its_sections_and_tasks(cli, tmp_path):
    text = (
        "某县2026年科技活动周实施方案 --第1页 某县2026年科技活动周实施方案 一、活动时间：5月18日至24日。 "
        "二、活动内容：1.科普展览进社区。（责任单位：县科协） 2.科技专家下乡咨询，地点在各乡 第 1 页 共 2 页\n"
        "某县2026年科技活动周实施方案 --第2页 某县2026年科技活动周实施方案 镇农技站。（责任单位：县农业局）"
        " 三、工作要求 各单位精心组织。 第 2 页 共 2 页\n"
    )
    source = tmp_path / "page.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "page.yaml"
    result = cli("import", source, "-o", target, "--year", "2025", "--plans-dir", tmp_path / "none")
    assert result.exit_code == 0, result.output
    data = YAML(typ="safe").load(target.read_text(encoding="utf-8"))
    assert data["title"] == "某县2026年科技活动周实施方案"
    tasks = data["sections"][1]["groups"][0]["tasks"]
    assert [(t["title"], t["units"]) for t in tasks] == [
        ("科普展览进社区。", [["县科协"]]),
        ("科技专家下乡咨询，地点在各乡镇农技站。", [["县农业局"]]),
    ]
    assert "页" not in str(data)


FILLER = "围绕群众关心的健康、安全和生态话题组织宣传和讲解活动，" * 6


def test_a_page_holds_the_plans_own_headings_and_an_item_does_not():
    assert holds_headings("一、总体考虑")
    assert holds_headings("前面一段。（二）重点工作")
    assert holds_headings("前面 二、重点工作")
    assert not holds_headings("到社区开展讲座，普及应急知识")
    assert not holds_headings("统一（二）号文件")  # a number in the middle of a word


def test_viewer_page_numbers_are_left_out_and_named():
    first = f"1、一、总体考虑。{FILLER}。"
    second = f"2、二、重点工作。{FILLER}。"
    ctx, found = context(first, second)
    out = unchunk(ctx, found)
    assert [p.text for p in out] == [first[2:], second[2:]]
    assert messages(ctx) == [
        (1, "第 1 行：开头的「1、」像是文档阅读器加上的分页编号，已略去"),
        (2, "第 2 行：开头的「2、」像是文档阅读器加上的分页编号，已略去"),
    ]
    assert ctx.ledger.left_out == [(1, "1、"), (2, "2、")]


def test_a_numbered_page_cut_in_the_middle_of_a_sentence_is_joined_to_the_next():
    ctx, found = context(f"1、一、总体考虑。{FILLER}科普", f"2、资源进社区。二、重点工作。{FILLER}。")
    (page,) = unchunk(ctx, found)
    assert "科普资源进社区" in page.text and page.line == 1
    assert any("已与这一页接为一段" in m for _, m in messages(ctx))


def test_numbered_items_are_not_pages():
    short = "1、一、总体考虑。开展讲座。"
    assert len(short) < CHUNK_MIN_CHARS
    out_of_sequence = f"3、一、总体考虑。{FILLER}。"  # a viewer numbers its pages from 1
    without_headings = f"1、{FILLER}。"
    ctx, found = context(short, out_of_sequence, without_headings)
    assert unchunk(ctx, found) == found
    assert ctx.report.notes == []
