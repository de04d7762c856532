"""The comparison as Word documents: the 新旧对照表 and the redline with real tracked changes.

python-docx's `paragraph.text` skips text inside revisions, so these documents are read with lxml.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kepu_plan.diffing import PlanDiff, diff_plans
from kepu_plan.layout import blocks
from kepu_plan.loading import load_registry
from kepu_plan.model import Plan
from kepu_plan.validation import validate
from kepu_plan.writers.diff_docx import render_comparison_table, render_redline
from kepu_plan.writers.docx_official import render_docx
from kepu_plan.yamlsource import parse_yaml

from conftest import PLAN_2025, UNITS, replace_once

FIXTURE_2024 = Path(__file__).resolve().parent / "fixtures" / "2024.yaml"
FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
TEXT_2025 = PLAN_2025.read_text(encoding="utf-8")
REGISTRY = load_registry(UNITS)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def plan_of(text: str) -> Plan:
    return validate(Plan, parse_yaml(text, "test.yaml")[0])


def compare(old: str, new: str, **options) -> PlanDiff:
    return diff_plans(plan_of(old), plan_of(new), old_registry=REGISTRY, new_registry=REGISTRY, **options)


def body_of(docx: bytes):  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")


def inside(node, tag: str) -> bool:  # type: ignore[no-untyped-def]
    return any(a.tag == f"{W}{tag}" for a in node.iterancestors())


def revision_texts(docx: bytes, accept: bool) -> list[str]:
    """The paragraphs' text with every revision accepted (or rejected), paragraph marks included: a
    paragraph whose mark is deleted (accepting) or inserted (rejecting) runs on into the next one."""
    out: list[str] = []
    carry = ""
    for p in body_of(docx).iterchildren(f"{W}p"):
        pieces = []
        for node in p.iter(f"{W}t", f"{W}delText"):
            # accepting keeps every w:t (none stands inside w:del); rejecting keeps w:delText and
            # the w:t outside w:ins
            keep = not accept if node.tag == f"{W}delText" else accept or not inside(node, "ins")
            if keep:
                pieces.append(node.text or "")
        text = carry + "".join(pieces)
        mark = p.find(f"{W}pPr/{W}rPr/{W}{'del' if accept else 'ins'}")
        if mark is not None:
            carry = text
            continue
        out.append(text)
        carry = ""
    if carry:
        out.append(carry)
    return out


def published(plan_text: str) -> list[str]:
    return [b.text for b in blocks(plan_of(plan_text))]


def task_block(text: str, task_id: str) -> str:
    import re

    match = re.search(rf"^          - id: {task_id}\n(?:            .*\n)+", text, re.M)
    assert match, task_id
    return match.group(0)


FIXTURE_TEXT = FIXTURE_2024.read_text(encoding="utf-8")

#: A pair with every kind of paragraph change: tasks added, removed, moved, edited; a group inserted
#: (so later groups are renumbered); the last paragraph of the plan removed.
EDITED_2025 = replace_once(
    replace_once(
        replace_once(TEXT_2025, task_block(TEXT_2025, "women"), ""),
        "      - heading: 强化重点领域科普，提升惠民服务成效。\n",
        "      - heading: 加强科普国际交流。\n        tasks:\n"
        "          - id: international-exchange\n"
        "            title: 开展科普国际交流合作。\n"
        "            text: 组织参加国际科普展会，引进优质科普资源。\n"
        "            units: [[市科技局, 市科协]]\n"
        "      - heading: 强化重点领域科普，提升惠民服务成效。\n",
    ),
    TEXT_2025[TEXT_2025.index("      - heading: 加强财政保障。") :],
    "",
)


@pytest.mark.parametrize(
    ("old", "new"),
    [(FIXTURE_TEXT, TEXT_2025), (TEXT_2025, EDITED_2025), (EDITED_2025, TEXT_2025), (TEXT_2025, TEXT_2025)],
    ids=["2024-to-2025", "edits", "edits-reversed", "identical"],
)
def test_redline_accepted_gives_the_new_plan_and_rejected_the_old(old, new):
    docx = render_redline(compare(old, new))
    assert revision_texts(docx, accept=True) == published(new)
    assert revision_texts(docx, accept=False) == published(old)


def test_redline_revision_ids_are_unique_and_every_revision_has_author_and_date():
    body = body_of(render_redline(compare(FIXTURE_TEXT, TEXT_2025)))
    revisions = list(body.iter(f"{W}ins", f"{W}del"))
    assert len(revisions) > 20
    ids = [r.get(f"{W}id") for r in revisions]
    assert len(ids) == len(set(ids))
    assert all(r.get(f"{W}author") == "kepu-plan" and r.get(f"{W}date") for r in revisions)


def test_revisions_are_dated_now_without_source_date_epoch_and_by_the_named_reviser(  # type: ignore[no-untyped-def]
    cli, tmp_path, monkeypatch
):
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    target = tmp_path / "redline.docx"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = cli(
        "diff", FIXTURE_2024, PLAN_2025, "--units", UNITS, "-f", "redline", "--author", "王科员", "-o", target
    )
    after = dt.datetime.now(dt.UTC)
    assert result.exit_code == 0, result.output
    revisions = list(body_of(target.read_bytes()).iter(f"{W}ins", f"{W}del"))
    assert {r.get(f"{W}author") for r in revisions} == {"王科员"}
    dates = {dt.datetime.fromisoformat(r.get(f"{W}date")) for r in revisions}
    assert len(dates) == 1 and before <= dates.pop() <= after
    import docx as python_docx

    props = python_docx.Document(str(target)).core_properties
    assert props.last_modified_by == "王科员"
    assert before <= props.modified.replace(tzinfo=dt.UTC) <= after


def test_author_applies_to_the_redline_only(cli, tmp_path):  # type: ignore[no-untyped-def]
    result = cli(
        "diff",
        FIXTURE_2024,
        PLAN_2025,
        "--units",
        UNITS,
        "-f",
        "docx",
        "--author",
        "王科员",
        "-o",
        tmp_path / "x.docx",
    )
    assert result.exit_code == 2 and "--author" in result.stderr


def test_deleted_text_is_in_del_text_never_in_t():
    body = body_of(render_redline(compare(FIXTURE_TEXT, TEXT_2025)))
    assert not [t for t in body.iter(f"{W}t") if inside(t, "del")]
    deleted = list(body.iter(f"{W}delText"))
    assert deleted and all(inside(t, "del") for t in deleted)


def test_a_removed_task_is_a_deleted_paragraph_and_an_added_one_an_inserted_paragraph():
    body = body_of(render_redline(compare(FIXTURE_TEXT, TEXT_2025)))
    deleted_marks = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]
    inserted_marks = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}rPr/{W}ins") is not None]
    deleted = ["".join(t.text for t in p.iter(f"{W}delText")) for p in deleted_marks]
    inserted = ["".join(t.text for t in p.iter(f"{W}t")) for p in inserted_marks]
    assert any(text.startswith("举办广州科普嘉年华。") for text in deleted)  # removed
    assert any(text.startswith("激发科普产业发展活力。") for text in inserted)  # added
    assert any(text.startswith("加强社区基层科普。") for text in deleted)  # moved: out of one group …
    assert any(text.startswith("加强社区基层科普。") for text in inserted)  # … into another


def test_an_edited_word_is_tracked_character_by_character_inside_its_paragraph():
    docx = render_redline(
        compare(TEXT_2025, replace_once(TEXT_2025, "广州科普大讲坛、广州院士专家校园行", "广州科普大讲坛"))
    )
    body = body_of(docx)
    assert ["".join(t.text for t in d.iter(f"{W}delText")) for d in body.iter(f"{W}del")] == [
        "、广州院士专家校园行"
    ]
    assert list(body.iter(f"{W}ins")) == []


def test_a_redline_without_changes_is_the_official_document_paragraph_for_paragraph():
    redline = body_of(render_redline(compare(TEXT_2025, TEXT_2025)))
    official = body_of(render_docx(plan_of(TEXT_2025)))
    assert [etree.tostring(p) for p in redline.iterchildren(f"{W}p")] == [
        etree.tostring(p) for p in official.iterchildren(f"{W}p")
    ]


def test_the_lead_sentence_keeps_its_bold_style_in_tracked_runs():
    body = body_of(render_redline(compare(FIXTURE_TEXT, TEXT_2025)))
    inserted_five = [
        r
        for ins in body.iter(f"{W}ins")
        for r in ins.iter(f"{W}r")
        if "".join(t.text for t in r.iter(f"{W}t")) == "5"
    ]
    styles = {
        r.find(f"{W}rPr/{W}rStyle").get(f"{W}val")
        for r in inserted_five
        if r.find(f"{W}rPr/{W}rStyle") is not None
    }
    assert "KepuLead" in styles  # 组织开展2025年广州科技活动周系列活动。 is a lead sentence


def test_redline_keeps_tracking_on_for_the_reviewers_own_edits():
    with zipfile.ZipFile(io.BytesIO(render_redline(compare(FIXTURE_TEXT, TEXT_2025)))) as archive:
        assert b"<w:trackRevisions/>" in archive.read("word/settings.xml")


def test_same_comparison_gives_identical_bytes():
    result = compare(FIXTURE_TEXT, TEXT_2025)
    assert render_redline(result) == render_redline(result)
    assert render_comparison_table(result) == render_comparison_table(result)


# -- the 新旧对照表 -----------------------------------------------------------------------------------------


def table_rows(docx: bytes):  # type: ignore[no-untyped-def]
    table = body_of(docx).find(f"{W}tbl")
    return list(table.iterchildren(f"{W}tr"))[1:]


def cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    return "\n".join("".join(t.text for t in p.iter(f"{W}t")) for p in cell.iter(f"{W}p"))


def marked_text(cell, element: str) -> str:  # type: ignore[no-untyped-def]
    return "".join(
        "".join(t.text for t in r.iter(f"{W}t"))
        for r in cell.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}{element}") is not None
    )


def test_comparison_table_has_a_row_per_changed_task_and_part():
    result = compare(FIXTURE_TEXT, TEXT_2025, ignore_year=True)
    rows = table_rows(render_comparison_table(result))
    assert len(rows) == len(result.parts) + len(result.changes_by_task())
    heading_row = body_of(render_comparison_table(result)).find(f"{W}tbl").find(f"{W}tr")
    headings = [cell_text(c) for c in heading_row.iterchildren(f"{W}tc")]
    assert headings == ["序号", "2024年原文", "2025年新文", "变化说明"]


def test_comparison_table_strikes_deletions_in_red_and_underlines_insertions():
    new = replace_once(TEXT_2025, "广州科普大讲坛、广州院士专家校园行", "广州科普大讲坛、羊城科学讲堂")
    [row] = table_rows(render_comparison_table(compare(TEXT_2025, new)))
    _, old_cell, new_cell, notes = row.iterchildren(f"{W}tc")
    assert marked_text(old_cell, "strike") == "广州院士专家校园行"
    assert {c.get(f"{W}val") for c in old_cell.iter(f"{W}color")} == {"FF0000"}
    assert marked_text(new_cell, "u") == "羊城科学讲堂"
    assert cell_text(old_cell) == next(b.text for b in blocks(plan_of(TEXT_2025)) if b.task_id == "lectures")
    assert cell_text(new_cell) == next(b.text for b in blocks(plan_of(new)) if b.task_id == "lectures")
    assert "修改：正文" in cell_text(notes) and "位置：二（五）第2项" in cell_text(notes)


def test_comparison_table_shows_added_and_removed_tasks_against_none():
    rows = table_rows(render_comparison_table(compare(FIXTURE_TEXT, TEXT_2025, ignore_year=True)))
    cells = [[cell_text(c) for c in row.iterchildren(f"{W}tc")] for row in rows]
    added = next(c for c in cells if c[2].startswith("激发科普产业发展活力。"))
    removed = next(c for c in cells if c[1].startswith("举办广州科普嘉年华。"))
    assert added[1] == "（无）" and "新增" in added[3]
    assert removed[2] == "（无）" and "删除" in removed[3]
    moved = next(c for c in cells if "移动" in c[3])
    assert "由二（五）第4项移至二（四）第5项" in moved[3]


def test_comparison_table_is_landscape():
    with zipfile.ZipFile(io.BytesIO(render_comparison_table(compare(FIXTURE_TEXT, TEXT_2025)))) as archive:
        xml = archive.read("word/document.xml")
    page = etree.fromstring(xml).find(f".//{W}sectPr/{W}pgSz")
    assert int(page.get(f"{W}w")) > int(page.get(f"{W}h"))


# -- the command line ----------------------------------------------------------------------------------------


def test_diff_writes_the_docx_formats_to_out_by_default(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for fmt, name in (("docx", "新旧对照表"), ("redline", "修订稿")):
        result = cli("diff", FIXTURE_2024, PLAN_2025, "--units", UNITS, "-f", fmt)
        assert result.exit_code == 0, result.output
        written = Path(result.stdout.strip())
        assert written.parent == Path("out") and name in written.name and written.suffix == ".docx"
        assert zipfile.is_zipfile(written)


# -- LibreOffice ------------------------------------------------------------------------------------------------


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_redline_and_the_comparison_table(tmp_path: Path) -> None:
    result = compare(FIXTURE_TEXT, TEXT_2025)
    files = []
    for name, data in (
        ("redline.docx", render_redline(result)),
        ("table.docx", render_comparison_table(result)),
    ):
        (tmp_path / name).write_bytes(data)
        files.append(str(tmp_path / name))
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo_profile",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            *files,
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    redline = (tmp_path / "redline.txt").read_text(encoding="utf-8-sig")
    table = (tmp_path / "table.txt").read_text(encoding="utf-8-sig")
    # LibreOffice shows deletions and insertions both while changes are tracked
    assert "举办广州科普嘉年华。" in redline and "激发科普产业发展活力。" in redline
    assert "新旧对照表" in table and "变化说明" in table
