"""`--reference-doc` taken from an allow-list (issue 23, class 3) and its page read with Word's defaults
(class 4): hostile and incomplete reference documents built here, every Word output opened as a zip."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from typer.testing import Result

from ooxml_package import package_problems

from conftest import PLAN_2025

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECRET = "机密：不应外传"
URL = "http://example.invalid"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def rewritten(
    source: bytes, target: Path, edit: Callable[[str, bytes], bytes | None], extra: dict[str, bytes]
) -> Path:
    """A copy of the .docx `source`, each member through `edit` (None: left out), `extra` members added."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(target, "w") as out:
        for name in archive.namelist():
            data = edit(name, archive.read(name))
            if data is not None:
                out.writestr(name, data)
        for name, data in extra.items():
            out.writestr(name, data)
    return target


def base_reference(tmp_path: Path) -> bytes:
    """A red-headed template with a picture embedded in its header, as Word users make them."""
    (tmp_path / "logo.png").write_bytes(tiny_png())
    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header.add_run("广州市科学技术局文件")
    header.add_run().add_picture(str(tmp_path / "logo.png"))
    document.add_paragraph("模板正文")
    made = io.BytesIO()
    document.save(made)
    return made.getvalue()


def hostile_reference(tmp_path: Path) -> Path:
    """The template with everything a template should not pass on: an external attachedTemplate, a macro
    project, comments with author and text, company and custom properties, customXml, a header picture
    linked by URL, an external hyperlink relationship."""

    def rel(rel_id: str, kind: str, target: str, external: bool = False) -> bytes:
        mode = ' TargetMode="External"' if external else ""
        return f'<Relationship Id="{rel_id}" Type="{R}/{kind}" Target="{target}"{mode}/>'.encode()

    def edit(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(
                b"</Types>",
                b'<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/custom.xml" '
                b'ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>'
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
            )
        if name == "word/_rels/document.xml.rels":
            extra = (
                rel("rIdK1", "comments", "comments.xml") + rel("rIdK2", "customXml", "../customXml/item9.xml")
                + rel("rIdK3", "hyperlink", f"{URL}/page", external=True)
                + b'<Relationship Id="rIdK4" Type="http://schemas.microsoft.com/office/2006/relationships/'
                b'vbaProject" Target="vbaProject.bin"/>'
            )  # fmt: skip
            return data.replace(b"</Relationships>", extra + b"</Relationships>")
        if name == "word/_rels/settings.xml.rels" or name == "word/settings.xml":
            return data
        if name.startswith("word/_rels/header") and name.endswith(".rels"):
            return data.replace(
                b"</Relationships>", rel("rIdK5", "image", f"{URL}/logo.png", True) + b"</Relationships>"
            )
        if name.startswith("word/header") and name.endswith(".xml"):
            drawing = re.search(rb"<w:drawing>.*</w:drawing>", data, re.S)
            assert drawing is not None
            linked = re.sub(rb'r:embed="[^"]*"', b'r:link="rIdK5"', drawing.group())
            return data.replace(b"</w:hdr>", b"<w:p><w:r>" + linked + b"</w:r></w:p></w:hdr>")
        if name == "docProps/app.xml":
            return data.replace(b"</Properties>", b"<Company>" + SECRET.encode() + b"</Company></Properties>")
        if name == "docProps/core.xml":
            return re.sub(
                rb"<dc:creator>.*?</dc:creator>|<dc:creator/>", "<dc:creator>李四</dc:creator>".encode(), data
            )
        if name == "_rels/.rels":
            return data.replace(
                b"</Relationships>",
                rel("rIdK6", "custom-properties", "docProps/custom.xml") + b"</Relationships>",
            )
        return data

    settings_rels = f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel("rIdT", "attachedTemplate", f"{URL}/evil.dotm", True).decode()}</Relationships>'
    extra = {
        "word/comments.xml": f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="王五"><w:p><w:r><w:t>{SECRET}</w:t></w:r></w:p></w:comment></w:comments>'.encode(),
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro",
        "docProps/custom.xml": f'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"><property name="secret"><vt:lpwstr xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{SECRET}</vt:lpwstr></property></Properties>'.encode(),
        "customXml/item9.xml": f"<secret>{SECRET}</secret>".encode(),
        "word/_rels/settings.xml.rels": settings_rels.encode(),
    }  # fmt: skip
    source = base_reference(tmp_path)
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        settings = archive.read("word/settings.xml")
    template = f'<w:attachedTemplate xmlns:r="{R}" r:id="rIdT"/>'.encode()
    settings = re.sub(rb"(<w:settings[^>]*>)", rb"\1" + template, settings, count=1)
    path = rewritten(source, tmp_path / "hostile.docx", edit, {})
    return rewritten(
        path.read_bytes(),
        tmp_path / "hostile2.docx",
        lambda n, d: settings if n == "word/settings.xml" else d,
        extra,
    )


