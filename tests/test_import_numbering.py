"""The numbering stage: every form of number real plans type (numbering.py's one table of marker
kinds), and a body flattened onto one line cut back into its numbered parts (importing/runs.py).

Fixtures are our own words reproducing the patterns found in published plans: ⒈ ⑴ ① ㈠ numbers,
items whose text opens with a year, numbers that restart under every heading, a body pasted from a
web page as one paragraph, numbers inside a sentence that must not cut it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.importing.context import Context
from kepu_plan.importing.runs import RunSplitter
from kepu_plan.numbering import CIRCLED, MARKER_KINDS, MARKERS, chinese_number, parse_number
from kepu_plan.sources import Source, SourceParagraph


@pytest.mark.parametrize(
    ("text", "level", "value", "style", "rest"),
    [
        ("⒈组织科普讲座", "1.", 1, "1.", "组织科普讲座"),
        ("⒓ 建立志愿者队伍", "1.", 12, "1.", "建立志愿者队伍"),
        ("⑴举办展览", "（1）", 1, "（1）", "举办展览"),
        ("⒇举办展览", "（1）", 20, "（1）", "举办展览"),
        ("③ 发放资料", "①", 3, "①", "发放资料"),
        ("㈠青少年科学素质提升", "（一）", 1, "（一）", "青少年科学素质提升"),
        ("㈥、社区居民科学素质提升", "（一）", 6, "（一）", "社区居民科学素质提升"),
        ("（一）时间。", "（一）", 1, "（一）", "时间。"),
        ("(二)主题", "（一）", 2, "（一）", "主题"),
        ("一、总体要求", "一", 1, "一、", "总体要求"),
        ("十二、附则", "一", 12, "一、", "附则"),
        ("1.开展科普周", "1.", 1, "1.", "开展科普周"),
        ("１．开展科普周", "1.", 1, "1.", "开展科普周"),
        ("3、开展科普周", "1.", 3, "1、", "开展科普周"),
        ("（4）开展科普周", "（1）", 4, "（1）", "开展科普周"),
        ("(4)开展科普周", "（1）", 4, "（1）", "开展科普周"),
    ],
)
def test_every_form_of_number_is_read_with_its_level_value_and_style(text, level, value, style, rest):
    number = parse_number(text)
    assert number is not None
    assert (number.level, number.value, number.style, number.rest) == (level, value, style, rest)


@pytest.mark.parametrize(
    ("text", "value", "rest"),
    [
        ("4、2009年度评选结束后，各镇做好总结。", 4, "2009年度评选结束后，各镇做好总结。"),
        ("2.2016年起每年举办一次。", 2, "2016年起每年举办一次。"),
        ("5. 2020年以前建成科普馆。", 5, "2020年以前建成科普馆。"),
        ("６、２０１９年的经验继续推广。", 6, "２０１９年的经验继续推广。"),
        ("3、5月份集中开展宣传。", 3, "5月份集中开展宣传。"),
    ],
)
def test_an_item_whose_text_opens_with_a_year_or_a_month_keeps_its_number(text, value, rest):
    number = parse_number(text)
    assert number is not None and (number.value, number.rest) == (value, rest)


@pytest.mark.parametrize(
    "text",
    [
        "2009年全市科普工作取得新进展。",
        "2016年起每年举办一次。",
        "1.5万人次参加活动。",
        "1、2、3号展厅开放。",
        "10.1假期",
    ],
)
def test_a_year_a_decimal_or_a_list_of_numbers_at_a_line_start_is_not_a_number(text):
    assert parse_number(text) is None


def test_the_table_of_marker_kinds_gives_every_character_its_place():
    """One table (MARKER_KINDS): each kind's characters are consecutive and read back to 1, 2, 3 …"""
    for kind in MARKER_KINDS:
        for i, ch in enumerate(kind.characters):
            number = parse_number(ch + "甲")
            assert number is not None and (number.level, number.value) == (kind.level, i + 1)
    assert "".join(ch for ch, (level, _, _) in MARKERS.items() if level == "①") == CIRCLED


# -- a body flattened onto one line -------------------------------------------------------------

SECTION_HEADINGS = ["工作目标", "重点任务", "保障措施", "宣传动员"]
GROUP_HEADINGS = ["青少年科学素质提升", "农民科学素质提升", "社区科普能力建设", "科普阵地建设"]
#: Task texts, some holding numbers that must not cut them: a decimal, 第2、3项, 分三、四批, a year.
TASK_TEXTS = [
    "组织科技工作者进社区开展讲座。",
    "在中小学开设科学兴趣课，参加人数增长1.5倍。",
    "落实第2、3项培训任务，做好总结。",
    "分三、四批组织农民参观示范基地。",
    "2018年建成的科普画廊每月更新一次。",
    "建立科普志愿者队伍。（责任单位：县科协）",
]


def level2_marker(kind: str, n: int) -> str:
    return {
        "paren": f"（{chinese_number(n)}）",
        "half": f"({chinese_number(n)})",
        "single": chr(0x3220 + n - 1),
    }[kind]


def task_marker(kind: str, n: int) -> str:
    return {
        "dot": f"{n}.",
        "comma": f"{n}、",
        "paren": f"（{n}）",
        "circled": CIRCLED[n - 1],
        "paren-char": chr(0x2474 + n - 1),
        "dot-char": chr(0x2488 + n - 1),
    }[kind]


