"""The tables stage (importing/tables.py) alone: a task table's header names its columns, rows become tasks."""

from __future__ import annotations

from kepu_plan.importing.context import TableTasks
from kepu_plan.importing.tables import TableReader, header_columns, text_cells
from kepu_plan.importing.units import UnitReader
from kepu_plan.sources import SourceParagraph

from import_stage import context, messages


def cells(rows: list[list[str]], first_line: int = 10) -> list[SourceParagraph]:
    """The non-empty cells of a Word table, one paragraph each, on lines first_line + row."""
    return [
        SourceParagraph(text, first_line + r, f"表格 1 第 {r} 行第 {c} 列", 1, r, c)
        for r, row in enumerate(rows, 1)
        for c, text in enumerate(row, 1)
        if text
    ]


def test_cells_stand_apart_by_tabs_or_by_wide_spaces():
    assert text_cells("社区讲座\t区科协\t") == ["社区讲座", "区科协", ""]
    assert text_cells("社区讲座  区科协\u3000\u30006月") == ["社区讲座", "区科协", "6月"]
    assert text_cells("社区讲座 区科协") == ["社区讲座 区科协"]  # one space: one cell


def test_a_header_names_the_columns_by_their_role():
    assert header_columns(["序号", "工作任务", "具体内容", "牵头单位", "配合单位", "完成时限"]) == {
        "number": 0,
        "title": 1,
        "detail": 2,
        "units": 3,
        "label_text": "牵头单位",
        "support": 4,
        "deadline": 5,
    }
    assert header_columns(["活动名称", "时间", "地点", "责任部门"]) == {
        "title": 0,
        "time": 1,
        "place": 2,
        "units": 3,
        "label_text": "责任部门",
    }
    assert header_columns(["序号", "活动名称", "时间"]) is None  # no unit column: not a task table
    assert header_columns(["姓名", "责任单位"]) is None  # no task column


def test_rows_become_tasks_in_groups_and_a_caption_stays_a_paragraph():
    ctx, _ = context()
    rows = [
        ["附表：任务分工"],
        ["序号", "工作任务", "具体内容", "责任单位", "配合单位", "完成时限"],
        ["一、阵地建设"],
        ["1", "建设科普馆", "扩建展厅。", "市科协", "市财政局", "年底"],
        ["2", "更新展品"],
    ]
    caption, table = TableReader(ctx, UnitReader(ctx)).table(cells(rows))
    assert isinstance(caption, SourceParagraph) and caption.text == "附表：任务分工"
    assert isinstance(table, TableTasks)
    assert table.groups == [
        (
            "阵地建设",
            [
                {"id": "jian-she-ke-pu-guan", "title": "建设科普馆", "text": "扩建展厅。", "units": [["市科协"]],
                 "support": [["市财政局"]], "deadline": "年底"},
                {"id": "geng-xin-zhan-pin", "title": "更新展品", "units": []},
            ],
        )
    ]  # fmt: skip
    assert messages(ctx) == [(15, "表格 1 第 5 行第 1 列：任务「更新展品」没有找到责任单位")]
    # the header row and the tasks' 序号 cells are held by the shape; the caption and category are not
    assert [text for _, text in ctx.ledger.shaped] == ["序号", "工作任务", "具体内容", "责任单位", "配合单位",
                                                       "完成时限", "1", "2"]  # fmt: skip


def test_a_table_without_a_task_header_stays_its_paragraphs():
    ctx, _ = context()
    plain = cells([["姓名", "电话"], ["张三", "123"]])
    assert TableReader(ctx, UnitReader(ctx)).table(plain) == plain
    assert ctx.report.notes == [] and ctx.ledger.shaped == []


def test_rows_of_text_are_read_as_a_table_of_their_own():
    ctx, found = context("工作任务\t责任单位", "社区讲座\t区科协、区卫健委")
    (table,) = TableReader(ctx, UnitReader(ctx)).text_table(found)
    assert isinstance(table, TableTasks)
    assert table.groups[0][1][0]["units"] == [["区科协", "区卫健委"]]
    assert table.source.where == "第 1 行第 1 列"
