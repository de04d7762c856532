"""`kepu-plan remind`: the 催报通知 to the units that have not reported in a round (issue 21).

A round in which 市科协 reported (every row filled), 市教育局 reported one row only, and 市科技局 sent
its form back untouched: the notice is addressed to every other unit with a form (未报送) and, apart,
to 市科技局 (未填写) — never to 市科协 or 市教育局.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pdfboxes import needs_soffice

from conftest import ENTRY_POINT, PLAN_2025, UNITS, invoke
from formfill import fill

REPORTED = ("市科协", "市教育局")
UNTOUCHED = "市科技局"


@pytest.fixture(scope="module")
def collected_round(sent_forms: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The round, collected once per module: copy it (round_project) before changing anything."""
    root = tmp_path_factory.mktemp("round")
    shutil.copytree(sent_forms, root, dirs_exist_ok=True)
    forms = root / "forms"
    fill(forms / "市科协.xlsx", lambda unit, task: {"进展状态": "已完成", "完成情况": "已办结。"})
    fill(forms / "市教育局.xlsx", {"competitions": {"进展状态": "按计划推进"}})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        collected = invoke("collect", "2025", *(forms / f"{u}.xlsx" for u in (*REPORTED, UNTOUCHED)))
    assert collected.exit_code == 0, collected.output
    return root


