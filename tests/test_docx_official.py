"""The official Word document: read back with python-docx (and, where installed, LibreOffice)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from kepu_plan.epoch import EpochError
from kepu_plan.layout import Kind, blocks
from kepu_plan.loading import load_plan
from kepu_plan.model import Plan
from kepu_plan.validation import to_data, validate
from kepu_plan.writers import WriterError
from kepu_plan.writers.docx_official import render_docx
from kepu_plan.writers.officedoc import (
    BODY,
    HEADING1,
    HEADING2,
    LEAD,
    SIGNATURE,
    TITLE,
    Run,
    new_official_document,
    paragraph_xml,
    save_reproducibly,
    text_width,
)
from kepu_plan.writers.text import render_txt

from conftest import PLAN_2025, PLANS, line_of, reference_paragraphs, replace_once

FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
TITLE_2025 = "2025年广州市科普工作计划"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_2025).model


@pytest.fixture(scope="module")
def docx_bytes(plan: Plan) -> bytes:
    return render_docx(plan)


@pytest.fixture(scope="module")
def document(docx_bytes: bytes):  # type: ignore[no-untyped-def]
    return docx.Document(io.BytesIO(docx_bytes))


def variant(plan: Plan, **changes: object) -> Plan:
    """The plan with top-level fields changed (the model is frozen: rebuild it through validation)."""
    return validate(Plan, {**to_data(plan), **changes})


def style_by_id(document, style_id: str):  # type: ignore[no-untyped-def]
    """Styles are referred to by id, never by (localisable) name."""
    return next(s for s in document.styles if s.style_id == style_id)


def style_east_asia(style) -> str | None:  # type: ignore[no-untyped-def]
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


# -- content ---------------------------------------------------------------------------------------------


def test_paragraphs_are_the_plain_text_rendering_in_order(plan: Plan, document) -> None:  # type: ignore[no-untyped-def]
    plain = [line for line in render_txt(plan).decode("utf-8").splitlines() if line]
    texts = [p.text for p in document.paragraphs]
    assert texts == plain
    assert len(texts) == 45


def test_paragraphs_are_the_published_text(document) -> None:  # type: ignore[no-untyped-def]
    assert [p.text for p in document.paragraphs] == reference_paragraphs()


def test_numbering_and_responsibility_are_literal_text(document) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in document.paragraphs]
    assert "一、指导思想" in texts
    assert "（一）明确科普职责定位，联动形成工作合力。" in texts
    publicity = next(t for t in texts if t.startswith("加强开展科普宣传报道。"))
    assert publicity.endswith(
        "（责任单位：市委宣传部，市科技局、市科协、市有关行业主管部门和单位，各区政府）"
    )
    assert not any(p._p.pPr.numPr is not None for p in document.paragraphs if p._p.pPr is not None)


def test_task_lead_sentences_are_set_apart_in_bold(plan: Plan, document) -> None:  # type: ignore[no-untyped-def]
    tasks = [b for b in blocks(plan) if b.kind is Kind.TASK]
    leads = [p.runs[0] for p in document.paragraphs if p.runs and p.runs[0].style.style_id == LEAD]
    assert [r.text for r in leads] == [b.lead for b in tasks]
    assert style_by_id(document, LEAD).font.bold is True


def test_each_kind_of_paragraph_has_its_own_style(plan: Plan, document) -> None:  # type: ignore[no-untyped-def]
    expected = {
        Kind.TITLE: TITLE,
        Kind.PREAMBLE: BODY,
        Kind.HEADING1: HEADING1,
        Kind.HEADING2: HEADING2,
        Kind.PARAGRAPH: BODY,
        Kind.TASK: BODY,
        Kind.ITEM: BODY,
    }
    styles = [p.style.style_id for p in document.paragraphs]
    assert styles == [expected[b.kind] for b in blocks(plan)]


# -- type ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style_id", "east_asia", "points"),
    [
        (TITLE, "方正小标宋简体", 22),
        (BODY, "仿宋_GB2312", 16),
        (HEADING1, "黑体", 16),
        (HEADING2, "楷体_GB2312", 16),
        (SIGNATURE, "仿宋_GB2312", 16),
    ],
)
def test_each_style_names_its_east_asian_font_and_size(document, style_id, east_asia, points) -> None:  # type: ignore[no-untyped-def]
    style = style_by_id(document, style_id)
    assert style.style_id == style_id
    assert style_east_asia(style) == east_asia
    assert style.font.name == "Times New Roman"  # digits and Latin letters
    assert style.font.size.pt == points
    fonts = style.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:hint")) == "eastAsia"


def test_every_paragraph_style_is_one_of_ours_with_its_font_and_size(document) -> None:  # type: ignore[no-untyped-def]
    for paragraph in document.paragraphs:
        style = paragraph.style
        assert style.style_id.startswith("Kepu")
        assert style_east_asia(style)
        assert style.font.size is not None


def test_body_has_exact_lines_and_a_two_character_indent(document) -> None:  # type: ignore[no-untyped-def]
    ppr = style_by_id(document, BODY).element.pPr
    spacing, ind = ppr.find(qn("w:spacing")), ppr.find(qn("w:ind"))
    assert spacing.get(qn("w:line")) == "579"
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert ind.get(qn("w:firstLine")) == "640"


def test_title_is_centred_and_not_bold(document) -> None:  # type: ignore[no-untyped-def]
    style = style_by_id(document, TITLE)
    assert style.paragraph_format.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
    assert not style.font.bold


def test_document_language_is_chinese(docx_bytes: bytes) -> None:
    styles = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/styles.xml").decode("utf-8")
    assert re.search(r'<w:lang [^>]*w:eastAsia="zh-CN"', styles)
    assert "Theme" not in styles  # no theme fonts that would override 仿宋


# -- page ------------------------------------------------------------------------------------------------


def test_page_is_a4_with_the_standard_margins(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    for actual, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(actual - Mm(mm)) <= Mm(0.1), (actual.mm, mm)


def test_odd_and_even_footers_hold_a_page_number_field(document) -> None:  # type: ignore[no-untyped-def]
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in ((section.footer, 2), (section.even_page_footer, 0)):  # right, left
        assert not footer.is_linked_to_previous
        xml = footer._element.xml
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment == alignment
        style = paragraph.style
        assert style_east_asia(style) == "宋体" and style.font.size.pt == 14


def test_signature_block_has_issuer_then_date_one_of_them_two_characters_from_the_margin(plan: Plan) -> None:
    import datetime as dt

    signed = variant(plan, issuer="广州市科学技术局", date=dt.date(2025, 1, 5))
    document = docx.Document(io.BytesIO(render_docx(signed)))
    *_, issuer, date = document.paragraphs
    assert (issuer.text, date.text) == ("广州市科学技术局", "2025年1月5日")
    assert issuer.style.style_id == date.style.style_id == SIGNATURE
    assert style_by_id(document, SIGNATURE).paragraph_format.alignment == 2  # right
    # the longer line is right-aligned two characters in, the other placed from it (see test_notice.py
    # for the positions measured on the PDF)
    anchored = [p for p in (issuer, date) if p.paragraph_format.alignment in (None, 2)]
    assert len(anchored) == 1 and anchored[0].paragraph_format.right_indent.twips == text_width("字字")
    assert issuer.paragraph_format.space_before.twips == 579  # one blank line above
    assert [p.text for p in document.paragraphs] == [
        line for line in render_txt(signed).decode("utf-8").splitlines() if line
    ]


# -- reproducibility ----------------------------------------------------------------------------------


def test_same_plan_gives_identical_bytes(plan: Plan, docx_bytes: bytes) -> None:
    assert render_docx(plan) == docx_bytes


def test_with_source_date_epoch_renders_a_second_apart_are_byte_identical(tmp_path: Path) -> None:
    # Two processes a moment apart: any clock reading that leaked into the document would differ.
    import subprocess
    import sys
    import time

    outputs = []
    for n in range(2):
        target = tmp_path / f"{n}.docx"
        subprocess.run(
            [sys.executable, "-m", "kepu_plan", "render", str(PLAN_2025), "-o", str(target)],
            check=True,
            capture_output=True,
        )
        outputs.append(target.read_bytes())
        time.sleep(1.1)
    assert outputs[0] == outputs[1]


def test_without_source_date_epoch_documents_are_dated_now(plan: Plan, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props = docx.Document(io.BytesIO(render_docx(plan))).core_properties
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    created = props.created.replace(tzinfo=None)
    assert before <= created <= after and props.modified == props.created


def test_zip_entries_have_fixed_times_and_content_types_first(docx_bytes: bytes) -> None:
    infos = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2025, 1, 1, 0, 0, 0)}  # SOURCE_DATE_EPOCH, see conftest
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])


def test_source_date_epoch_sets_document_dates(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    data = render_docx(plan)
    assert data == render_docx(plan)
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created.isoformat().startswith("2025-01-01T00:00:00")
    assert props.modified == props.created
    assert props.title == TITLE_2025
    assert props.author == "" and props.last_modified_by == ""
    assert props.revision == 1
    assert props.last_printed is None
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(2025, 1, 1, 0, 0, 0)}


def test_malformed_source_date_epoch_is_refused(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(EpochError, match="SOURCE_DATE_EPOCH"):
        render_docx(plan)


def test_cli_renders_identical_files_twice(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert cli("render", "2025", "--plans-dir", PLANS, "-o", first).exit_code == 0
    assert cli("render", "2025", "--plans-dir", PLANS, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


# -- text XML cannot hold -----------------------------------------------------------------------------


def test_control_character_is_a_located_writer_error(plan: Plan) -> None:
    # The model refuses control characters; the writer still guards a plan built without validation.
    section = plan.sections[1]
    group = section.groups[0]
    task = replace(group.tasks[1], text="引导\x01各类单位")
    group = replace(group, **{"tasks": [group.tasks[0], task, *group.tasks[2:]]})
    section = replace(section, **{"groups": [group, *section.groups[1:]]})
    broken = replace(plan, **{"sections": [plan.sections[0], section, *plan.sections[2:]]})
    with pytest.raises(WriterError) as caught:
        render_docx(broken)
    assert caught.value.path == ("sections", 1, "groups", 0, "tasks", 1, "text")
    assert "U+0001" in str(caught.value)


def test_control_character_escaped_in_yaml_stops_render_with_file_line_and_column(  # type: ignore[no-untyped-def]
    cli, write_variant, plan_text: str, tmp_path: Path
) -> None:
    text = replace_once(plan_text, f"title: {TITLE_2025}", 'title: "2025年广州市\\x01科普工作计划"')
    path = write_variant(text)
    target = tmp_path / "out" / "plan.docx"
    result = cli("render", path, "-o", target)
    assert result.exit_code == 1
    assert f"2025.yaml:{line_of(text, 'title:')}:" in result.stderr
    assert "KP005" in result.stderr and "控制字符" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.parent.exists() or not any(target.parent.iterdir())  # nothing half-written


def test_tabs_and_line_breaks_become_word_elements() -> None:
    body = [paragraph_xml(BODY, ["第一行\n第二行\t末尾", Run("加粗", LEAD)])]
    read = docx.Document(io.BytesIO(save_reproducibly(new_official_document(), body=body))).paragraphs[0]
    assert read.text == "第一行\n第二行\t末尾加粗"
    assert "<w:br/>" in read._p.xml and "<w:tab/>" in read._p.xml


def test_markup_in_authors_text_is_printed_as_written(plan: Plan) -> None:
    data = to_data(plan)
    data["preamble"] = ["<w:p>&amp; {{ 7*7 }} ]]>"]
    document = docx.Document(io.BytesIO(render_docx(validate(Plan, data))))
    assert document.paragraphs[1].text == "<w:p>&amp; {{ 7*7 }} ]]>"


# -- the command line ----------------------------------------------------------------------------------


def test_render_writes_docx_to_out_by_default(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = cli("render", "2025", "--plans-dir", PLANS)
    assert result.exit_code == 0, result.stderr
    target = Path("out") / f"{TITLE_2025}.docx"
    assert result.stdout.strip() == str(target)
    assert [p.name for p in (tmp_path / "out").iterdir()] == [target.name]  # no temporary file left
    assert docx.Document(str(target)).paragraphs[0].text == TITLE_2025


def test_explicit_docx_format_and_text_formats_still_work(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli("render", "2025", "--plans-dir", PLANS, "--format", "docx", "-o", tmp_path / "a.docx").exit_code
        == 0
    )
    assert zipfile.is_zipfile(tmp_path / "a.docx")
    for fmt in ("txt", "md"):
        result = cli("render", "2025", "--plans-dir", PLANS, "-f", fmt, "-o", "-")
        assert result.exit_code == 0
        assert TITLE_2025 in result.stdout


def test_validate_never_imports_python_docx() -> None:
    code = (
        "import sys\n"
        "from kepu_plan.cli import main\n"
        f"sys.argv = ['kepu-plan', 'validate', {str(PLAN_2025)!r}, '-q']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'docx' not in sys.modules and 'jinja2' not in sys.modules, 'heavy import'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


# -- --reference-doc ------------------------------------------------------------------------------------


def make_reference(path: Path) -> Path:
    """A user's template: Letter paper, a red header, their own body font, a body of its own to drop."""
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.top_margin = Mm(50)
    header = section.header.paragraphs[0]
    run = header.add_run("广州市科学技术局文件")
    run.font.color.rgb = RGBColor(0xFF, 0, 0)
    document.add_paragraph("模板中的示例正文，不应出现在生成的文档中。")
    body = document.styles.add_style("Kepu Body", 1)  # python-docx makes the id "KepuBody"
    body.font.size = Pt(15)
    body.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")
    document.save(str(path))
    return path


