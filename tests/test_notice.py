"""The whole 公文: a plan published under its notice (印发通知), and the 落款 (GB/T 9704-2012 7.3.5.2)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from kepu_plan.loading import load_plan
from kepu_plan.model import Notice, Plan
from kepu_plan.writers.docx_official import render_docx
from kepu_plan.writers.officedoc import ATTACHMENT_LABEL, SIGNATURE, TITLE
from kepu_plan.writers.text import render_txt
from pdfboxes import CHAR_PT, Line, needs_soffice, rendered_pages

from conftest import PLAN_2025

TITLE_2025 = "2025年广州市科普工作计划"
NOTICE = Notice(
    number="示科〔2025〕7号",
    recipients="各区人民政府，市直有关单位",
    body=["现将本年度科普工作计划发给你们，请认真贯彻落实。", "落实中有什么问题，请及时告诉市科技局。"],
    issuer="某市科学技术局",
    date=dt.date(2025, 3, 5),
)
NOTICE_YAML = """notice:
  number: 示科〔2025〕7号
  recipients: 各区人民政府，市直有关单位
  body:
    - 现将本年度科普工作计划发给你们，请认真贯彻落实。
    - 落实中有什么问题，请及时告诉市科技局。
  issuer: 某市科学技术局
  date: 2025-03-05
"""


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_2025).model


def with_notice(plan: Plan, notice: Notice = NOTICE, **changes) -> Plan:  # type: ignore[no-untyped-def]
    return replace(plan, notice=notice, **changes)


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


# -- the model and validate -----------------------------------------------------------------------


def test_a_plan_file_may_carry_a_notice_and_validates(cli, write_variant, plan_text) -> None:  # type: ignore[no-untyped-def]
    path = write_variant(plan_text + NOTICE_YAML)
    result = cli("validate", path)
    assert result.exit_code == 0, result.output
    assert "KP027" not in result.output


def test_a_misspelt_notice_key_is_located(cli, write_variant, plan_text) -> None:  # type: ignore[no-untyped-def]
    path = write_variant(plan_text + NOTICE_YAML.replace("  recipients:", "  recipient:"))
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "KP004" in result.output and "recipient" in result.output


def test_a_notice_without_issuer_or_date_is_a_warning(cli, write_variant, plan_text) -> None:  # type: ignore[no-untyped-def]
    unsigned = NOTICE_YAML.replace("  issuer: 某市科学技术局\n", "").replace("  date: 2025-03-05\n", "")
    path = write_variant(plan_text + unsigned)
    result = cli("validate", path)
    assert result.exit_code == 0
    assert "KP027" in result.output and "署名" in result.output and "成文日期" in result.output


# -- the document ----------------------------------------------------------------------------------------


def test_without_a_notice_the_plan_alone_is_rendered(plan: Plan) -> None:
    paragraphs = texts(render_docx(plan))
    assert paragraphs[0] == TITLE_2025
    assert not any(p.startswith(("附件", "关于印发")) for p in paragraphs)


def test_with_a_notice_the_document_is_the_notice_then_the_plan_as_its_attachment(plan: Plan) -> None:
    document = docx.Document(io.BytesIO(render_docx(with_notice(plan))))
    paragraphs = document.paragraphs
    alone = texts(render_docx(plan))
    head = [p.text for p in paragraphs[: len(paragraphs) - len(alone)]]
    assert head == [
        "示科〔2025〕7号",
        f"关于印发《{TITLE_2025}》\n的通知",  # too long for one 二号 line: broken before 的通知
        "各区人民政府，市直有关单位：",
        *NOTICE.body,
        f"附件：{TITLE_2025}",
        "某市科学技术局",
        "2025年3月5日",
        "附件",
    ]
    assert [p.text for p in paragraphs[len(head) :]] == alone  # the plan, word for word
    label = paragraphs[len(head) - 1]
    assert label.style.style_id == ATTACHMENT_LABEL and label.paragraph_format.page_break_before
    assert paragraphs[1].style.style_id == TITLE and paragraphs[len(head)].style.style_id == TITLE
    assert [p.style.style_id for p in paragraphs[len(head) - 3 : len(head) - 1]] == [SIGNATURE, SIGNATURE]
    assert document.core_properties.title == f"关于印发《{TITLE_2025}》的通知"


def test_the_notice_takes_the_plans_issuer_and_date_and_the_attachment_is_not_signed_again(
    plan: Plan,
) -> None:
    unsigned = replace(NOTICE, issuer=None, date=None, number=None, title="关于做好科普工作的通知")
    paragraphs = texts(render_docx(with_notice(plan, unsigned, issuer="某市科协", date=dt.date(2025, 12, 1))))
    assert paragraphs[0] == "关于做好科普工作的通知"
    assert paragraphs.count("某市科协") == 1 and paragraphs.count("2025年12月1日") == 1
    assert paragraphs.index("2025年12月1日") < paragraphs.index("附件")


def test_the_recipients_colon_is_added_once(plan: Plan) -> None:
    typed = replace(NOTICE, recipients="各区人民政府：")
    assert "各区人民政府：" in texts(render_docx(with_notice(plan, typed)))


def test_text_output_carries_the_notice_too(plan: Plan) -> None:
    lines = [line for line in render_txt(with_notice(plan)).decode("utf-8").splitlines() if line]
    assert (
        lines[1] == f"关于印发《{TITLE_2025}》的通知"
        and "附件" in lines
        and lines[-1] == texts(render_docx(plan))[-1]
    )


def test_cli_renders_the_whole_document(cli, write_variant, plan_text, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_variant(plan_text + NOTICE_YAML)
    target = tmp_path / "notice.docx"
    result = cli("render", path, "-o", target)
    assert result.exit_code == 0, result.output
    assert texts(target.read_bytes())[1] == f"关于印发《{TITLE_2025}》\n的通知"


# -- measured on the PDF ------------------------------------------------------------------------------


LEFT, RIGHT = 1587 / 20, (11906 - 1474) / 20  # the text block's edges in points
TOP = 2098 / 20


def assert_signature(issuer: Line, date: Line) -> None:
    """GB/T 9704-2012 7.3.5.2: the date on the next line, its first character two characters right of
    the 署名's; the line reaching further right (the 署名, or a longer date) 右空二字."""
    assert date.y0 - issuer.y0 == pytest.approx(28.95, abs=1)
    assert abs((date.x0 - issuer.x0) - 2 * CHAR_PT) < 2
    assert abs((RIGHT - max(issuer.x1, date.x1)) - 2 * CHAR_PT) < 2


