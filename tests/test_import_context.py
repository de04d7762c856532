"""What the stages share (importing/context.py) alone: notes at their paragraph, the ledger, the report."""

from __future__ import annotations

from kepu_plan import codes
from kepu_plan.importing.context import LEFT_OUT, NORMALISED, SPLIT, UNSURE, ImportReport

from import_stage import context


def test_a_note_is_located_at_its_paragraph_and_unsure_ones_are_counted():
    ctx, found = context("一、总体考虑", "开展讲座。")
    ctx.note(UNSURE, found[1], "这一段拿不准", "核对它")
    ctx.note(SPLIT, found[0], "拆开了")
    (unsure, split) = ctx.report.notes
    assert (unsure.code, unsure.file, unsure.line, unsure.message, unsure.hint) == (
        "KP050",
        "plan.txt",
        2,
        "第 2 行：这一段拿不准",
        "核对它",
    )
    assert (split.code, split.line, split.hint) == ("KP052", 1, None)
    assert ctx.report.unsure_paragraphs == 1


def test_text_left_out_is_noted_and_recorded_in_the_ledger():
    ctx, found = context("- 2 -")
    ctx.leave_out(UNSURE, found[0], "- 2 -", "「- 2 -」像是页码，已略去")
    assert [n.message for n in ctx.report.notes] == ["第 1 行：「- 2 -」像是页码，已略去"]
    assert ctx.ledger.left_out == [(1, "- 2 -")]
    ctx.ledger.shape(found[0], "序号")
    assert ctx.ledger.shaped == [(1, "序号")]


def test_the_import_notes_have_codes_of_their_own():
    assert {UNSURE, SPLIT, NORMALISED, LEFT_OUT} == {
        codes.IMPORT_UNSURE,
        codes.IMPORT_SPLIT,
        codes.IMPORT_NORMALISED,
        codes.IMPORT_LEFT_OUT,
    }
    assert len({c.code for c in (UNSURE, SPLIT, NORMALISED, LEFT_OUT)}) == 4


def test_the_summary_counts_what_was_read():
    report = ImportReport(sections=2, groups=1, tasks=5, items=3, unit_references=7, unsure_paragraphs=1)
    assert report.summary() == (
        "导入结果：2 个一级部分，1 个分组，5 项任务，3 个条目；责任单位 7 处；不确定的段落 1 段。"
    )
    report.unknown_units = ["某某中心"]
    assert "（其中 1 个不在单位名录中）" in report.summary()