@pytest.fixture
def round_project(collected_round: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the collected round of the test's own, as the working folder."""
    shutil.copytree(collected_round, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def form_units(project: Path) -> set[str]:
    """Every unit a form went to (the form's file name is the unit's short name)."""
    return {path.stem for path in (project / "forms").glob("*.xlsx")}


def remind(*args: object) -> str:
    result = invoke("remind", "2025", "--as-of", "2026-01-10", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def recipients(text: str) -> set[str]:
    """The 主送机关 line: the names before its closing full-width colon."""
    line = next(line for line in text.splitlines() if line.endswith("：") and "、" in line)
    return set(line.removeprefix("\\").rstrip("：").split("、"))


def section(text: str, unit: str) -> str:
    """The lines of the text notice under `N. unit`, up to the next unit or group."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split(". ", 1)[-1].startswith(f"{unit}（"))
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), len(lines)
    )
    return "\n".join(lines[start:end])


def test_the_text_notice_names_exactly_the_units_that_have_not_reported(round_project):
    text = remind("--format", "text", "-o", "-")
    addressed = form_units(round_project) - set(REPORTED)
    assert len(addressed) == 61
    assert recipients(text) == addressed
    for unit in REPORTED:  # a unit that reported is nowhere in the notice
        assert f"{unit}（" not in text and f"{unit}、" not in text and f"、{unit}：" not in text
    silent, untouched = text.split("二、交回的填报表未填写任何内容的单位")
    assert "一、尚未报送填报表的单位（60个）" in silent and f"{UNTOUCHED}（" not in silent
    assert (
        untouched.startswith("（1个，不计为已报送）") and f"1. {UNTOUCHED}（广州市科学技术局）" in untouched
    )
    assert "截至2026年1月10日，应报送的63个单位中已有2个报送，仍有60个单位未报送填报表，另有1个单位" in text
    assert "请上述单位于2026年1月17日前" in text  # a week after the notice's date
    assert text.rstrip().endswith("2026年1月10日")


def test_each_unit_is_listed_with_its_tasks_as_its_task_list_names_them(round_project):
    import json

    text = remind("--format", "text", "-o", "-")
    for unit in ("市委宣传部", UNTOUCHED, "天河区政府"):
        listed = invoke("render", "2025", "--unit", unit, "--format", "json", "-o", "-")
        tasks = json.loads(listed.stdout)["tasks"]
        lines = [line.strip() for line in section(text, unit).splitlines()[1:] if "第" in line]
        assert len(lines) == len(tasks)
        for line, task in zip(lines, tasks, strict=True):
            assert line.startswith(task["part"]) and f"项：{task['title']}（{task['role']}" in line


def test_report_by_is_the_date_given(round_project):
    text = remind("--report-by", "2026-02-01", "--format", "text", "-o", "-")
    assert "请上述单位于2026年2月1日前" in text
    early = invoke("remind", "2025", "--as-of", "2026-01-10", "--report-by", "2026-01-09", "-f", "text")
    assert early.exit_code == 2 and "早于通知日期 2026年1月10日" in early.stderr
    wrong = invoke("remind", "2025", "--report-by", "下周五", "-f", "text")
    assert wrong.exit_code == 2 and "--report-by 应为日期" in wrong.stderr


def test_the_word_notice_is_an_official_document_with_its_units_in_the_attachment(round_project):
    remind("-o", "催报.docx")
    document = docx.Document(str(round_project / "催报.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0].replace("\n", "") == "关于催报2025年广州市科普工作完成情况的通知"
    assert recipients("\n".join(paragraphs)) == form_units(round_project) - set(REPORTED)
    assert "附件：未报送单位及其承担的任务" in paragraphs
    assert "2026年1月10日" in paragraphs and "附件" in paragraphs
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "单位", "承担的任务"]
    groups = [row[0] for row in rows if len(set(row)) == 1]
    assert groups == [
        "一、尚未报送填报表的单位（60个）",
        "二、交回的填报表未填写任何内容的单位（1个，不计为已报送）",
    ]
    named = {row[1].split("\n")[0] for row in rows[1:] if len(set(row)) > 1}
    assert named == form_units(round_project) - set(REPORTED)
    untouched = next(row for row in rows if row[1].startswith(UNTOUCHED))
    assert "二（一）第4项：贯彻落实科普法规政策，明确工作责任定位。（牵头）" in untouched[2]


def test_the_markdown_notice_is_an_email_body_with_the_same_units(round_project):
    text = remind("-o", "-", "--format", "md")
    assert text.startswith("# 关于催报2025年广州市科普工作完成情况的通知\n")
    assert recipients(text) == form_units(round_project) - set(REPORTED)
    assert "## 未报送单位及其承担的任务" in text and "各单位承担的任务如下。" in text
    assert f"**1. {UNTOUCHED}**（广州市科学技术局）" in text
    assert "- 二（一）第4项：贯彻落实科普法规政策，明确工作责任定位。（牵头）" in text


@pytest.mark.parametrize(
    ("name", "start"), [("催报.md", b"# "), ("催报.txt", "关于".encode()), ("催报.docx", b"PK")]
)
def test_the_suffix_of_o_names_the_format(round_project, name, start):
    remind("-o", name)
    assert (round_project / name).read_bytes().startswith(start)


def test_a_suffix_contradicting_the_format_or_unknown_is_refused(round_project):
    for args in (("-f", "docx", "-o", "x.md"), ("-o", "x.xlsx"), ("-f", "json")):
        result = invoke("remind", "2025", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("kepu-plan：")
    assert not list(round_project.glob("x.*"))


def test_a_word_notice_is_never_printed_on_a_terminal(round_project):
    """`-o -` with the terminal as standard output: refused with a message, no bytes on the screen."""
    leader, follower = pty.openpty()
    try:
        run = subprocess.run(
            [sys.executable, "-c", ENTRY_POINT, "remind", "2025", "-f", "docx", "-o", "-"],
            cwd=round_project,
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=120,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert run.returncode == 2
    assert "不能把二进制文档输出到终端" in run.stderr


def test_without_a_collected_round_there_is_no_notice(cycle_project):
    result = invoke("remind", "2025", "-o", "催报.docx")
    assert result.exit_code == 2
    assert "轮次 2025-年度 还没有收回任何填报表" in result.stderr and "kepu-plan collect" in result.stderr
    assert not (cycle_project / "催报.docx").exists()


def test_a_round_that_was_not_collected_names_the_rounds_that_were(round_project):
    result = invoke("remind", "2025", "--round", "2025-年中", "-f", "text")
    assert result.exit_code == 2
    assert (
        "轮次 2025-年中 还没有收回任何填报表" in result.stderr and "已收集的轮次：2025-年度" in result.stderr
    )


def test_when_every_unit_has_reported_no_notice_is_written(tmp_path, monkeypatch):
    """A small plan of two units, both of which reported: a message, exit 0, no file."""

    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    shutil.copyfile(UNITS, tmp_path / "plans" / "units.yaml")
    header = PLAN_2025.read_text(encoding="utf-8").split("sections:")[0]
    (tmp_path / "plans" / "2025.yaml").write_text(
        header
        + "sections:\n  - heading: 工作计划\n    groups:\n      - heading: 打造科普品牌。\n        tasks:\n"
        + "          - id: week\n            title: 组织开展科技活动周。\n            text: 组织活动。\n"
        + "            units: [[市科技局], [市科协]]\n",
        encoding="utf-8",
    )
    assert invoke("forms", "2025", "-o", "forms").exit_code == 0
    for unit in ("市科技局", "市科协"):
        fill(tmp_path / "forms" / f"{unit}.xlsx", {"week": {"进展状态": "按计划推进"}})
    assert invoke("collect", "2025", *(tmp_path / "forms").glob("*.xlsx")).exit_code == 0
    result = invoke("remind", "2025", "-o", "催报.docx")
    assert result.exit_code == 0, result.output
    assert "应报送的 2 个单位均已报送，无需催报；未生成催报通知" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "催报.docx").exists() and not (tmp_path / "out").exists()


def test_the_same_inputs_give_the_same_bytes(round_project, monkeypatch):
    """Without SOURCE_DATE_EPOCH the document is dated by the notice's own date, not the clock."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    remind("-o", "a.docx")
    remind("-o", "b.docx")
    assert (round_project / "a.docx").read_bytes() == (round_project / "b.docx").read_bytes()
    created = docx.Document(str(round_project / "a.docx")).core_properties.created
    assert created is not None and created.date().isoformat() == "2026-01-10"
    assert remind("-f", "md", "-o", "-") == remind("-f", "md", "-o", "-")


def test_without_as_of_the_notice_is_dated_by_source_date_epoch(round_project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768003200")  # 2026-01-10T00:00:00Z
    result = invoke("remind", "2025", "-f", "text", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "截至2026年1月10日" in result.stdout and "于2026年1月17日前" in result.stdout


@needs_soffice
def test_the_notice_prints_through_libreoffice(round_project):
    remind("-o", "催报.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(round_project / "催报.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = "".join(text.split())
    assert "关于催报2025年广州市科普工作完成情况的通知" in flat
    assert "附件：未报送单位及其承担的任务" in flat and "2026年1月17日前" in flat
    assert "—1—" in flat


@pytest.mark.parametrize(("as_of", "marked"), [("2025-06-30", False), ("2025-07-01", True)])
def test_a_task_past_its_deadline_is_marked_on_the_notices_date(tmp_path, as_of, marked):
    import datetime as dt

    from kepu_plan.loading import load_plan, load_registry
    from kepu_plan.progress import combine
    from kepu_plan.reminders import default_report_by, reminder
    from kepu_plan.writers.remind import task_line

    plan = tmp_path / "2025.yaml"
    marker = "            units: [[市、区科协]]\n"
    plan.write_text(
        PLAN_2025.read_text(encoding="utf-8").replace(marker, marker + "            deadline: 2025-Q2\n", 1),
        encoding="utf-8",
    )
    day = dt.date.fromisoformat(as_of)
    progress = combine(load_plan(plan).model, load_registry(UNITS), {}, "2025-年度", day)
    notice = reminder(progress, day, default_report_by(day))
    [unit] = [u for u in notice.units if u.name == "越秀区科协"]
    [line] = [task_line(t) for t in unit.tasks if t.task.planned.id == "science-association-duty"]
    late = "，已过完成时限" if marked else ""
    assert (
        line
        == f"二（一）第3项：各级科学技术协会要发挥科普工作主要社会力量作用。（牵头；完成时限：2025-Q2{late}）"
    )


def test_the_plans_issuer_signs_the_notice(tmp_path):
    """A plan (or its notice) that names its issuer: the notice's 落款 is that issuer and the notice's date."""
    import datetime as dt

    from kepu_plan.loading import load_plan, load_registry
    from kepu_plan.progress import combine
    from kepu_plan.reminders import reminder
    from kepu_plan.writers.remind import notice_text

    plan = tmp_path / "2025.yaml"
    plan.write_text(
        PLAN_2025.read_text(encoding="utf-8").replace("preamble:", "issuer: 广州市科学技术局\npreamble:", 1),
        encoding="utf-8",
    )
    progress = combine(load_plan(plan).model, load_registry(UNITS), {}, "2025-年度")
    text = notice_text(reminder(progress, dt.date(2026, 1, 10), dt.date(2026, 1, 20)), attached=True)
    assert (text.issuer, text.date) == ("广州市科学技术局", "2026年1月10日")
    assert "请上述单位于2026年1月20日前" in text.paragraphs[1] and text.paragraphs[1].endswith("见附件。")


# -- who is addressed, whatever the round: the units with forms, split three ways at random ------------------


def _round_files(plan, registry, states):  # type: ignore[no-untyped-def]
    """Progress files for a round in which each unit stands as `states` says: a report on its first
    task, a form back untouched, or nothing (no file)."""
    from kepu_plan.progress import form_units
    from kepu_plan.progress_files import ProgressFile, TaskReport

    files = {}
    for unit_tasks, state in zip(form_units(plan, registry)[1], states, strict=True):
        if state == "silent":
            continue
        name = unit_tasks.unit.name
        rows = [
            TaskReport(
                id=a.task.id,
                title=a.task.title,
                role=str(a.role),  # type: ignore[arg-type]
                status="按计划推进" if state == "reported" and i == 0 else None,
            )
            for i, a in enumerate(unit_tasks.definite)
        ]
        form = ProgressFile(
            plan_year=plan.year,
            plan_title=plan.title,
            plan_hash="0" * 16,
            round="2025-年度",
            unit=name,
            source=f"{name}.xlsx",
            source_sha256="0" * 64,
            tasks=rows,
        )
        files[name] = (Path(f"{name}.yaml"), form)
    return files


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["reported", "untouched", "silent"]), min_size=63, max_size=63))
def test_the_notice_addresses_exactly_the_silent_and_untouched_units(states):
    import datetime as dt

    from kepu_plan.loading import load_plan, load_registry
    from kepu_plan.progress import combine, form_units
    from kepu_plan.reminders import reminder
    from kepu_plan.writers.remind import notice_text

    plan, registry = load_plan(PLAN_2025).model, load_registry(UNITS)
    with_tasks = form_units(plan, registry)[1]
    progress = combine(plan, registry, _round_files(plan, registry, states), "2025-年度")
    notice = reminder(progress, dt.date(2026, 1, 10), dt.date(2026, 1, 17))
    by_state = {
        s: [u.unit.name for u, st_ in zip(with_tasks, states, strict=True) if st_ == s] for s in set(states)
    }
    assert [u.name for u in notice.silent] == by_state.get("silent", [])
    assert [u.name for u in notice.untouched] == by_state.get("untouched", [])
    for unit in notice.units:  # each with its definite tasks, in the plan's order, with its role
        [tasks] = [u.definite for u in with_tasks if u.unit.name == unit.name]
        assert [(t.task.planned.id, t.role) for t in unit.tasks] == [(a.task.id, str(a.role)) for a in tasks]
    if notice.units:
        addressed = set(by_state.get("silent", []) + by_state.get("untouched", []))
        assert set(notice_text(notice, attached=False).recipients.rstrip("：").split("、")) == addressed