@needs_soffice
def test_pdf_notice_page_attachment_page_and_signature_stand_where_the_standard_puts_them(
    plan: Plan, tmp_path: Path
) -> None:
    pages = rendered_pages(render_docx(with_notice(plan)), tmp_path)
    first = pages[0]
    assert first.lines[0].text == "示科〔2025〕7号"
    assert abs((first.lines[0].x0 + first.lines[0].x1) / 2 - (LEFT + RIGHT) / 2) < 2  # centred
    recipients = first.find("各区人民政府，市直有关单位：")
    assert abs(recipients.x0 - LEFT) < 1  # 顶格
    note = first.find("附件：")
    assert abs(note.x0 - (LEFT + 2 * CHAR_PT)) < 2  # 左空二字
    issuer, date = first.find("某市科学技术局"), first.find("2025年3月5日")
    assert note.y0 < issuer.y0 < date.y0
    assert_signature(issuer, date)
    attachment = next(p for p in pages if p.lines[0].text == "附件")
    label, title = attachment.lines[0], attachment.lines[1]
    assert abs(label.x0 - LEFT) < 1 and 0 <= label.y0 - TOP < 28.95 / 2  # top left: the block's first line
    assert label.y0 == pytest.approx(pages[-1].lines[0].y0, abs=1)  # where any page's first line stands
    assert title.text == TITLE_2025
    assert abs((title.y0 - label.y0) / 28.95 - 2) < 0.5  # the title on the third line
    numbers = [p.lines[-1].text for p in pages]
    assert numbers == [f"—{n}—" for n in range(1, len(pages) + 1)]  # numbered straight through


@pytest.mark.parametrize(
    "issuer",
    ["市科技局", "某市科学技术局科普工作领导小组办公室"],
    ids=["date-longer", "issuer-longer"],
)
@needs_soffice
def test_pdf_signature_keeps_the_two_character_step_whichever_line_is_longer(
    plan: Plan, tmp_path: Path, issuer: str
) -> None:
    signed = replace(plan, issuer=issuer, date=dt.date(2025, 11, 25))
    last = rendered_pages(render_docx(signed), tmp_path)[-1]
    issuer_line, date_line = last.find(issuer), last.find("2025年11月25日")
    assert_signature(issuer_line, date_line)
    longer = issuer_line if len(issuer) > 8 else date_line
    assert longer.x1 == max(issuer_line.x1, date_line.x1)


@pytest.mark.parametrize("written", ["2025年03月05日", "2025年3月5日", "2025.3.5", "2025-03-05"])
def test_a_signature_date_written_any_usual_way_is_printed_2025年3月5日(  # type: ignore[no-untyped-def]
    cli, write_variant, plan_text, written
) -> None:
    path = write_variant(plan_text + NOTICE_YAML.replace("  date: 2025-03-05", f"  date: {written}"))
    result = cli("render", path, "--format", "txt", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "2025年3月5日" in result.stdout.splitlines()


def test_a_signature_date_that_does_not_exist_is_located(cli, write_variant, plan_text) -> None:  # type: ignore[no-untyped-def]
    path = write_variant(plan_text + NOTICE_YAML.replace("  date: 2025-03-05", "  date: 2025年2月30日"))
    result = cli("validate", path)
    assert result.exit_code == 1
    assert "KP005" in result.output and "2025年2月30日" in result.output