def test_reference_doc_supplies_page_setup_styles_and_header(plan: Plan, tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "template.docx")
    document = docx.Document(io.BytesIO(render_docx(plan, reference_doc=reference)))
    section = document.sections[0]
    assert abs(section.page_width - Mm(215.9)) <= Mm(0.1)  # the template's Letter paper
    assert abs(section.top_margin - Mm(50)) <= Mm(0.1)
    assert section.header.paragraphs[0].text == "广州市科学技术局文件"
    texts = [p.text for p in document.paragraphs]
    assert texts == [line for line in render_txt(plan).decode("utf-8").splitlines() if line]
    body = style_by_id(document, BODY)
    assert (style_east_asia(body), body.font.size.pt) == ("仿宋", 15)  # the user's style is kept
    assert style_east_asia(style_by_id(document, HEADING1)) == "黑体"  # ours fill the gaps
    footer = section.footer._element.xml  # the template had no footer: ours are added
    assert " PAGE " in footer


def test_reference_doc_output_is_reproducible(plan: Plan, tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "template.docx")
    assert render_docx(plan, reference_doc=reference) == render_docx(plan, reference_doc=reference)


def test_rendered_document_serves_as_its_own_reference(plan: Plan, docx_bytes: bytes, tmp_path: Path) -> None:
    reference = tmp_path / "ours.docx"
    reference.write_bytes(docx_bytes)
    again = docx.Document(io.BytesIO(render_docx(plan, reference_doc=reference)))
    assert [p.text for p in again.paragraphs] == [
        p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs
    ]
    assert again.settings.odd_and_even_pages_header_footer
    assert " PAGE " in again.sections[0].even_page_footer._element.xml


