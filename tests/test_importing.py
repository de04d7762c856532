"""`kepu-plan import`: existing plans (.txt, .docx) come in with their structure and every character."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from kepu_plan.loading import load_plan
from kepu_plan.writers.text import render_txt

from conftest import PLAN_2025, REFERENCE, UNITS, reference_paragraphs, without_ids

REFERENCE_TEXT = REFERENCE.read_text(encoding="utf-8")


def load_data(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def run_import(cli, tmp_path: Path, content: str | bytes, name: str = "plan.txt", *extra: str):
    source = tmp_path / name
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    target = tmp_path / "imported.yaml"
    result = cli("import", source, "-o", target, "--units", UNITS, *extra)
    return result, target


def rendered_paragraphs(path: Path) -> list[str]:
    plan = load_plan(path).model
    return [line for line in render_txt(plan).decode("utf-8").splitlines() if line.strip()]


def characters(paragraphs: list[str]) -> str:
    """All non-space characters, with half-width brackets and colons folded to full width."""
    text = re.sub(r"\s", "", "".join(paragraphs))
    return text.translate(str.maketrans({"(": "（", ")": "）", ":": "："}))


def assert_nothing_lost(imported: Path, source_text: str) -> None:
    """Every character of the source comes back when the imported plan is rendered."""
    source = [line for line in source_text.splitlines() if line.strip()]
    assert characters(rendered_paragraphs(imported)) == characters(source)


def test_reference_text_imports_to_the_same_plan_as_the_bundled_yaml(cli, tmp_path):
    result, target = run_import(cli, tmp_path, REFERENCE_TEXT)
    assert result.exit_code == 0, result.stderr
    assert without_ids(load_data(target)) == without_ids(load_data(PLAN_2025))
    assert rendered_paragraphs(target) == reference_paragraphs()
    assert "3 个一级部分，6 个分组，30 项任务" in result.stderr


def test_imported_ids_are_readable_ascii_and_unique(cli, tmp_path):
    _, target = run_import(cli, tmp_path, REFERENCE_TEXT)
    plan = load_plan(target).model
    ids = [t.task.id for t in plan.tasks()]
    assert len(set(ids)) == 30
    assert ids[0] == "ge-qu-zheng-fu-yao-lv"  # 各区政府要履…
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_the_year_comes_from_the_title_and_names_the_default_output(cli, tmp_path):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "units.yaml").write_bytes(UNITS.read_bytes())
    source = tmp_path / "plan.txt"
    source.write_text(REFERENCE_TEXT, encoding="utf-8")
    result = cli("import", source, "--plans-dir", plans)
    assert result.exit_code == 0, result.stderr
    assert (plans / "2025.yaml").is_file()
    again = cli("import", source, "--plans-dir", plans)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert cli("import", source, "--plans-dir", plans, "--force").exit_code == 0


def test_an_existing_plan_is_never_overwritten_without_force(cli, tmp_path):
    target = tmp_path / "imported.yaml"
    target.write_text("keep me", encoding="utf-8")
    result, _ = run_import(cli, tmp_path, REFERENCE_TEXT)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me"


def test_gbk_encoded_text_is_detected(cli, tmp_path):
    result, target = run_import(cli, tmp_path, REFERENCE_TEXT.encode("gbk"))
    assert result.exit_code == 0, result.stderr
    assert rendered_paragraphs(target) == reference_paragraphs()


def test_utf8_with_bom_and_crlf_is_read(cli, tmp_path):
    content = b"\xef\xbb\xbf" + REFERENCE_TEXT.replace("\n", "\r\n").encode("utf-8")
    result, target = run_import(cli, tmp_path, content)
    assert result.exit_code == 0
    assert rendered_paragraphs(target) == reference_paragraphs()


def test_half_width_parentheticals_and_numbering_are_recognised(cli, tmp_path):
    text = (
        REFERENCE_TEXT.replace("（责任单位：", "(责任单位:").replace("）\n", ")\n").replace("（一）", "(一)")
    )
    result, target = run_import(cli, tmp_path, text)
    assert result.exit_code == 0, result.stderr
    assert without_ids(load_data(target)) == without_ids(load_data(PLAN_2025))
    assert "KP053" in result.stderr  # the normalisation is reported


def test_numbered_tasks_keep_their_numbering(cli, tmp_path):
    lines = REFERENCE_TEXT.splitlines()
    numbered, n = [], 0
    for line in lines:
        if line.startswith("（"):
            n = 0
        elif "（责任单位：" in line:
            n += 1
            line = f"{n}.{line}"
        numbered.append(line)
    result, target = run_import(cli, tmp_path, "\n".join(numbered))
    assert result.exit_code == 0, result.stderr
    data = load_data(target)
    assert data["sections"][1]["groups"][0]["task_numbering"] == "1."
    assert rendered_paragraphs(target) == [p for p in (line.strip() for line in numbered) if p]


def test_parenthesised_arabic_numbering_is_recognised(cli, tmp_path):
    text = REFERENCE_TEXT.replace("各区政府要履行科普工作领导责任。", "（1）各区政府要履行科普工作领导责任。")
    _result, target = run_import(cli, tmp_path, text)
    group = load_data(target)["sections"][1]["groups"][0]
    assert group["task_numbering"] == "（1）"
    assert group["tasks"][0]["title"] == "各区政府要履行科普工作领导责任。"


@pytest.mark.parametrize("separator", ["；", "，"])
def test_lead_and_supporting_units_are_kept_apart(cli, tmp_path, separator):
    original = "（责任单位：市科技局、市科协、市农业农村局）"
    changed = f"（牵头单位：市科技局{separator}配合单位：市科协、市农业农村局）"
    result, target = run_import(cli, tmp_path, REFERENCE_TEXT.replace(original, changed))
    assert result.exit_code == 0, result.stderr
    task = next(
        t for g in load_data(target)["sections"][1]["groups"] for t in g["tasks"] if "帮扶" in t["title"]
    )
    assert task["label"] == "牵头单位" and task["units"] == [["市科技局"]]
    assert task["support"] == [["市科协", "市农业农村局"]]
    assert any(changed in p for p in rendered_paragraphs(target))


def test_a_paragraph_without_units_is_kept_and_reported(cli, tmp_path):
    text = REFERENCE_TEXT.replace("（责任单位：市妇联、市科技局）", "")
    result, target = run_import(cli, tmp_path, text)
    assert result.exit_code == 1  # the imported plan shows what is left to fix
    assert "没有找到责任单位" in result.stderr and "KP010" in result.stderr
    assert_nothing_lost(target, text)


def test_a_level_one_heading_glued_to_its_body_is_split(cli, tmp_path):
    text = REFERENCE_TEXT.replace("一、指导思想\n", "一、指导思想。")
    _result, target = run_import(cli, tmp_path, text)
    section = load_data(target)["sections"][0]
    assert section["heading"] == "指导思想。"
    assert section["paragraphs"][0].startswith("以习近平新时代")
    assert_nothing_lost(target, text)


def test_a_group_heading_glued_to_its_first_task_is_split(cli, tmp_path):
    text = REFERENCE_TEXT.replace(
        "（三）强化重点人群科普，精准服务公众需求。\n", "（三）强化重点人群科普，精准服务公众需求。"
    )
    result, target = run_import(cli, tmp_path, text)
    assert result.exit_code == 0, result.stderr
    assert without_ids(load_data(target)) == without_ids(load_data(PLAN_2025))


def test_a_title_over_two_lines_is_joined(cli, tmp_path):
    text = REFERENCE_TEXT.replace("2025年广州市科普工作计划\n", "2025年广州市\n科普工作计划\n", 1)
    result, target = run_import(cli, tmp_path, text)
    assert load_data(target)["title"] == "2025年广州市科普工作计划"
    assert result.exit_code == 0


def test_traditional_characters_import_without_loss(cli, tmp_path):
    table = str.maketrans(
        "责单级协会广州计划划组织开展动区动务务门关员业", "責單級協會廣州計劃劃組織開展動區動務務門關員業"
    )
    text = REFERENCE_TEXT.translate(table)
    result, target = run_import(cli, tmp_path, text)
    data = load_data(target)
    assert data["year"] == 2025 and len(data["sections"]) == 3
    assert sum(len(g["tasks"]) for g in data["sections"][1]["groups"]) == 30
    assert data["sections"][1]["groups"][0]["tasks"][0]["label"] == "責任單位"
    assert_nothing_lost(target, text)
    assert "KP051" in result.stderr  # 各區政府 is not in the registry: kept as written, reported


def test_add_units_registers_unknown_names_for_review(cli, tmp_path):
    units = tmp_path / "units.yaml"
    units.write_bytes(UNITS.read_bytes())
    text = REFERENCE_TEXT.replace("（责任单位：市妇联、市科技局）", "（责任单位：市妇联、市科普联盟）")
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out.yaml", "--units", units, "--add-units")
    assert "市科普联盟" in result.stderr
    registry_text = units.read_text(encoding="utf-8")
    assert "name: 市科普联盟" in registry_text and "kind: 待确认" in registry_text
    assert registry_text.startswith("# 广州市科普工作责任单位名录")  # comments kept
    assert cli("validate", tmp_path / "out.yaml", "--units", units).exit_code == 0


def test_signature_lines_become_issuer_and_date(cli, tmp_path):
    text = REFERENCE_TEXT.rstrip("\n") + "\n\n广州市科学技术局\n2025年1月5日\n"
    _result, target = run_import(cli, tmp_path, text)
    data = load_data(target)
    assert data["issuer"] == "广州市科学技术局" and str(data["date"]) == "2025-01-05"
    assert rendered_paragraphs(target)[-2:] == ["广州市科学技术局", "2025年1月5日"]


@pytest.mark.parametrize(
    ("content", "message", "exit_code"),
    [
        (b"\x00\x01\x02binary", "控制字符", 1),  # the file's content is the problem
        (b"", "标题", 1),
    ],
)
def test_malformed_text_never_crashes(cli, tmp_path, content, message, exit_code):
    result, _ = run_import(cli, tmp_path, content)
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_a_word_document_is_explained(cli, tmp_path):
    result, target = run_import(cli, tmp_path, b"PK\x03\x04 not really a zip", name="plan.docx")
    assert result.exit_code == 1 and "Word" in result.stderr
    assert not target.exists()


def _damaged_word_file(tmp_path: Path, part: str, old: bytes, new: bytes) -> bytes:
    """A .docx saved by python-docx with one paragraph, `old` replaced by `new` in one part."""
    import zipfile

    from docx import Document

    document = Document()
    document.add_paragraph("2025年某区科普工作计划")
    document.save(str(tmp_path / "whole.docx"))
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(tmp_path / "whole.docx") as zin, zipfile.ZipFile(damaged, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == part:
                assert re.search(old, data), (part, old)
                data = re.sub(old, new, data, flags=re.DOTALL)
            zout.writestr(name, data)
    return damaged.read_bytes()


@pytest.mark.parametrize(
    ("part", "old", "new", "message"),
    [
        # a Word template (or a macro document) under .docx: its main part is not a document
        ("[Content_Types].xml", rb"document\.main\+xml", b"template.main+xml", "无法作为 Word 文档"),
        # no relationship names the main document
        ("_rels/.rels", rb"/officeDocument\b", b"/officeDocumentX", "无法作为 Word 文档"),
        ("word/document.xml", rb"<w:p>", b"<w:p><", "已损坏"),
        # Word's list numbers are read from the styles: damaged, the file is reported, not a crash
        ("word/styles.xml", rb"<w:style ", b"<w:style <", "已损坏"),
        # a document part without a body: nothing to import, said so (never an internal error)
        ("word/document.xml", rb"<w:body>.*</w:body>", b"", "没有可导入的文字"),
    ],
)
def test_a_damaged_word_document_is_explained(cli, tmp_path, part, old, new, message):
    content = _damaged_word_file(tmp_path, part, old, new)
    result, _ = run_import(cli, tmp_path, content, "plan.docx")
    assert result.exit_code == 1, result.output
    assert message in result.stderr and "内部错误" not in result.stderr


def test_an_unsupported_file_type_is_explained(cli, tmp_path):
    result, _ = run_import(cli, tmp_path, "x", name="plan.doc")
    assert result.exit_code == 1 and ".docx" in result.stderr


def test_import_to_stdout_names_no_temporary_file(cli, tmp_path):
    text = REFERENCE_TEXT.replace("（责任单位：市妇联、市科技局）", "")
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    result = cli("import", source, "-o", "-", "--units", UNITS)
    assert result.exit_code == 1 and result.stdout.startswith("# yaml-language-server")
    assert "（标准输出）:" in result.stderr and "/tmp" not in result.stderr.replace(str(tmp_path), "")


def test_add_units_does_not_register_a_misspelling_of_a_known_unit(cli, tmp_path):
    units = tmp_path / "units.yaml"
    units.write_bytes(UNITS.read_bytes())
    text = REFERENCE_TEXT.replace("（责任单位：市妇联、市科技局）", "（责任单位：市妇联、市科技厅）")
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    result = cli("import", source, "-o", tmp_path / "out.yaml", "--units", units, "--add-units")
    assert "像是笔误" in result.stderr and "「市科技厅」（近似「市科技局」）" in result.stderr
    assert "市科技厅" not in units.read_text(encoding="utf-8")
    assert result.exit_code == 1  # the plan still names an unknown unit: KP011


def test_units_added_for_review_stay_a_warning_until_confirmed(cli, tmp_path):
    units = tmp_path / "units.yaml"
    units.write_bytes(UNITS.read_bytes())
    source = tmp_path / "plan.txt"
    source.write_text(
        REFERENCE_TEXT.replace("（责任单位：市妇联、市科技局）", "（责任单位：市妇联、市科普联盟）"),
        encoding="utf-8",
    )
    cli("import", source, "-o", tmp_path / "out.yaml", "--units", units, "--add-units")
    result = cli("validate", tmp_path / "out.yaml", "--units", units)
    assert result.exit_code == 0 and "KP016" in result.stderr and "市科普联盟" in result.stderr


def test_an_unnumbered_paragraph_among_numbered_tasks_is_reported(cli, tmp_path):
    lines, n = [], 0
    for line in REFERENCE_TEXT.splitlines():
        if line.startswith("（"):
            n = 0
        elif "（责任单位：" in line and "增强粤港澳大湾区科普联动" not in line:
            n += 1
            line = f"{n}.{line}"
        lines.append(line)
    result, _ = run_import(cli, tmp_path, "\n".join(lines))
    assert "同组其他任务有编号，这一段没有" in result.stderr and "KP050" in result.stderr


def test_a_signature_followed_by_attachments_is_kept_and_reported(cli, tmp_path):
    text = REFERENCE_TEXT.rstrip("\n") + "\n广州市科学技术局\n2025年1月5日\n附件：2025年科普活动安排表\n"
    result, target = run_import(cli, tmp_path, text)
    assert "落款日期之后还有内容" in result.stderr
    assert "issuer" not in load_data(target)
    assert_nothing_lost(target, text)


def test_a_heading_with_a_colon_keeps_it_and_splits_off_the_body(cli, tmp_path):
    text = REFERENCE_TEXT.replace("一、指导思想\n", "一、指导思想：")
    _, target = run_import(cli, tmp_path, text)
    section = load_data(target)["sections"][0]
    assert section["heading"] == "指导思想：" and section["paragraphs"][0].startswith("以习近平")


def test_full_width_task_numbers_and_square_brackets_are_recognised(cli, tmp_path):
    text = REFERENCE_TEXT.replace(
        "各区政府要履行科普工作领导责任。", "１．各区政府要履行科普工作领导责任。", 1
    )
    text = text.replace("（责任单位：市科协、市民政局）", "【责任单位：市科协、市民政局】")
    result, target = run_import(cli, tmp_path, text)
    groups = load_data(target)["sections"][1]["groups"]
    assert (
        groups[0]["task_numbering"] == "1."
        and groups[0]["tasks"][0]["title"] == "各区政府要履行科普工作领导责任。"
    )
    community = next(t for g in groups for t in g["tasks"] if t["title"] == "加强社区基层科普。")
    assert community["units"] == [["市科协", "市民政局"]] and "KP053" in result.stderr


@given(st.text(alphabet=st.sampled_from(list("一二十三（()）、，.．1２0 ①③x。")), max_size=8))
def test_the_first_character_filter_of_the_number_grammar_hides_no_match(text):
    """number_at tries only the patterns a number's first character can open (numbering._GRAMMAR):
    the same answer as trying every pattern in order."""
    from kepu_plan.numbering import _GRAMMAR, number_at

    expected = None
    for level, style, _, pattern, malformed in _GRAMMAR:
        match = pattern().match(text, 0)
        if match:
            style = "1、" if level == "1." and match.group(2) == "、" else style
            expected = (level, style, match.end(), malformed)
            break
    found = number_at(text, 0)
    assert (None if found is None else (found[0], found[2], found[3], found[4])) == expected
