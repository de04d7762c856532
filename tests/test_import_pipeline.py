"""The pipeline (importing/pipeline.py) alone: the stages in order over small plans, put together in
the model's shape, and the accounting last."""

from __future__ import annotations

from kepu_plan.importing.pipeline import import_source, run
from kepu_plan.sources import SourceNote

from import_stage import context, messages


def test_title_preamble_sections_tasks_and_signature_are_put_together_in_the_models_shape():
    ctx, _ = context(
        "2024年某区科普工作计划（征求意见稿）",
        "为提升群众科学素质，制定本计划。",
        "一、总体考虑",
        "（一）办好讲座。（责任单位：区科协）",
        "某区科学技术协会",
        "2024年1月5日",
    )
    assert run(ctx, None) == {
        "year": 2024,  # from the title, as no --year was given
        "title": "2024年某区科普工作计划",
        "preamble": ["（征求意见稿）", "为提升群众科学素质，制定本计划。"],
        "sections": [
            {"heading": "总体考虑", "groups": [{"task_numbering": "（一）", "tasks": [
                {"id": "ban-hao-jiang-zuo", "title": "办好讲座。", "units": [["区科协"]]}]}]}
        ],
        "date": "2024-01-05",
        "issuer": "某区科学技术协会",
    }  # fmt: skip
    assert messages(ctx) == [(1, "第 1 行：标题后的「（征求意见稿）」不是标题的一部分，已放入前言")]
    assert ctx.report.sections == 1 and ctx.report.tasks == 1


def test_the_year_given_wins_over_the_title():
    ctx, _ = context("2024年某区科普工作计划", "一、总体考虑", "开展宣传。")
    assert run(ctx, 2026)["year"] == 2026


def test_a_list_of_tasks_without_sections_is_one_section_without_a_heading():
    ctx, _ = context("1.办好讲座。（责任单位：区科协）", "2.举办展览。（责任单位：区文旅局）")
    data = run(ctx, 2025)
    assert "title" not in data and [list(s) for s in data["sections"]] == [["groups"]]
    assert [t["title"] for t in data["sections"][0]["groups"][0]["tasks"]] == ["办好讲座。", "举办展览。"]
    assert messages(ctx) == [(1, "第 1 行：没有找到标题：计划中没有 title，请补上")]


def test_an_excerpt_that_starts_inside_a_section_keeps_its_first_tasks_before_the_next_section():
    ctx, _ = context("区科协工作要点", "（八）办好讲座。（责任单位：区科协）", "四、保障", "加强经费保障。")
    data = run(ctx, 2025)
    first, second = data["sections"]
    assert "heading" not in first and first["groups"][0]["task_number_start"] == 8
    assert second == {"heading": "保障", "paragraphs": ["加强经费保障。"]}


def test_a_footnote_is_reported_with_its_text_and_not_placed():
    ctx, _ = context(
        "一、总体考虑", "开展宣传。", notes=[SourceNote("脚注", "1", "资料来自年度统计", "第 2 行")]
    )
    data = run(ctx, 2025)
    assert "资料来自年度统计" not in str(data)
    assert messages(ctx)[0] == (0, "第 2 行：脚注 1：「资料来自年度统计」不是正文，没有放进计划")


def test_the_accounting_runs_last_over_what_the_stages_put_together(tmp_path, monkeypatch):
    from kepu_plan.importing import pipeline
    from kepu_plan.sources import read_source

    path = tmp_path / "plan.txt"
    path.write_text("一、总体考虑\n开展宣传。\n", encoding="utf-8")
    seen = []
    monkeypatch.setattr(pipeline, "account", lambda ctx, data: seen.append(data))
    data, report = import_source(read_source(path, "plan.txt"), None, "plan.txt", 2025)
    assert seen == [data] and report.notes