def test_word_template_dotx_is_accepted_as_reference(plan: Plan, tmp_path: Path) -> None:
    source = make_reference(tmp_path / "template.docx")
    dotx = tmp_path / "template.dotx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dotx, "w") as out:
        for name in src.namelist():
            content = src.read(name)
            if name == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            out.writestr(name, content)
    document = docx.Document(io.BytesIO(render_docx(plan, reference_doc=dotx)))
    assert document.paragraphs[0].text == TITLE_2025


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到参考文档"),
        (b"not a zip", "不是 Word 文档"),
        (b"PK\x05\x06" + b"\x00" * 18, "不是 Word 文档"),  # an empty zip
    ],
)
def test_bad_reference_doc_is_a_usage_error_in_chinese(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, content: bytes | None, message: str
) -> None:
    reference = tmp_path / "template.docx"
    if content is not None:
        reference.write_bytes(content)
    target = tmp_path / "out.docx"
    result = cli("render", "2025", "--plans-dir", PLANS, "--reference-doc", reference, "-o", target)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_reference_doc_with_a_text_format_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reference = make_reference(tmp_path / "template.docx")
    result = cli("render", "2025", "--plans-dir", PLANS, "-f", "md", "--reference-doc", reference)
    assert result.exit_code == 2
    assert "--reference-doc" in result.stderr


