"""SOURCE_DATE_EPOCH: one range check (the zip range, 1980-01-01 .. 2107-12-31) and one error path
(exit 2, Chinese, never 「内部错误」) for every writer and command that dates a document (epoch.py)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import invoke

LAST_SECOND = "4354819199"  # 2107-12-31T23:59:59Z
FIRST_SECOND = "315532800"  # 1980-01-01T00:00:00Z
BAD = ["yesterday", "-1", "315532799", "4354819200", "99999999999999999999999", "1e9", "１２３"]


def commands(root: Path) -> dict[str, list[object]]:
    return {
        "render docx": ["render", "2025", "-o", root / "a.docx"],
        "render --unit": ["render", "2025", "--unit", "市科协", "-o", root / "b.docx"],
        "render --all-units": ["render", "2025", "--all-units", "-o", root / "units/"],
        "units docx": ["units", "2025", "--format", "docx", "-o", root / "c.docx"],
        "diff docx": ["diff", "2025", "2025", "--format", "docx", "-o", root / "d.docx"],
        "diff redline": ["diff", "2025", "2025", "--format", "redline", "-o", root / "e.docx"],
        "forms": ["forms", "2025", "-o", root / "forms"],
        "report": ["report", "2025", "-o", root / "f.docx"],
    }


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("command", list(commands(Path())))
def test_a_bad_epoch_is_a_usage_error_for_every_writer(cycle_project, command, value):
    out = cycle_project / "输出"
    out.mkdir()
    result = invoke(*commands(out)[command], env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2, (command, result.output)
    assert "环境变量 SOURCE_DATE_EPOCH 应为 315532800 至 4354819199 之间的整数秒数" in result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert list(out.iterdir()) == []  # nothing written, nothing half-written


@pytest.mark.parametrize(("value", "year"), [(FIRST_SECOND, 1980), (LAST_SECOND, 2107)])
def test_the_ends_of_the_zip_range_are_written(cycle_project, value, year):
    for args, target in [
        (["render", "2025", "-o", "a.docx"], "a.docx"),
        (["forms", "2025", "-o", "forms2"], next(iter(sorted(Path("forms").iterdir()))).name),
    ]:
        result = invoke(*args, env={"SOURCE_DATE_EPOCH": value})
        assert result.exit_code == 0, result.output
        path = Path(target) if target == "a.docx" else Path("forms2") / target
        infos = zipfile.ZipFile(io.BytesIO(path.read_bytes())).infolist()
        assert {i.date_time[0] for i in infos} == {year}
    assert docx.Document("a.docx").core_properties.created.year == year
