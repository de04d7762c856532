"""The chunks stage (importing/chunks.py) alone: a document viewer's page numbers out, split words whole."""

from __future__ import annotations

from kepu_plan.importing.chunks import CHUNK_MIN_CHARS, holds_headings, unchunk

from import_stage import context, messages

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


def test_a_page_cut_in_the_middle_of_a_sentence_is_joined_to_the_next():
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
