"""The title stage: the plan's own title, whatever the page it was copied from puts around it.

Fixtures are our own words reproducing what pages carrying real plans show: a title split over two
lines, a title run into the first paragraph by a document viewer, the file's name above the text,
site names, 范文 labels and sample numbers, breadcrumbs, draft markers with a date, a law quoted in
a notice that has no title of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

BODY = "一、重点工作\n1.组织科普讲座进社区。（责任单位：镇科协）\n"


def run_import(cli, tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    source = tmp_path / "in.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.yaml"
    result = cli("import", source, "-o", target, "--year", "2025", "--plans-dir", tmp_path / "none")
    assert result.exit_code == 0, result.output
    return result, YAML(typ="safe").load(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("head", "title"),
    [
        # split over lines: joined; a bracketed period on the next line belongs to it
        ("2026年第一季度科普宣传\n工作要点\n", "2026年第一季度科普宣传工作要点"),
        ("某市全民科学素质行动实施方案\n（2026—2030年）\n", "某市全民科学素质行动实施方案（2026—2030年）"),
        # a site's name, a breadcrumb or a 范文 label above the title is not part of it
        ("科普之窗网\n2026年某镇科普工作计划\n", "2026年某镇科普工作计划"),
        ("某某科协网--科普频道\n2026年某镇科普工作计划\n", "2026年某镇科普工作计划"),
        ("首页 › 通知公告 › 正文\n2026年某镇科普工作计划\n", "2026年某镇科普工作计划"),
        ("社区科普工作计划范文（精选8篇）\n2026年社区科普工作计划1\n", "2026年社区科普工作计划"),
        ("科普周活动方案【最新8篇】\n发布时间\n社区科普周活动方案 篇二\n", "社区科普周活动方案"),
        # a line after the title (the issuing office) is not part of it
        ("2026年某县科普工作要点\n县科协办公室\n", "2026年某县科普工作要点"),
    ],
)
def test_the_plans_own_title_is_found_among_the_lines_of_its_page(cli, tmp_path, head, title):
    _, data = run_import(cli, tmp_path, head + BODY)
    assert data["title"] == title


def test_a_sample_number_dropped_from_the_title_is_named_in_a_note(cli, tmp_path):
    result, data = run_import(cli, tmp_path, "2026年社区科普工作计划2\n" + BODY)
    assert data["title"] == "2026年社区科普工作计划" and "样文加的序号" in result.output


def test_a_title_run_into_the_first_paragraph_is_split_off(cli, tmp_path):
    text = (
        "收藏 下载\n某镇科普工作计划.docx\n资源描述\n"
        "某镇2026年科普工作计划 为提高全镇居民科学素质，结合本镇实际，制定本计划。\n" + BODY
    )
    result, data = run_import(cli, tmp_path, text)
    assert data["title"] == "某镇2026年科普工作计划"  # the text's own title before the file's name
    assert data["preamble"][-1] == "为提高全镇居民科学素质，结合本镇实际，制定本计划。"
    assert "与正文连在一起，已拆开" in result.output


def test_a_title_run_straight_into_the_first_heading_is_split_off(cli, tmp_path):
    text = "文档简介\n2026年社区科普工作计划一、工作目标全年开展科普活动十场以上。\n"
    _, data = run_import(cli, tmp_path, text)
    assert data["title"] == "2026年社区科普工作计划"
    assert data["sections"][0]["heading"] == "工作目标"


def test_without_a_title_in_the_text_the_files_name_is_taken_and_named(cli, tmp_path):
    result, data = run_import(cli, tmp_path, "某镇科普工作计划.docx\n上传时间：2026-01-05\n" + BODY)
    assert data["title"] == "某镇科普工作计划" and "标题取自文件名" in result.output


def test_a_draft_marker_and_its_date_are_not_part_of_the_title(cli, tmp_path):
    text = "某区2026年科普工作要点（征求意见稿V1.3）（2026年2月3日）\n" + BODY
    _, data = run_import(cli, tmp_path, text)
    assert data["title"] == "某区2026年科普工作要点"
    assert data["preamble"] == ["（征求意见稿V1.3）（2026年2月3日）"]


def test_a_notice_without_a_title_has_none_even_when_it_quotes_a_law(cli, tmp_path):
    text = (
        "某科〔2026〕8号\n各乡镇、县直各单位：\n"
        "为贯彻《中华人民共和国科学技术普及法》，现将有关事项通知如下。\n" + BODY
    )
    result, data = run_import(cli, tmp_path, text)
    assert "title" not in data and "没有找到标题" in result.output


def test_a_sentence_of_the_preamble_is_never_taken_for_a_glued_title(cli, tmp_path):
    text = "各单位要认真落实本方案 确保各项任务按期完成，年底前报送总结。\n" + BODY
    _, data = run_import(cli, tmp_path, text)
    assert "title" not in data


def test_numbered_notes_of_a_site_above_the_title_stay_in_the_preamble(cli, tmp_path):
    text = (
        "1、本站文档仅供参考，下载前请核对内容。\n2、预览部分如有缺页请联系客服。\n"
        "2026年某社区科普工作计划\n为提高居民科学素养，制定本计划。\n"
        "1.举办健康讲座六场；\n2.更新社区科普画廊。\n"
    )
    _, data = run_import(cli, tmp_path, text)
    assert data["title"] == "2026年某社区科普工作计划"
    assert data["preamble"][:2] == [
        "1、本站文档仅供参考，下载前请核对内容。",
        "2、预览部分如有缺页请联系客服。",
    ]
    tasks = [t["title"] for s in data["sections"] for g in s.get("groups", []) for t in g["tasks"]]
    assert tasks == ["举办健康讲座六场；", "更新社区科普画廊。"]
