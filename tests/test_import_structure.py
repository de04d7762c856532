"""The structure and fields stages: what a （一）-level line is (a group, a task, a run-in item or a
fact such as （一）时间。 over its value), and which lines under a task are its fields.

Fixtures are our own words reproducing patterns of published 科技活动周 notices and activity
plans: headings that carry a value on the next line, field lines under an activity."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML


def run_import(cli, tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    source = tmp_path / "in.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.yaml"
    result = cli("import", source, "-o", target, "--year", "2025", "--plans-dir", tmp_path / "none")
    assert result.exit_code == 0, result.output
    return result, YAML(typ="safe").load(target.read_text(encoding="utf-8"))


NOTICE = """关于举办本区第十届科普宣传周的通知
各街道办事处，区直各部门：
为营造崇尚科学的氛围，现就有关事项通知如下。
一、时间、主题和活动
（一）时间。
2026年5月16日至23日
（二）主题。
科学点亮生活
（三）重点活动。
1.举办科普宣传周开幕式，集中展示本区科技成果。（责任单位：区科协）
2.组织专家走进社区和学校开展科普讲座。（责任单位：区科协、区教育局）
二、工作要求
各单位要精心组织，确保活动安全有序。
"""


def test_a_heading_over_its_value_beside_tasks_is_a_fact_of_the_section_not_a_task(cli, tmp_path):
    result, data = run_import(cli, tmp_path, NOTICE)
    section = data["sections"][0]
    assert section["paragraphs"] == ["时间：2026年5月16日至23日", "主题：科学点亮生活"]
    [group] = section["groups"]
    assert group["heading"] == "重点活动。"
    assert [t["units"] for t in group["tasks"]] == [[["区科协"]], [["区科协", "区教育局"]]]
    assert "（一）时间。」与它的值不是任务" in result.output  # the change is named where it was made


def test_a_fact_with_its_value_on_its_own_line_beside_tasks_is_a_fact_too(cli, tmp_path):
    text = NOTICE.replace("（一）时间。\n2026年5月16日至23日\n", "（一）时间：2026年5月16日至23日\n")
    _, data = run_import(cli, tmp_path, text)
    assert data["sections"][0]["paragraphs"][0] == "时间：2026年5月16日至23日"
    assert sum(len(g["tasks"]) for g in data["sections"][0]["groups"]) == 2


def test_facts_in_a_section_without_tasks_stay_run_in_items_with_their_values(cli, tmp_path):
    text = "一、活动安排\n（一）时间。\n2026年9月第三周\n（二）地点。\n市科技馆广场\n"
    _, data = run_import(cli, tmp_path, text)
    items = data["sections"][0]["items"]
    assert [i["heading"] for i in items] == ["时间。", "地点。"]
    assert [i.get("paragraphs") for i in items] == [["2026年9月第三周"], ["市科技馆广场"]]


def test_field_lines_under_an_activity_are_its_fields_and_details(cli, tmp_path):
    text = (
        "一、主要活动\n"
        "（一）科学家进校园报告会。（责任单位：市科协）\n"
        "时间：10月12日上午\n地点：市第一中学礼堂\n主持人：市科协副主席\n参会人员：全校师生\n"
        "（二）青少年机器人展示。（责任单位：市教育局）\n时间：10月13日\n"
    )
    _, data = run_import(cli, tmp_path, text)
    first, second = data["sections"][0]["groups"][0]["tasks"]
    assert (first["time"], first["place"]) == ("10月12日上午", "市第一中学礼堂")
    assert "主持人：市科协副主席" in first["text"] and "参会人员：全校师生" in first["text"]
    assert second["time"] == "10月13日" and second["units"] == [["市教育局"]]


def test_lines_naming_other_facts_of_an_activity_stay_with_it(cli, tmp_path):
    text = (
        "一、活动安排\n（一）科技小制作比赛\n时间：5月10日下午\n参赛对象：三至六年级学生\n"
        "报名方式：以班级为单位报名\n（二）科普知识竞赛\n时间：5月12日\n服务对象：全校师生\n"
    )
    _, data = run_import(cli, tmp_path, text)
    first, second = data["sections"][0]["groups"][0]["tasks"]
    assert first["time"] == "5月10日下午"
    assert first["text"] == "参赛对象：三至六年级学生报名方式：以班级为单位报名"
    assert second["text"] == "服务对象：全校师生"
    assert "paragraphs" not in data["sections"][0]


def test_a_short_line_without_a_number_over_a_list_starting_at_1_heads_its_group(cli, tmp_path):
    text = (
        "一、主要任务\n青少年科学素质行动\n1.开展科技教育进校园活动。（责任单位：县教育局）\n"
        "2.举办青少年科技创新大赛。（责任单位：县科协）\n农民科学素质行动\n"
        "1.实施农村实用技术培训。（责任单位：县农业局）\n"
    )
    _, data = run_import(cli, tmp_path, text)
    groups = data["sections"][0]["groups"]
    assert [(g["heading"], len(g["tasks"])) for g in groups] == [
        ("青少年科学素质行动", 2),
        ("农民科学素质行动", 1),
    ]
    assert "paragraphs" not in data["sections"][0]
