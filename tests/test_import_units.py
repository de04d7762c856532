"""Responsible units where real plans put them, each form alone, through the real CLI.

Every fixture is written for this test in our own words and reproduces one pattern: labels in
brackets, on their own line, run on inline, lead and cooperating labels, 主办/承办/协办, traditional
characters; role phrases (由A牵头，B、C配合; A牵头，B配合; A会同B、C); the subject of a task's
sentence; a units column flattened into the line; names the shape alone cannot vouch for.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML


def import_text(cli, tmp_path: Path, text: str, *extra: object):  # type: ignore[no-untyped-def]
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "plan.yaml"
    result = cli("import", source, "-o", target, "--plans-dir", tmp_path / "none", *extra)
    assert result.exit_code == 0, result.stderr
    assert cli("validate", target, "--units", tmp_path / "none.yaml").stderr.count("KP001") == 0
    return result, YAML(typ="safe").load(target.read_text(encoding="utf-8"))


def tasks(data: dict) -> list[dict]:
    return [t for s in data["sections"] for g in s.get("groups", []) for t in g["tasks"]]


def names(task: dict, role: str = "units") -> list[str]:
    return [n for group in task.get(role, []) for n in group]


LABEL_FORMS = [
    ("1. 举办青少年科学营。（责任单位：区科协、区教育局）", ["区科协", "区教育局"], []),
    ("1. 举办青少年科学营。\n责任单位：区科协、区教育局", ["区科协", "区教育局"], []),
    ("1. 举办青少年科学营。牵头部门：区科协 责任单位：区教育局、团区委", ["区科协"], ["区教育局", "团区委"]),
    ("1. 举办青少年科学营。（牵头单位：区科协；配合单位：区教育局）", ["区科协"], ["区教育局"]),
    ("1. 举办青少年科学营。\n主办：区科协\n协办：区图书馆、区文化馆", ["区科协"], ["区图书馆", "区文化馆"]),
    ("1. 舉辦青少年科學營。（責任單位：區科協、區教育局）", ["區科協", "區教育局"], []),
    ("1. 舉辦青少年科學營。\n主辦：區科協\n協辦：區圖書館", ["區科協"], ["區圖書館"]),
    ("1. 举办青少年科学营。\n牵头处室：科普部\n配合处室：学会部", ["科普部"], ["学会部"]),
]


@pytest.mark.parametrize(("line", "units", "support"), LABEL_FORMS)
def test_labels_in_every_form(cli, tmp_path, line, units, support):
    _, data = import_text(cli, tmp_path, f"一、重点活动\n{line}\n")
    (task,) = tasks(data)
    assert names(task) == units
    assert names(task, "support") == support


ROLE_PHRASES = [
    (
        "1. 由区科技局牵头，区融媒体中心、各街道参加，举办科技成果展。",
        ["区科技局"],
        ["区融媒体中心", "各街道"],
    ),
    ("1. 区科技局牵头，区融媒体中心配合，举办科技成果展。", ["区科技局"], ["区融媒体中心"]),
    ("1. 区科技局会同区融媒体中心、区档案馆举办科技成果展。", ["区科技局"], ["区融媒体中心", "区档案馆"]),
    ("1. 由区科技局会同区融媒体中心和区档案馆，举办科技成果展。", ["区科技局"], ["区融媒体中心", "区档案馆"]),
    (
        "1. 活动结束后总结经验。区科技局牵头，会同区统计局和各镇，汇总数据。",
        ["区科技局"],
        ["区统计局", "各镇"],
    ),
    ("1. 由区科技局会同区档案馆负责编印成果汇编。", ["区科技局"], ["区档案馆"]),  # not one name
    ("1. 由区文化馆组织各社区更换宣传栏内容。", ["区文化馆"], []),  # 由X组织: X organises it
    ("1. 由區文化館組織各社區更換宣傳欄內容。", ["區文化館"], []),
]


@pytest.mark.parametrize(("line", "units", "support"), ROLE_PHRASES)
def test_role_phrases_give_lead_and_cooperating_units(cli, tmp_path, line, units, support):
    _, data = import_text(cli, tmp_path, f"一、重点活动\n{line}\n")
    (task,) = tasks(data)
    assert (names(task), names(task, "support")) == (units, support)
    assert task["units_layout"] == "sentence" and line.endswith(task["title"] + task.get("text", ""))


SUBJECTS = [
    ("1、区卫健委要在各社区开设健康课堂；", ["区卫健委"]),
    ("2、各镇农技站要组织技术员下田指导；", ["各镇农技站"]),
    ("3、区博物馆在暑假期间推出夜场讲解；", ["区博物馆"]),
    ("4、区文旅局、区融媒体中心联合举办科普短视频大赛。", ["区文旅局", "区融媒体中心"]),
    ("5、围绕节水主题开展宣传。区水务局负责制作展板。", ["区水务局"]),  # the second sentence's subject
]


def test_the_subject_of_a_tasks_sentence_is_its_unit(cli, tmp_path):
    text = "一、活动安排\n" + "\n".join(line for line, _ in SUBJECTS) + "\n"
    _, data = import_text(cli, tmp_path, text)
    found = tasks(data)
    assert [names(t) for t in found] == [units for _, units in SUBJECTS]
    assert all(t["units_layout"] == "sentence" for t in found)  # the sentence stays as written


def test_a_list_after_a_label_ends_where_its_sentence_ends(cli, tmp_path):
    result, data = import_text(
        cli, tmp_path, "一、活动安排\n1. 举办讲座。责任单位：区科协。具体时间另行通知。\n"
    )
    (task,) = tasks(data)
    assert names(task) == ["区科协"] and task["text"] == "具体时间另行通知。"
    assert "是另一句，已放回任务正文" in result.stderr


def test_an_activity_list_with_one_entry_organised_by_a_unit_is_a_list_of_tasks(cli, tmp_path):
    # （一）-level activities of an activity plan: one names who organises it (由X组织), so the list
    # holds work to track and every entry, with or without a unit, is a task
    text = (
        "一、活动安排\n"
        "（一）开设周末科学课堂。邀请中学教师为社区少年讲解身边的物理现象。\n"
        "（二）更换宣传栏内容。由区文化馆组织各社区更换宣传栏中的科普挂图。\n"
        "（三）举办科普电影周。\n"
    )
    _, data = import_text(cli, tmp_path, text)
    found = tasks(data)
    assert [t["title"] for t in found] == ["开设周末科学课堂。", "更换宣传栏内容。", "举办科普电影周。"]
    assert [names(t) for t in found] == [[], ["区文化馆"], []]
    assert "items" not in data["sections"][0]


def test_organising_is_no_role_of_a_word_that_is_no_unit(cli, tmp_path):
    # 由X组织 names a unit only when X is one: 由学生自行组织 is a way of working, not a responsible unit
    _, data = import_text(cli, tmp_path, "一、活动安排\n1. 由学生自行组织兴趣小组开展观测。\n")
    (task,) = tasks(data)
    assert names(task) == []


def test_a_subject_never_decides_that_a_paragraph_is_a_task(cli, tmp_path):
    # an unnumbered paragraph opening with a unit stays a paragraph: only tasks read subjects
    _, data = import_text(cli, tmp_path, "一、工作要求\n区科协要加强统筹，确保各项活动安全有序。\n")
    assert tasks(data) == [] and data["sections"][0]["paragraphs"]


def test_a_flattened_units_column_at_the_end_of_the_line(cli, tmp_path):
    text = (
        "一、活动一览\n1. 青少年机器人挑战赛 7月 区体育中心 区教育局、区少年宫\n"
        "2. 科普电影周 8月 区影剧院 区文化馆\n3. 星空露营 9月 区科技馆 待定\n"
    )
    _, data = import_text(cli, tmp_path, text)
    # the last cell only: the place before it (区体育中心) is not a unit; no names, no units
    assert [names(t) for t in tasks(data)] == [["区教育局", "区少年宫"], ["区文化馆"], []]


def test_a_task_table_flattened_with_single_spaces_reads_its_units_column(cli, tmp_path):
    text = (
        "某区科技活动周活动一览\n"
        "序号 活动名称 时间 地点 承办单位\n"
        "1 机器人挑战赛 5月18日 区体育中心 区教育局、区科协\n"
        "2 科普电影展映 5月19日 区影剧院 区文化馆\n"
        "3 社区健康讲座 5月20日 各社区 区卫健局 各社区卫生服务中心\n"
    )
    _, data = import_text(cli, tmp_path, text)
    found = tasks(data)
    assert [t["title"] for t in found] == ["机器人挑战赛", "科普电影展映", "社区健康讲座"]
    assert [names(t) for t in found] == [
        ["区教育局", "区科协"],
        ["区文化馆"],
        ["区卫健局", "各社区卫生服务中心"],
    ]
    assert [t["place"] for t in found] == ["区体育中心", "区影剧院", "各社区"]  # the place is no unit


def test_a_sentence_of_several_words_is_no_table_header(cli, tmp_path):
    text = "一、主要活动 围绕科普日主题 组织单位 开展活动\n1. 举办讲座。（责任单位：区科协）\n"
    _, data = import_text(cli, tmp_path, text)
    assert [names(t) for t in tasks(data)] == [["区科协"]]


def test_a_list_opening_with_a_full_name_gives_its_scope_to_the_short_ones(cli, tmp_path):
    _, data = import_text(cli, tmp_path, "一、活动安排\n1. 区委宣传部、科技局、科协联合举办启动仪式。\n")
    assert [names(t) for t in tasks(data)] == [["区委宣传部", "科技局", "科协"]]


@pytest.mark.parametrize(
    ("line", "units"),
    [
        ("1. 举办咨询活动。9月20日上午，区科协和区卫健局在中心广场设立咨询台。", ["区科协", "区卫健局"]),
        ("1. 活动周期间，区图书馆推出科普书展。", ["区图书馆"]),
        ("1. 按照全市统一部署，区科协组织各镇开展宣传。", ["区科协"]),
        ("1. 开展防灾减灾宣传，区应急管理局负责组织协调。", ["区应急管理局"]),
        ("1. 开展防灾减灾宣传，区应急管理局组织协调。", []),  # no time, no basis, no duty: not read
    ],
)
def test_a_clause_after_a_time_or_a_basis_or_before_a_duty_names_the_doer(cli, tmp_path, line, units):
    _, data = import_text(cli, tmp_path, f"一、活动安排\n{line}\n")
    assert [names(t) for t in tasks(data)] == [units]


def test_a_name_known_only_by_its_suffix_is_a_located_note_not_a_unit(cli, tmp_path):
    result, data = import_text(cli, tmp_path, "一、活动安排\n1. 观象天文台要开放夜间观测。\n")
    (task,) = tasks(data)
    assert task["units"] == []
    assert "plan.txt:2:1" in result.stderr and "可能是责任单位：观象天文台" in result.stderr


def test_the_document_confirms_a_name_the_shape_leaves_unsure(cli, tmp_path):
    text = "一、活动安排\n1. 举办天象观测夜。（责任单位：观象天文台）\n2. 观象天文台要开放夜间观测。\n"
    result, data = import_text(cli, tmp_path, text)
    assert [names(t) for t in tasks(data)] == [["观象天文台"], ["观象天文台"]]
    assert "可能是责任单位" not in result.stderr


def test_the_addressee_line_confirms_names_too(cli, tmp_path):
    text = "各镇人民政府、观象天文台：\n现将有关安排通知如下。\n一、活动安排\n1. 观象天文台要开放夜间观测。\n"
    _result, data = import_text(cli, tmp_path, text)
    assert [names(t) for t in tasks(data)] == [["观象天文台"]]


def test_the_registry_confirms_a_name(cli, tmp_path):
    registry = tmp_path / "units.yaml"
    registry.write_text(
        "units:\n  - name: 天文台\n    full_name: 观象天文台\n    kind: 事业单位\n    level: 市\n"
        "    aliases: [观象台]\n",
        encoding="utf-8",
    )
    text = "2025年某区科普活动安排\n一、活动安排\n1. 观象台要开放夜间观测。\n"
    _result, data = import_text(cli, tmp_path, text, "--units", registry, "--year", "2025")
    assert [names(t) for t in tasks(data)] == [["观象台"]]


def test_labels_win_over_names_in_the_sentence(cli, tmp_path):
    text = "一、活动安排\n1. 区科协要联合区教育局举办讲座。（责任单位：区科技馆）\n"
    _, data = import_text(cli, tmp_path, text)
    (task,) = tasks(data)
    assert names(task) == ["区科技馆"] and "units_layout" not in task


def test_names_in_the_middle_of_a_sentence_are_not_units(cli, tmp_path):
    # partners named inside the sentence are not its assignment
    _, data = import_text(cli, tmp_path, "一、活动安排\n1. 联合区教育局、区科协举办科学营。\n")
    (task,) = tasks(data)
    assert task["units"] == []


# -- a held-out mini-set ------------------------------------------------------------------------------

HELD_OUT = Path(__file__).resolve().parent / "fixtures" / "import_units"


def test_the_held_out_mini_set_keeps_unit_recall_and_precision():
    """Eight short plans in our own words, in the forms published plans use (tests/fixtures/
    import_units, truth.yaml beside them): unit names recall and precision, scored with the
    definitions of the import scorer. A wrong unit counts against precision; a name the importer
    only notes (科普e站, known by its suffix alone) against recall."""
    import sys

    from kepu_plan.importing import import_source
    from kepu_plan.sources import read_source

    sys.path.insert(0, str(Path(__file__).resolve().parent / "import_corpus"))
    from scoring import score

    truth = YAML(typ="safe").load((HELD_OUT / "truth.yaml").read_text(encoding="utf-8"))
    true = found = matched = 0
    for name, expected in truth.items():
        path = HELD_OUT / f"{name}.txt"
        data, _ = import_source(read_source(path, path.name), None, path.name, 2026)
        result = score(expected, data)
        assert result["tasks"][0] == result["tasks"][2], (name, result["tasks_missed"])
        true, found, matched = (a + b for a, b in zip((true, found, matched), result["units"], strict=True))
    print(f"held-out units: recall {matched / true:.3f} precision {matched / found:.3f}")
    assert matched / true >= 0.95 and matched / found >= 0.98