def test_cli_renders_with_a_reference_doc(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reference = make_reference(tmp_path / "template.docx")
    target = tmp_path / "plan.docx"
    result = cli("render", "2025", "--plans-dir", PLANS, "--reference-doc", reference, "-o", target)
    assert result.exit_code == 0, result.stderr
    assert docx.Document(str(target)).sections[0].header.paragraphs[0].text == "广州市科学技术局文件"


# -- primitives for other official documents ------------------------------------------------------------


def test_new_official_document_saves_reproducibly_without_content() -> None:
    first = save_reproducibly(new_official_document())
    second = save_reproducibly(new_official_document())
    assert first == second
    document = docx.Document(io.BytesIO(first))
    assert document.paragraphs == []
    assert {s.style_id for s in document.styles} >= {TITLE, BODY, HEADING1, HEADING2, SIGNATURE, LEAD}


# -- a real client ---------------------------------------------------------------------------------------


def pdf_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines (words on one baseline joined), from pdftotext's bounding boxes."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    ns = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ElementTree.fromstring(xml).iter(f"{ns}page"):
        rows: dict[float, list[tuple[float, str]]] = {}
        for word in page.iter(f"{ns}word"):
            y = round(float(word.get("yMax", 0)))
            key = next((k for k in rows if abs(k - y) <= 2), y)
            rows.setdefault(key, []).append((float(word.get("xMin", 0)), word.text or ""))
        pages.append(["".join(t for _, t in sorted(words)) for _, words in sorted(rows.items())])
    return pages


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_document_to_a_sensible_pdf(docx_bytes: bytes, tmp_path: Path) -> None:
    source = tmp_path / "plan.docx"
    source.write_bytes(docx_bytes)
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)}
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'lo_profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "plan.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    if shutil.which("pdftotext") is None:
        assert pdf.stat().st_size > 10_000
        return
    pages = pdf_lines(pdf)
    assert 10 <= len(pages) <= 16  # ~11,000 characters at 22 × 28 a page
    assert pages[0][0] == TITLE_2025
    assert [page[-1] for page in pages] == [f"—{n}—" for n in range(1, len(pages) + 1)]
    full_pages = [len(page) - 1 for page in pages[1:-1]]  # lines above the page number
    assert max(full_pages) == 22 and full_pages.count(22) >= len(full_pages) - 2  # a heading may move on
    lengths = [len(line) for page in pages for line in page[:-1]]
    assert max(set(lengths), key=lengths.count) == 28  # a full line holds 28 characters
    text = re.sub(r"\s|—\d+—", "", "".join("".join(page) for page in pages))
    assert text == re.sub(r"\s", "", "".join(reference_paragraphs()))  # every character drawn
