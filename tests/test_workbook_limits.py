"""A workbook's cost bounded by what it holds (workbook_scan.py): cells, places, formats, names."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from kepu_plan.limits import (
    WORKBOOK_MAX_CELL_FORMATS,
    WORKBOOK_MAX_CELLS,
    WORKBOOK_MAX_DEFINED_NAMES,
)

from conftest import invoke, kepu_process

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
    '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
    'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _workbook(cells: str, *, dimension: str = "A1", names: str = "") -> bytes:
    """A minimal .xlsx (inline strings, one sheet) as Excel would read it."""
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_R}"><sheets>'
        f'<sheet name="任务" sheetId="1" r:id="rId1"/></sheets>{names}</workbook>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><dimension ref="{dimension}"/>'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def _text(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def test_import_of_one_cell_at_the_last_place_ends_at_once(tmp_path):
    path = tmp_path / "far.xlsx"
    path.write_bytes(_workbook(_row(1048576, _text("XFD1048576", "远")), dimension="A1:XFD1048576"))
    assert path.stat().st_size < 5000
    result = kepu_process("import", path, "-o", tmp_path / "x.yaml", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "far.xlsx" in result.stderr and "行数上限" in result.stderr
    assert "内部错误" not in result.stderr and not (tmp_path / "x.yaml").exists()


def test_import_reads_only_the_cells_that_exist(cli, tmp_path):
    # a dimension claiming the whole sheet and a value far out: only the two real cells are read
    cells = _row(1, _text("A1", "2024年某区科普任务清单")) + _row(9000, _text("ALL9000", "开展科普活动。"))
    path = tmp_path / "sparse.xlsx"
    path.write_bytes(_workbook(cells, dimension="A1:XFD1048576"))
    result = cli("import", path, "-o", tmp_path / "x.yaml")
    assert result.exit_code in (0, 1), result.output
    assert "内部错误" not in result.stderr
    text = (tmp_path / "x.yaml").read_text(encoding="utf-8")
    assert "2024年某区科普任务清单" in text and "开展科普活动。" in text


def _form_with(tmp_path: Path, sent: Path, part: str, edit) -> Path:  # type: ignore[no-untyped-def]
    """市科协's form with one part rewritten."""
    source = zipfile.ZipFile(sent / "forms" / "市科协.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            archive.writestr(info.filename, edit(data) if info.filename == part else data)
    path = tmp_path / "市科协.xlsx"
    path.write_bytes(out.getvalue())
    return path


def test_collect_refuses_a_form_with_too_many_cell_formats(cycle_project, tmp_path):
    import random

    pick = random.Random(1).randrange  # varied as a real styles part is: not a compression bomb
    many = b"".join(
        b'<xf numFmtId="%d" fontId="%d" fillId="%d" borderId="%d"/>' % (pick(200), pick(50), pick(9), pick(9))
        for _ in range(115_000)
    )

    def edit(data: bytes) -> bytes:
        start = data.index(b"<cellXfs")
        end = data.index(b"</cellXfs>")
        return data[:start] + b'<cellXfs count="115000">' + many + data[end:]

    form = _form_with(tmp_path, cycle_project, "xl/styles.xml", edit)
    assert form.stat().st_size < 2_000_000
    result = kepu_process("collect", "2025", form, cwd=cycle_project, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "市科协.xlsx" in result.stderr and "KP030" in result.stderr
    assert f"{WORKBOOK_MAX_CELL_FORMATS:,}" in result.stderr
    assert not (cycle_project / "progress").exists()


def test_collect_refuses_a_workbook_of_defined_names(cycle_project, tmp_path):
    names = b"".join(
        b'<definedName name="n%d">\xe5\xb7\xa5\xe4\xbd\x9c!$A$1</definedName>' % i for i in range(200_000)
    )

    def edit(data: bytes) -> bytes:
        if b"<definedNames>" in data:
            return data.replace(b"<definedNames>", b"<definedNames>" + names, 1)
        return data.replace(b"</sheets>", b"</sheets><definedNames>" + names + b"</definedNames>", 1)

    form = _form_with(tmp_path, cycle_project, "xl/workbook.xml", edit)
    result = kepu_process("collect", "2025", form, cwd=cycle_project, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "市科协.xlsx" in result.stderr and f"{WORKBOOK_MAX_DEFINED_NAMES:,}" in result.stderr


@pytest.mark.slow  # a scale limit: a sheet past WORKBOOK_MAX_CELLS, read in a process of its own (seconds of CPU)
def test_collect_refuses_a_sheet_of_too_many_cells(cycle_project, tmp_path):
    import random

    pick = random.Random(2).randrange
    width = 500  # cells per row, places implied (no r attribute), styles varied: not a bomb
    cells = b"".join(
        b'<row r="%d">' % (5000 + r) + b"".join(b'<c s="%d"/>' % pick(100) for _ in range(width)) + b"</row>"
        for r in range(WORKBOOK_MAX_CELLS // width + 1)
    )

    def edit(data: bytes) -> bytes:
        return data.replace(b"</sheetData>", cells + b"</sheetData>", 1)

    form = _form_with(tmp_path, cycle_project, "xl/worksheets/sheet1.xml", edit)
    result = kepu_process("collect", "2025", form, cwd=cycle_project, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "市科协.xlsx" in result.stderr and f"{WORKBOOK_MAX_CELLS:,}" in result.stderr


@pytest.mark.parametrize("doctype", [b'<!DOCTYPE x [<!ENTITY a "b">]>'])
def test_a_declaration_anywhere_in_a_sheet_is_refused(tmp_path, doctype):
    data = _workbook(_row(1, _text("A1", "标题")))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"?>", b"?>" + b" " * 70_000 + doctype, 1)
            archive.writestr(info.filename, part)
    path = tmp_path / "d.xlsx"
    path.write_bytes(out.getvalue())
    result = invoke("import", path, "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1 and "DOCTYPE" in result.stderr and "d.xlsx" in result.stderr
