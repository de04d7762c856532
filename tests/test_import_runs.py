"""The numbering stage's run splitter (importing/runs.py) alone: a flattened paragraph cut at its numbers."""

from __future__ import annotations

from kepu_plan.importing.runs import MAX_SKIP, RunSplitter
from kepu_plan.numbering import parse_number

from import_stage import context, messages


def split(*texts: str) -> tuple[list[list[str]], list[tuple[int, str]]]:
    ctx, found = context(*texts)
    splitter = RunSplitter(ctx)
    return [[p.text for p in splitter.split(paragraph)] for paragraph in found], messages(ctx)


def test_a_paragraph_without_inner_numbers_is_left_alone():
    assert split("开展科普讲座，每月一次。") == ([["开展科普讲座，每月一次。"]], [])


def test_numbers_that_continue_the_sequence_cut_after_a_sentence_end():
    pieces, notes = split("1.开展讲座。2.举办展览。3.组织竞赛。")
    assert pieces == [["1.开展讲座。", "2.举办展览。", "3.组织竞赛。"]]
    assert notes == [(1, "第 1 行：一段中连写了 3 个带编号的部分，已按编号拆开")]


def test_a_heading_runs_straight_into_its_first_deeper_number():
    pieces, _ = split("二、重点工作（一）推进阵地建设。（二）壮大人才队伍。")
    assert pieces == [["二、重点工作", "（一）推进阵地建设。", "（二）壮大人才队伍。"]]


def test_figures_and_bracketed_numbers_inside_a_sentence_do_not_cut():
    pieces, notes = split("全年增长3.5%，覆盖2.4万人。", "参加对象（1）年级学生。")
    assert pieces == [["全年增长3.5%，覆盖2.4万人。"], ["参加对象（1）年级学生。"]]
    assert notes == []


def test_a_number_out_of_sequence_does_not_cut_but_an_excerpt_may_skip_ahead():
    pieces, _ = split("1.开展讲座。5.举办展览。", "1.开展讲座。")
    assert pieces[0] == ["1.开展讲座。", "5.举办展览。"]  # 1. then 5.: items an excerpt kept
    pieces, _ = split(f"1.开展讲座。{MAX_SKIP + 5}.举办展览。")
    assert pieces == [[f"1.开展讲座。{MAX_SKIP + 5}.举办展览。"]]  # too far ahead: a figure


def test_the_sequence_is_remembered_across_paragraphs():
    ctx, found = context("一、总体考虑", "说明文字。二、重点工作")
    splitter = RunSplitter(ctx)
    first = parse_number(found[0].text)
    assert first is not None
    assert [p.text for p in splitter.split(found[0])] == ["一、总体考虑"]
    assert [p.text for p in splitter.split(found[1])] == ["说明文字。", "二、重点工作"]
    assert splitter.continues(parse_number("三、保障") or first)