COMMANDS = {
    "plan": ["render", PLAN_2025],
    "unit-list": ["render", PLAN_2025, "--unit", "市科协"],
    "overview": ["units", PLAN_2025, "--format", "docx"],
}


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_a_hostile_reference_passes_on_only_its_page_styles_and_headers(
    cli: Callable[..., Result], tmp_path: Path, kind: str
) -> None:
    reference = hostile_reference(tmp_path)
    target = tmp_path / "out.docx"
    result = cli(*COMMANDS[kind], "--reference-doc", reference, "-o", target)
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert package_problems(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        members = {name: archive.read(name) for name in names}
    assert not [n for n in names if re.search(r"vba|comments|custom|item9", n, re.I)], names
    everything = b"".join(members.values())
    for gone in (
        SECRET.encode(),
        URL.encode(),
        "李四".encode(),
        "王五".encode(),
        b"attachedTemplate",
        b"External",
    ):
        assert gone not in everything, gone
    assert b"<Company>" not in members["docProps/app.xml"]
    headers = [n for n in names if re.fullmatch(r"word/header\d+\.xml", n)]
    assert headers and any(n.startswith("word/media/") for n in names)  # the embedded picture stays
    assert all(b"r:link" not in members[n] for n in headers)
    opened = docx.Document(io.BytesIO(data))
    assert opened.sections[0].header.paragraphs[0].text == "广州市科学技术局文件"


def reference_with_section(tmp_path: Path, section: str, name: str = "ref.docx") -> Path:
    """A reference whose final section is `section` (XML text in the `w` prefix)."""

    def edit(member: str, data: bytes) -> bytes:
        if member == "word/document.xml":
            return re.sub(rb"<w:sectPr.*</w:sectPr>", section.encode(), data, flags=re.S)
        return data

    return rewritten(base_reference(tmp_path), tmp_path / name, edit, {})


def page_of(data: bytes) -> tuple[str | None, str | None]:
    section = docx.Document(io.BytesIO(data)).sections[-1]._sectPr
    size = section.find(f"{{{W}}}pgSz")
    return size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")


@pytest.mark.parametrize("kind", list(COMMANDS))
@pytest.mark.parametrize(
    "section",
    [
        "<w:sectPr/>",
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>',
        '<w:sectPr><w:pgMar w:top="1440"/></w:sectPr>',
    ],
)
def test_a_reference_section_without_page_size_or_margins_gets_words_defaults(
    cli: Callable[..., Result], tmp_path: Path, kind: str, section: str
) -> None:
    reference = reference_with_section(tmp_path, section)
    target = tmp_path / "out.docx"
    result = cli(*COMMANDS[kind], "--reference-doc", reference, "-o", target)
    assert result.exit_code == 0, result.output
    assert package_problems(target.read_bytes()) == []
    width, height = page_of(target.read_bytes())
    expected = ("11906", "16838") if "pgSz" in section else ("12240", "15840")  # Word's default: Letter
    assert (width, height) in (expected, expected[::-1])  # turned where a table needs it


def test_a_page_size_given_as_a_universal_measure_is_read_in_twips(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    reference = reference_with_section(
        tmp_path,
        '<w:sectPr><w:pgSz w:w="210mm" w:h="11.69in"/><w:pgMar w:top="1in" w:right="2cm" w:bottom="72pt" w:left="2cm" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>',
    )
    target = tmp_path / "out.docx"
    result = cli("units", PLAN_2025, "--format", "docx", "--reference-doc", reference, "-o", target)
    assert result.exit_code == 0, result.output
    assert page_of(target.read_bytes()) == ("11906", "16834")  # written in twips
    margins = docx.Document(io.BytesIO(target.read_bytes())).sections[-1]._sectPr.find(f"{{{W}}}pgMar")
    assert [margins.get(f"{{{W}}}{side}") for side in ("top", "right", "bottom", "left")] == [
        "1440",
        "1134",
        "1440",
        "1134",
    ]


@pytest.mark.parametrize("kind", list(COMMANDS))
@pytest.mark.parametrize("value", ["abc", "²", "12.5", "-5mm", "9" * 30])
def test_a_page_value_the_schema_forbids_is_a_usage_error_naming_the_file(
    cli: Callable[..., Result], tmp_path: Path, kind: str, value: str
) -> None:
    reference = reference_with_section(tmp_path, f'<w:sectPr><w:pgSz w:w="{value}" w:h="16838"/></w:sectPr>')
    target = tmp_path / "out.docx"
    result = cli(*COMMANDS[kind], "--reference-doc", reference, "-o", target)
    assert result.exit_code == 2, result.output
    assert str(reference) in result.stderr and "w:pgSz 的 w:w" in result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()
