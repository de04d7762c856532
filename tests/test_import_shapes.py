"""Each form the importer must read, alone: Word content read once, task fields, tables, titles.

The corpus test scores whole plans; these pin down one behaviour each, through real files and the
real CLI, so a regression names its cause.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import get_args

from ruamel.yaml import YAML

from kepu_plan.labels import UNIT_LABELS, ResponsibilityLabel, SupportLabel
from kepu_plan.sources import read_source
from kepu_plan.validation import validate

CORPUS = Path(__file__).resolve().parent / "import_corpus"
sys.path.insert(0, str(CORPUS))
from build import footnote_ref, numbered, numbering_part, p, table, write_docx  # noqa: E402


def texts(path: Path) -> list[str]:
    return [paragraph.text for paragraph in read_source(path, path.name).paragraphs]


def import_file(cli, path: Path, *extra: str):  # type: ignore[no-untyped-def]
    target = path.with_suffix(".yaml")
    result = cli("import", path, "-o", target, "--plans-dir", path.parent / "none", *extra)
    data = YAML(typ="safe").load(target.read_text(encoding="utf-8")) if target.exists() else None
    return result, data


def all_tasks(data: dict) -> list[dict]:
    return [t for s in data["sections"] for g in s.get("groups", []) for t in g["tasks"]]


# -- Word content, once and only once --------------------------------------------------------------


def test_content_controls_and_custom_xml_are_read_once_in_place(tmp_path):
    sdt = "<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt>"
    body = (
        p("甲")
        + sdt.format(p("乙") + table([["丙", "丁"]]))
        + '<w:customXml w:element="x">'
        + p("戊")
        + "</w:customXml>"
        + table([[sdt.format(p("己")), "庚"]])
    )
    path = write_docx(tmp_path / "a.docx", body)
    assert texts(path) == ["甲", "乙", "丙", "丁", "戊", "己", "庚"]


def test_a_text_box_is_read_once_from_choice_not_also_from_fallback(tmp_path):
    box = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        + p("框中文字")
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + p("框中文字")
        + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    path = write_docx(tmp_path / "box.docx", p("前") + box + p("后"))
    assert texts(path) == ["前", "框中文字", "后"]


def test_footnotes_are_reported_with_their_text_never_dropped(cli, tmp_path):
    body = (
        p("2024年某市科普工作计划")
        + p("一、重点任务")
        + ("<w:p><w:r><w:t>1.开展科普讲座。（责任单位：市科协）</w:t></w:r>" + footnote_ref(1) + "</w:p>")
    )
    path = write_docx(tmp_path / "notes.docx", body, footnotes=[(1, "讲座名单另发。")])
    result, data = import_file(cli, path)
    assert "脚注 1" in result.stderr and "讲座名单另发。" in result.stderr and "第 3 段" in result.stderr
    assert all_tasks(data)[0]["title"] == "开展科普讲座。"


def test_a_moved_paragraph_counts_at_its_new_place_and_deletions_not_at_all(tmp_path):
    body = (
        '<w:p><w:moveFrom w:id="1" w:author="a"><w:r><w:t>移动的段落</w:t></w:r></w:moveFrom></w:p>'
        + p("中间")
        + '<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>'
        '<w:ins w:id="3" w:author="a"><w:r><w:t>加上</w:t></w:r></w:ins></w:p>'
        + '<w:p><w:moveTo w:id="4" w:author="a"><w:r><w:t>移动的段落</w:t></w:r></w:moveTo></w:p>'
    )
    path = write_docx(tmp_path / "moves.docx", body)
    assert texts(path) == ["中间", "保留加上", "移动的段落"]


def test_nested_tables_give_each_cell_once_with_its_true_place(tmp_path):
    inner = table([["内一", "内二"]])
    wide = '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + p("跨两列") + "</w:tc>"
    body = (
        "<w:tbl><w:tblPr/><w:tr>" + wide + "<w:tc>" + p("第三列") + "</w:tc></w:tr>"
        "<w:tr><w:tc>"
        + p("甲")
        + "</w:tc><w:tc>"
        + inner
        + "</w:tc><w:tc>"
        + p("乙")
        + "</w:tc></w:tr></w:tbl>"
    )
    path = write_docx(tmp_path / "nested.docx", body)
    found = [(x.text, x.where) for x in read_source(path, "n").paragraphs]
    assert found == [
        ("跨两列", "表格 1 第 1 行第 1 列"),
        ("第三列", "表格 1 第 1 行第 3 列"),
        ("甲", "表格 1 第 2 行第 1 列"),
        ("内一", "表格 2 第 1 行第 1 列"),
        ("内二", "表格 2 第 1 行第 2 列"),
        ("乙", "表格 1 第 2 行第 3 列"),
    ]


def test_numbers_word_draws_itself_are_read_as_the_reader_sees_them(cli, tmp_path):
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    body = (
        p("2024年某市科普工作计划")
        + numbered("重点任务", 1, 0)
        + numbered("加强科普宣传", 1, 1)
        + numbered("开设科普专栏。（责任单位：市科协）", 1, 2)
        + numbered("举办科普讲座。（责任单位：市科技局）", 1, 2)
        + numbered("推进场馆建设", 1, 1)
        + numbered("改造科技馆展厅。（责任单位：市科技馆）", 1, 2)
        + numbered("保障措施", 1, 0)
    )
    path = write_docx(tmp_path / "auto.docx", body, numbering=numbering_part(levels))
    assert texts(path)[1:6] == [
        "一、重点任务",
        "（一）加强科普宣传",
        "1.开设科普专栏。（责任单位：市科协）",
        "2.举办科普讲座。（责任单位：市科技局）",
        "（二）推进场馆建设",
    ]
    assert texts(path)[-2:] == ["1.改造科技馆展厅。（责任单位：市科技馆）", "二、保障措施"]
    _, data = import_file(cli, path)
    assert [g["heading"] for g in data["sections"][0]["groups"]] == ["加强科普宣传", "推进场馆建设"]
    assert len(all_tasks(data)) == 3


# -- task tables -----------------------------------------------------------------------------------


def test_an_excel_task_table_is_mapped_by_its_header_row(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2024年某区科普任务清单"])
    ws.append(["完成时限", "配合单位", "牵头单位", "任务名称", "序号"])  # any column order
    ws.append(["2024年6月", "区教育局", "区科协", "举办科学实验秀", 1])
    path = tmp_path / "tasks.xlsx"
    wb.save(path)
    result, data = import_file(cli, path)
    assert data["title"] == "2024年某区科普任务清单", result.stderr
    (task,) = all_tasks(data)
    assert task["title"] == "举办科学实验秀" and task["deadline"] == "2024年6月"
    assert task["units"] == [["区科协"]] and task["support"] == [["区教育局"]] and task["label"] == "牵头单位"


def test_a_table_without_a_task_header_stays_text(cli, tmp_path):
    body = p("2024年某市科普工作计划") + p("一、工作安排") + table([["阶段", "说明"], ["一", "启动"]])
    _, data = import_file(cli, write_docx(tmp_path / "t.docx", body))
    assert data["sections"][0]["paragraphs"] == ["阶段", "说明", "一", "启动"]


# -- titles ----------------------------------------------------------------------------------------


def test_a_forwarding_notice_names_the_plan_in_its_book_title_marks(cli, tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(
        "某市科协办〔2024〕5号\n关于印发《2024年某市青少年科普工作方案》的通知\n各区科协：\n现印发给你们。\n"
        "一、主要任务\n1.开展科学营。（责任单位：市科协）\n",
        encoding="utf-8",
    )
    _result, data = import_file(cli, path)
    assert data["title"] == "2024年某市青少年科普工作方案" and data["year"] == 2024
    assert "关于印发《2024年某市青少年科普工作方案》的通知" in data["preamble"]


def test_without_a_title_none_is_invented_and_the_import_says_so(cli, tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(
        "各单位要加强协作，形成合力。\n1.开展科普周活动。（责任单位：市科协）\n", encoding="utf-8"
    )
    result, data = import_file(cli, path)
    assert "title" not in data and "没有找到标题" in result.stderr
    assert data["preamble"] == ["各单位要加强协作，形成合力。"]


# -- fields, roles, uncertain lines ----------------------------------------------------------------


def test_time_place_and_deadline_become_fields_and_render_as_their_own_lines(cli, tmp_path):
    path = tmp_path / "f.txt"
    path.write_text(
        "2024年某县科技活动周方案\n一、活动安排\n1.举办启动仪式。\n主办单位：县科技局\n协办单位：县科协\n"
        "时间：5月25日\n地点：县广场\n完成时限：2024年5月\n",
        encoding="utf-8",
    )
    _, data = import_file(cli, path)
    (task,) = all_tasks(data)
    assert task["time"] == "5月25日" and task["place"] == "县广场" and task["deadline"] == "2024年5月"
    assert task["label"] == "主办单位" and task["support_label"] == "协办单位"
    assert task["units_layout"] == "lines"
    units = tmp_path / "units.yaml"
    units.write_text(
        "units:\n  - {name: 县科技局, full_name: 某县科学技术局, kind: 政府部门, level: 区}\n"
        "  - {name: 县科协, full_name: 某县科学技术协会, kind: 群团组织, level: 区}\n",
        encoding="utf-8",
    )
    out = tmp_path / "f.out.txt"
    rendered = cli("render", path.with_suffix(".yaml"), "-f", "txt", "-o", out, "--units", units)
    assert rendered.exit_code == 0, rendered.output
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line]
    assert lines[-6:] == [
        "1.举办启动仪式。",
        "主办单位：县科技局",
        "协办单位：县科协",
        "时间：5月25日",
        "地点：县广场",
        "完成时限：2024年5月",
    ]


def test_units_named_in_the_sentence_keep_lead_and_support_and_the_sentence_intact(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(
        "2024年某县科普方案\n一、主要活动\n（一）开展科技下乡。由县农业农村局牵头，县林业局、县气象局配合，组织专家下乡。\n",
        encoding="utf-8",
    )
    _, data = import_file(cli, path)
    (task,) = all_tasks(data)
    assert task["units"] == [["县农业农村局"]] and task["support"] == [["县林业局", "县气象局"]]
    assert task["units_layout"] == "sentence" and "由县农业农村局牵头" in task["text"]


def test_a_numbered_list_left_in_the_preamble_is_reported_and_counted_as_uncertain(cli, tmp_path):
    path = tmp_path / "u.txt"
    path.write_text(
        "2024年某市科普工作计划\n（责任单位：市科协）\n一、工作目标\n提高公民科学素质。\n",
        encoding="utf-8",
    )
    result, _ = import_file(cli, path)
    assert "第 2 行" in result.stderr and "前言" in result.stderr and "KP050" in result.stderr
    assert "不确定的段落 1 段" in result.stderr


def test_every_unit_label_is_one_the_model_accepts():
    accepted = set(get_args(ResponsibilityLabel)) | set(get_args(SupportLabel))
    assert set(UNIT_LABELS) == accepted - {""}
    assert {label for label, role in UNIT_LABELS.items() if role == "support"} <= set(get_args(SupportLabel))


def test_a_draft_marker_on_the_title_line_is_kept_apart_from_the_title(cli, tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(
        "2024年某区科普工作方案（征求意见稿）\n一、任务\n1.开展讲座。（责任单位：区科协）\n", encoding="utf-8"
    )
    _, data = import_file(cli, path)
    assert data["title"] == "2024年某区科普工作方案" and data["preamble"] == ["（征求意见稿）"]


def test_a_notice_without_book_title_marks_still_names_the_plan(cli, tmp_path):
    path = tmp_path / "n.txt"
    path.write_text(
        "某区科协关于印发2024年某区科普工作要点的通知\n各街道：\n现印发给你们，请抓好落实。\n"
        "一、任务\n1.开展讲座。（责任单位：区科协）\n",
        encoding="utf-8",
    )
    _, data = import_file(cli, path)
    assert data["title"] == "2024年某区科普工作要点"


def test_beside_a_lead_unit_the_responsible_units_cooperate_and_print_back_the_same(cli, tmp_path):
    path = tmp_path / "r.txt"
    line = "1.开展科学营活动。（牵头单位：市科协；责任单位：市教育局、团市委）"
    path.write_text(f"2024年某市科普计划\n一、任务\n{line}\n", encoding="utf-8")
    _, data = import_file(cli, path)
    (task,) = all_tasks(data)
    assert task["units"] == [["市科协"]] and task["support"] == [["市教育局", "团市委"]]
    from kepu_plan.layout import responsibility_text
    from kepu_plan.model import Task

    assert responsibility_text(validate(Task, task)) == line[line.index("（") :]


def test_roles_in_a_closing_bracket_without_you_are_read_and_the_words_kept(cli, tmp_path):
    path = tmp_path / "b.txt"
    path.write_text(
        "2024年某县科普方案\n一、任务\n1.举办科普讲座。（县科协牵头，县卫健局、县教育局配合）\n",
        encoding="utf-8",
    )
    _, data = import_file(cli, path)
    (task,) = all_tasks(data)
    assert task["units"] == [["县科协"]] and task["support"] == [["县卫健局", "县教育局"]]
    assert task["text"] == "（县科协牵头，县卫健局、县教育局配合）" and task["units_layout"] == "sentence"


def test_unit_names_apart_by_spaces_are_split(cli, tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(
        "2024年某区科普计划\n一、任务\n1.开展讲座。\n责任单位：区科技局 区教育局\n", encoding="utf-8"
    )
    _, data = import_file(cli, path)
    assert all_tasks(data)[0]["units"] == [["区科技局", "区教育局"]]


def test_category_rows_of_a_word_task_table_head_groups_and_line_breaks_split_names(cli, tmp_path):
    wide = '<w:tc><w:tcPr><w:gridSpan w:val="4"/></w:tcPr>' + p("一、科普阵地建设") + "</w:tc>"
    body = (
        p("2024年某市科普任务分工表")
        + "<w:tbl><w:tblPr/>"
        + "<w:tr>"
        + "".join(f"<w:tc>{p(h)}</w:tc>" for h in ("序号", "工作任务", "责任单位", "完成时限"))
        + "</w:tr>"
        + "<w:tr>"
        + wide
        + "</w:tr>"
        + "<w:tr><w:tc>"
        + p("1")
        + "</w:tc><w:tc>"
        + p("新建科普站点。")
        + "</w:tc><w:tc>"
        + p("市科协")
        + p("市民政局")
        + "</w:tc><w:tc>"
        + p("2024年9月")
        + "</w:tc></w:tr>"
        + "</w:tbl>"
    )
    _, data = import_file(cli, write_docx(tmp_path / "cat.docx", body))
    (group,) = [g for s in data["sections"] for g in s["groups"]]
    assert group["heading"] == "科普阵地建设"
    assert (
        group["tasks"][0]["units"] == [["市科协", "市民政局"]]
        and group["tasks"][0]["deadline"] == "2024年9月"
    )


def test_a_table_cell_is_never_taken_for_the_title_and_an_empty_file_is_reported(cli, tmp_path):
    path = write_docx(tmp_path / "cell.docx", p("2024年某市科普计划") + table([["附表说明"]]))
    _, data = import_file(cli, path)
    assert data["title"] == "2024年某市科普计划" and data["preamble"] == ["附表说明"]
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    result, _ = import_file(cli, empty)
    assert "没有可导入的文字" in result.stderr and "Traceback" not in result.output


def test_a_plan_saved_from_a_web_page_is_read_as_its_visible_text(cli, tmp_path):
    page = (
        '<html><head><meta charset="gbk"><title>网站</title><script>var x = "1.不是任务";</script></head><body>'
        "<div>首页 &gt; 通知公告</div><h1>2024年某区科普工作要点</h1>"
        "<p>一、重点任务</p><p>1.开展科普讲座。（责任单位：区科协）</p>"
        "<table><tr><td>序号</td><td>工作任务</td><td>责任单位</td></tr>"
        "<tr><td>2</td><td>举办科普日活动</td><td>区科技局、区教育局</td></tr></table></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    result, data = import_file(cli, path)
    assert data["title"] == "2024年某区科普工作要点", result.stderr
    titles = [t["title"] for t in all_tasks(data)]
    assert titles == ["开展科普讲座。", "举办科普日活动"]
    assert all_tasks(data)[1]["units"] == [["区科技局", "区教育局"]]
    assert "不是任务" not in path.with_suffix(".yaml").read_text(encoding="utf-8")


def test_a_bracketed_unit_note_on_its_own_line_belongs_to_the_task_above(cli, tmp_path):
    # A unit note alone in brackets after a task is that task's field line, as 责任单位：X is:
    # never a task of its own titled （责任单位：…）.
    source = tmp_path / "西岭市计划.txt"
    source.write_text(
        "西岭市2026年科普工作安排\n一、乡村科普\n（一）建设农家科普书架。\n"
        "（1）在二十个村配齐科普图书。\n（2）每季度轮换一次图书。\n（牵头单位：市科协；配合单位：市农业农村局）\n"
        "（二）举办乡村科普大集。（责任单位：市科技局）\n",
        encoding="utf-8",
    )
    result, data = import_file(cli, source)
    assert data is not None, result.output
    tasks = all_tasks(data)
    titles = [t["title"] for t in tasks]
    assert not any("单位：" in t for t in titles), titles
    rotate = next(t for t in tasks if t["title"].startswith("每季度轮换"))
    assert rotate["units"] == [["市科协"]] and rotate["support"] == [["市农业农村局"]]
    assert next(t for t in tasks if t["title"].startswith("举办乡村"))["units"] == [["市科技局"]]
    assert len(tasks) == 3
