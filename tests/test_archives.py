"""The archive guard: a .docx is checked for expanded size, part count and compression ratio before
python-docx parses it, for `import` and for `render --reference-doc` alike."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest

from kepu_plan.archives import ArchiveError, check_ooxml
from kepu_plan.limits import MAX_ARCHIVE_ENTRIES, MAX_PART_BYTES

from conftest import PLANS

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def real_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_parts(base: bytes, parts: dict[str, bytes], *, drop: tuple[str, ...] = ()) -> bytes:
    """`base` with parts replaced or added (deflated, as Word writes them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            if info.filename not in parts and info.filename not in drop:
                copy.writestr(info, source.read(info))
        for name, data in parts.items():
            copy.writestr(name, data)
    return out.getvalue()


def huge_document(text_bytes: int) -> bytes:
    """A word/document.xml of one paragraph whose text is `text_bytes` long: compresses ~1000:1."""
    return (
        f"<w:document {W}><w:body><w:p><w:r><w:t>".encode()
        + b"A" * text_bytes
        + b"</w:t></w:r></w:p></w:body></w:document>"
    )


def bomb() -> bytes:
    """A 50 KB .docx whose main part expands past the per-part limit."""
    return with_parts(real_docx(["x"]), {"word/document.xml": huge_document(MAX_PART_BYTES + 1024)})


def test_an_ordinary_document_passes_the_guard():
    check_ooxml(real_docx(["一、总体要求", "正文"]), "a.docx")


def test_a_part_that_expands_past_the_limit_is_refused_without_expanding_it_whole():
    data = bomb()
    assert len(data) < 100_000
    with pytest.raises(ArchiveError) as caught:
        check_ooxml(data, "bomb.docx")
    message = caught.value.diagnostics[0].message
    assert "word/document.xml" in message and "压缩炸弹" in message
    assert caught.value.diagnostics[0].file == "bomb.docx"


def test_a_high_compression_ratio_is_refused_even_below_the_size_limits():
    data = with_parts(real_docx(["x"]), {"word/document.xml": huge_document(2 * 1024 * 1024)})
    with pytest.raises(ArchiveError, match="压缩比"):
        check_ooxml(data, "ratio.docx")


def test_many_parts_within_each_limit_are_refused_by_the_total(monkeypatch):
    # the total is checked as parts expand; a small total keeps the test fast
    monkeypatch.setattr("kepu_plan.archives.MAX_EXPANDED_BYTES", 1024 * 1024)
    pad = bytes(range(256)) * 1024  # 256 KB each, stored: no ratio to catch
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(real_docx(["x"]))) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, source.read(info))
        for i in range(5):
            copy.writestr(f"word/media/pad{i}.bin", pad, compress_type=zipfile.ZIP_STORED)
    with pytest.raises(ArchiveError, match=r"解压后超过 1 MB"):
        check_ooxml(out.getvalue(), "total.docx")


def test_too_many_parts_are_refused_from_the_directory_record():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for i in range(MAX_ARCHIVE_ENTRIES + 1):
            archive.writestr(f"p{i}.xml", b"")
    with pytest.raises(ArchiveError, match=f"{MAX_ARCHIVE_ENTRIES + 1:,} 个部件"):
        check_ooxml(out.getvalue(), "many.docx")


def test_a_header_that_understates_the_size_is_caught_while_decompressing():
    data = bytearray(with_parts(real_docx(["x"]), {"word/document.xml": huge_document(3 * 1024 * 1024)}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    # forge the uncompressed size in the central directory to 1 KB
    central = bytes(data).rfind(b"PK\x01\x02", 0, bytes(data).rfind(b"word/document.xml"))
    data[central + 24 : central + 28] = (1024).to_bytes(4, "little")
    assert info.file_size > 1024
    with pytest.raises(ArchiveError):
        check_ooxml(bytes(data), "forged.docx")


def test_import_refuses_a_decompression_bomb_quickly(cli, tmp_path):
    source = tmp_path / "bomb.docx"
    source.write_bytes(bomb())
    start = time.perf_counter()
    result = cli("import", source, "--plans-dir", tmp_path / "plans", "--year", "2025")
    assert time.perf_counter() - start < 5
    assert result.exit_code == 1, result.output
    assert "bomb.docx" in result.stderr and "压缩炸弹" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "plans" / "2025.yaml").exists()


def test_reference_doc_that_is_a_bomb_is_a_usage_error(cli, tmp_path):
    reference = tmp_path / "red-head.docx"
    reference.write_bytes(bomb())
    target = tmp_path / "out.docx"
    result = cli("render", "2025", "--plans-dir", PLANS, "--reference-doc", reference, "-o", target)
    assert result.exit_code == 2, result.output
    assert "参考文档" in result.stderr and "压缩炸弹" in result.stderr
    assert not target.exists()


def test_reference_doc_with_too_many_parts_is_refused(cli, tmp_path):
    parts = {f"customXml/item{i}.xml": b"<a/>" for i in range(MAX_ARCHIVE_ENTRIES)}
    reference = tmp_path / "many.docx"
    reference.write_bytes(with_parts(real_docx(["x"]), parts))
    result = cli(
        "render", "2025", "--plans-dir", PLANS, "--reference-doc", reference, "-o", tmp_path / "o.docx"
    )
    assert result.exit_code == 2 and "个部件" in result.stderr


def test_import_of_an_ordinary_docx_still_works(cli, tmp_path):
    source = tmp_path / "plan.docx"
    source.write_bytes(real_docx(["2025年测试市科普工作计划", "一、总体要求", "做好科普工作。"]))
    result = cli("import", source, "--plans-dir", tmp_path / "plans", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "x.yaml").is_file()


@pytest.mark.parametrize("suffix", [".xlsx"])
def test_the_guard_is_format_neutral(suffix: str, tmp_path: Path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"B" * (MAX_PART_BYTES + 1) + b"</sst>")
    with pytest.raises(ArchiveError, match=r"xl/sharedStrings\.xml"):
        check_ooxml(out.getvalue(), f"form{suffix}", what="Excel 工作簿")
