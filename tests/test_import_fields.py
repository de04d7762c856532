"""The fields stage: the labelled parts of a task and the facts of an activity (importing/fields.py),
read from lines in our own words reproducing published plans and activity notices."""

from __future__ import annotations

import pytest

from kepu_plan.importing.fields import LABELLED_NOTE, detail_line, fact_lines, field_line, parse_fields


@pytest.mark.parametrize(
    ("heading", "following", "expected"),
    [
        ("时间。", ["2026年5月"], ["时间：2026年5月"]),
        ("活动地点", ["市民广场"], ["活动地点：市民广场"]),
        ("地点：市民广场", [], ["地点：市民广场"]),
        ("主办单位", ["区科协、区教育局"], ["主办单位：区科协、区教育局"]),
        ("主要内容。", ["开展讲座"], None),  # not a fact label: a heading of its own
        ("时间。", [], None),  # no value
        ("活动内容", ["1.举办讲座。", "2.开展展览。"], None),  # numbered lines are tasks, not a value
        ("时间。", ["五月" * 50], None),  # a long paragraph is no value
    ],
)
def test_a_fact_is_a_fact_label_over_a_short_value(heading, following, expected):
    assert fact_lines(heading, following) == expected


@pytest.mark.parametrize(
    "text",
    [
        "参赛对象：三至六年级学生",
        "服务对象：辖区居民",
        "报名方式：电话报名",
        "主持人：区科协主席",
        "参会人员：各成员单位",
    ],
)
def test_lines_naming_a_fact_of_an_activity_are_detail_lines(text):
    assert detail_line(text)


@pytest.mark.parametrize("text", ["各单位要做好宣传：利用画廊", "组织领导小组成员名单如下："])
def test_a_sentence_with_a_colon_is_no_detail_line(text):
    assert not detail_line(text)


def test_a_labelled_note_may_hold_brackets_of_its_own():
    note = LABELLED_NOTE.search("开放实验室。（责任单位：市科技局、各县（市、区）科技局）")
    assert note is not None and note.group(1) == "责任单位：市科技局、各县（市、区）科技局"
    assert parse_fields(note.group(1)) == [("责任单位", "市科技局、各县（市、区）科技局")]


def test_a_field_line_in_brackets_alone_is_a_field_line():
    assert field_line("（责任单位：区科协、区教育局）") and not field_line("（责任单位：）")


def test_names_are_split_at_marks_outside_brackets_only():
    from kepu_plan.importing.fields import split_outside

    assert split_outside("市科技局、各县（市、区）科技局、市科协", "、") == [
        "市科技局",
        "各县（市、区）科技局",
        "市科协",
    ]
    assert split_outside("区科协", "、") == ["区科协"]