@st.composite
def flattened_plans(draw: st.DrawFn) -> tuple[list[str], str]:
    """The numbered lines of a plan (一、 sections, （一） groups, 1. tasks restarting under every
    heading) and the same lines pasted as one paragraph."""
    group_kind = draw(st.sampled_from(["paren", "half", "single"]))
    task_kind = draw(st.sampled_from(["dot", "comma", "paren", "circled", "paren-char", "dot-char"]))
    lines: list[str] = []
    for s in range(1, draw(st.integers(1, 3)) + 1):
        groups = draw(st.integers(0, 3))
        heading = f"{chinese_number(s)}、{SECTION_HEADINGS[s - 1]}"
        lines.append(heading if groups else heading + "：全面完成年度各项工作。")
        for g in range(1, groups + 1):
            lines.append(level2_marker(group_kind, g) + GROUP_HEADINGS[g - 1])
            tasks = draw(st.lists(st.sampled_from(TASK_TEXTS), min_size=1, max_size=4))
            lines += [task_marker(task_kind, t) + text for t, text in enumerate(tasks, 1)]
    separator = draw(st.sampled_from(["", " ", "　"]))
    return lines, separator.join(lines)


def splitter() -> RunSplitter:
    source = Source(Path("flat.txt"), [], "utf-8")
    return RunSplitter(Context(source, None, "flat.txt"))


@given(flattened_plans())
def test_any_numbering_sequence_flattened_onto_one_line_splits_back_into_the_same_lines(plan):
    lines, flat = plan
    pieces = splitter().split(SourceParagraph(flat, 1, "第 1 行"))
    assert [p.text for p in pieces] == lines


def test_a_number_inside_a_sentence_does_not_cut_it():
    text = "一、工作目标 全年举办讲座1.5万场，分三、四批完成第2、3项任务，2019年起每年评比。"
    pieces = splitter().split(SourceParagraph(text, 1, "第 1 行"))
    assert [p.text for p in pieces] == [text]


def test_a_flattened_body_with_character_numbers_becomes_tasks_with_their_units(cli, tmp_path):
    body = (
        "某县2008年科普工作要点\n"
        "一、工作目标 全县公民科学素质有新的提高。二、主要任务 ㈠青少年科学素质行动 "
        "⒈开展科技教育进校园活动。（责任单位：县教育局、县科协）"
        "⒉4月起举办青少年科技创新大赛。（责任单位：县科协）"
        "㈡农民科学素质行动 ⒈实施农村实用技术培训，分二、三期进行。（责任单位：县农业局）"
        "⒉2007年起创建的科普示范村继续扩大。（责任单位：县科协、各乡镇）三、保障措施 各部门加强配合。\n"
    )
    source = tmp_path / "flat.txt"
    source.write_text(body, encoding="utf-8")
    target = tmp_path / "flat.yaml"
    result = cli("import", source, "-o", target, "--year", "2025", "--plans-dir", tmp_path / "none")
    assert result.exit_code == 0, result.output
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(target.read_text(encoding="utf-8"))
    groups = data["sections"][1]["groups"]
    assert [g["heading"] for g in groups] == ["青少年科学素质行动", "农民科学素质行动"]
    tasks = [(t["title"], t["units"]) for g in groups for t in g["tasks"]]
    assert tasks == [
        ("开展科技教育进校园活动。", [["县教育局", "县科协"]]),
        ("4月起举办青少年科技创新大赛。", [["县科协"]]),
        ("实施农村实用技术培训，分二、三期进行。", [["县农业局"]]),
        ("2007年起创建的科普示范村继续扩大。", [["县科协", "各乡镇"]]),
    ]
    check = cli("validate", target, "--plans-dir", tmp_path / "none")
    assert "KP001" not in check.output


def test_a_flattened_page_is_cut_between_the_plans_name_and_its_first_heading():
    text = "2026年社区科普工作计划一、工作目标全年举办讲座十场。二、主要措施1.组建志愿者队伍。2.开放科普角。"
    pieces = [p.text for p in splitter().split(SourceParagraph(text, 1, "第 1 行"))]
    assert pieces == [
        "2026年社区科普工作计划",
        "一、工作目标全年举办讲座十场。",
        "二、主要措施",
        "1.组建志愿者队伍。",
        "2.开放科普角。",
    ]


def test_a_sentence_ending_in_a_plan_word_before_a_number_is_not_cut_as_a_name():
    text = "为落实年度计划一、二季度各开展一次检查。"
    assert [p.text for p in splitter().split(SourceParagraph(text, 1, "第 1 行"))] == [text]


def test_a_heading_between_a_sentence_and_a_list_starting_again_is_cut_off_from_the_sentence():
    text = "2.举办创新大赛。（责任单位：县科协） 农民科学素质行动 1.实施农村实用技术培训。2.创建示范村。"
    pieces = [p.text for p in splitter().split(SourceParagraph(text, 1, "第 1 行"))]
    assert pieces == [
        "2.举办创新大赛。（责任单位：县科协）",
        "农民科学素质行动",
        "1.实施农村实用技术培训。",
        "2.创建示范村。",
    ]
