"""Excerpts of real plans as they are found on the web, one pattern each, in our own words:
document-viewer page chunks, a text that starts inside a section, a list that keeps only some of
its items. Each test goes through the real CLI and reads the YAML it wrote."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML


def run_import(cli, tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    source = tmp_path / "in.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.yaml"
    result = cli("import", source, "-o", target, "--year", "2025", "--plans-dir", tmp_path / "none")
    data = YAML(typ="safe").load(target.read_text(encoding="utf-8"))
    return result, data


def tasks_of(data: dict) -> list[dict]:
    return [t for s in data["sections"] for g in s.get("groups", []) for t in g["tasks"]]


def headings_of(data: dict) -> list[str]:
    out = []
    for section in data["sections"]:
        out += [section["heading"]] if section.get("heading") else []
        out += [g["heading"] for g in section.get("groups", []) if g.get("heading")]
        out += [i["heading"] for i in section.get("items", [])]
    return out


FILLER = "各成员单位按照分工推进落实，定期报送进展情况，确保各项工作按期完成" * 4


def test_viewer_page_numbers_are_left_out_and_a_word_split_over_pages_is_joined(cli, tmp_path):
    text = (
        "某镇2026年科普宣传计划.docx\n第1页 / 共2页\n\n"
        f"1、一、健全工作网络。{FILLER}。二、建设科普画廊。在主要街道设置画廊，定期更换内\n\n"
        f"2、容，每月一期。{FILLER}。三、举办科普讲座。邀请专家进村讲解。\n"
    )
    result, data = run_import(cli, tmp_path, text)
    headings = [s.get("heading") for s in data["sections"]]
    assert headings == ["健全工作网络。", "建设科普画廊。", "举办科普讲座。"]
    second = data["sections"][1]["paragraphs"][0]
    assert "定期更换内容，每月一期。" in second  # the word cut by the page break is whole again
    assert "1、" not in str(data) and "2、容" not in str(data)
    assert "分页编号" in result.output and "接为一段" in result.output


def test_a_long_numbered_item_without_headings_inside_is_not_a_page(cli, tmp_path):
    text = f"一、重点工作\n1、开展科普进社区活动。{FILLER}。（责任单位：区科协）\n"
    _, data = run_import(cli, tmp_path, text)
    [task] = tasks_of(data)
    assert task["title"] == "开展科普进社区活动。" and task["units"] == [["区科协"]]


def test_an_excerpt_that_starts_inside_a_section_keeps_its_tasks(cli, tmp_path):
    text = (
        "某网站——政策文件库\n"
        "（六）青少年科技教育行动。\n"
        "总牵头部门：县教育局。\n"
        "责任单位：县科协、团县委,县妇联。\n"
        "（七）农民科学素质行动。\n"
        "1.举办农业实用技术培训。\n"
        "2.建设农村科普示范基地。\n"
        "三、保障措施\n"
        "各单位要加强协作。\n"
    )
    _, data = run_import(cli, tmp_path, text)
    assert data["preamble"] == ["某网站——政策文件库"]
    first = data["sections"][0]
    assert "heading" not in first
    tasks = tasks_of(data)
    assert tasks[0]["title"] == "青少年科技教育行动。"
    assert tasks[0]["units"] == [["县教育局"]] and tasks[0]["support"] == [["县科协", "团县委"], ["县妇联"]]
    assert [t["title"] for t in tasks[1:]] == ["举办农业实用技术培训。", "建设农村科普示范基地。"]
    assert data["sections"][1]["heading"] == "保障措施"


def test_an_attachment_list_before_the_first_heading_is_not_an_excerpt(cli, tmp_path):
    text = "各街道：\n现将计划印发给你们。\n附件：\n1.某区科普工作计划\n某区科协\n一、总体要求\n提高居民科学素质。\n"
    _, data = run_import(cli, tmp_path, text)
    assert "1.某区科普工作计划" in data["preamble"]
    assert [s.get("heading") for s in data["sections"]] == ["总体要求"]


def test_a_run_in_list_that_keeps_only_some_items_is_cut_at_each_of_them(cli, tmp_path):
    text = (
        "一、完善科普体系1.建立联席会议制度，明确成员单位职责（责任单位：市科协、市科技局）"
        "4.建设科普服务平台，汇聚各方资源（责任单位：市委宣传部）11.培育科普人才队伍，壮大志愿者力量。\n"
    )
    _, data = run_import(cli, tmp_path, text)
    tasks = tasks_of(data)
    assert [t["title"][:6] for t in tasks] == ["建立联席会议", "建设科普服务", "培育科普人才"]
    assert tasks[0]["units"] == [["市科协", "市科技局"]] and tasks[1]["units"] == [["市委宣传部"]]
    assert tasks[2]["units"] == []


def test_draft_markers_with_a_version_and_a_bracketed_date_are_not_the_title(cli, tmp_path):
    text = "某县推进科普信息化实施意见\n（讨论稿v3.1）\n(2026年4月2日)\n一、总体目标\n建成县级科普平台。\n"
    _, data = run_import(cli, tmp_path, text)
    assert data["title"] == "某县推进科普信息化实施意见"
    assert data["preamble"] == ["（讨论稿v3.1）", "(2026年4月2日)"]


def test_a_law_a_notice_cites_is_not_the_title(cli, tmp_path):
    text = (
        "某科发〔2026〕8号\n各区科技局：\n"
        "为落实《中华人民共和国科学技术普及法》，决定举办科普月活动。现将有关事项通知如下。\n"
        "一、活动安排\n各区组织开展科普月活动。\n"
    )
    result, data = run_import(cli, tmp_path, text)
    assert "title" not in data and "没有找到标题" in result.output


def test_a_forwarded_plan_named_next_to_its_verb_is_the_title(cli, tmp_path):
    text = "各街道：\n依据《科普法》，现将《某区2026年科普工作要点》印发给你们，请遵照执行。\n一、工作目标\n提高素质。\n"
    _, data = run_import(cli, tmp_path, text)
    assert data["title"] == "某区2026年科普工作要点"


def test_detail_lines_and_agenda_steps_stay_with_their_activity(cli, tmp_path):
    text = (
        "三、活动安排\n"
        "1、科普月启动仪式\n责任单位：区科协\n时间：3月1日上午\n地点：区文化广场\n议程：\n"
        "（1）主持人宣布开幕；\n（2）区领导讲话；\n参加人员：各成员单位负责人。\n"
        "2、科普大篷车进校园\n责任单位：区教育局\n内容：展出互动展品十件。\n"
    )
    _, data = run_import(cli, tmp_path, text)
    first, second = tasks_of(data)
    assert first["title"] == "科普月启动仪式" and first["units"] == [["区科协"]]
    assert first["time"] == "3月1日上午" and first["place"] == "区文化广场"
    assert first["text"] == "议程：（1）主持人宣布开幕；（2）区领导讲话；参加人员：各成员单位负责人。"
    assert second["text"] == "内容：展出互动展品十件。" and second["units"] == [["区教育局"]]


def test_a_point_beside_tasks_keeps_the_value_on_the_line_under_it(cli, tmp_path):
    text = (
        "一、活动概况\n（一）日期。\n2026年5月16日至22日\n（二）重点活动。\n"
        "1. 举办科普讲座，普及健康知识。\n2. 组织科技馆开放日。\n"
    )
    _, data = run_import(cli, tmp_path, text)
    dated = next(t for t in tasks_of(data) if t["title"] == "日期。")
    assert dated["text"] == "2026年5月16日至22日"  # before: the value line was dropped in silence


def test_a_heading_glued_to_its_text_without_a_mark_is_split_where_the_text_opens(cli, tmp_path):
    text = (
        "一、完善科普工作机制按照区里部署，成立科普工作领导小组，定期研究科普工作中的重要事项。\n"
        "二、丰富群众性科普活动以科普日为契机，组织开展各类科普讲座和展览，服务社区居民。\n"
    )
    _, data = run_import(cli, tmp_path, text)
    assert [s["heading"] for s in data["sections"]] == ["完善科普工作机制", "丰富群众性科普活动"]
    assert data["sections"][0]["paragraphs"][0].startswith("按照区里部署")


def test_lead_and_partners_named_without_you_in_the_sentence(cli, tmp_path):
    text = "一、重点任务\n1.区科协牵头，区教育局、团区委配合，组织青少年科技创新大赛。\n"
    _, data = run_import(cli, tmp_path, text)
    [task] = tasks_of(data)
    assert task["units"] == [["区科协"]] and task["support"] == [["区教育局", "团区委"]]
    assert task["title"] == "区科协牵头，区教育局、团区委配合，组织青少年科技创新大赛。"  # the sentence stays
