"""Last year's Word document, imported, compared with this year's plan: only the real edits.

The 2024 plan exists only as a .docx (rendered here from tests/fixtures/2024.yaml, which was made from
the 2025 plan by known edits); importing gives pinyin ids where the 2025 plan has English ones.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import PLAN_2025, UNITS

FIXTURE_2024 = Path(__file__).resolve().parent / "fixtures" / "2024.yaml"

#: The edits that made the 2024 fixture, seen from 2024 to 2025 (the plans' own years aside).
REAL_EDITS = [
    ("added", "industry-development"),
    ("modified", "lectures"),
    ("modified", "women"),
    ("moved", "communities"),
    ("removed", None),  # science-fair exists only in 2024: its id is whatever import made
    ("reordered", "safety-and-emergency"),
]


@pytest.fixture
def imported(cli, tmp_path: Path) -> Path:
    """A plans folder with the 2025 plan, the registry and 2024年….docx to import."""
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copyfile(PLAN_2025, plans / "2025.yaml")
    shutil.copyfile(UNITS, plans / "units.yaml")
    document = tmp_path / "2024年广州市科普工作计划.docx"
    assert cli("render", FIXTURE_2024, "--units", UNITS, "-o", document).exit_code == 0
    return plans


def changes(cli, plans: Path) -> list[tuple[str, str | None]]:
    result = cli("diff", "2024", "2025", "--plans-dir", plans, "-f", "json", "--ignore-year")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    return sorted((c["kind"], None if c["kind"] == "removed" else c["id"]) for c in document["changes"])


def test_import_with_ids_from_then_diff_reports_only_the_real_edits(cli, imported):
    document = imported.parent / "2024年广州市科普工作计划.docx"
    result = cli("import", document, "--plans-dir", imported, "--ids-from", "2025")
    assert result.exit_code == 0, result.output
    assert "29 项任务与" in result.stderr and "沿用其编号" in result.stderr
    assert changes(cli, imported) == sorted(REAL_EDITS, key=lambda c: (c[0], c[1] or ""))


def test_without_ids_from_the_new_ids_are_renames_reported_once_never_modifications(cli, imported):
    document = imported.parent / "2024年广州市科普工作计划.docx"
    assert cli("import", document, "--plans-dir", imported).exit_code == 0
    found = changes(cli, imported)
    renamed = [c for c in found if c[0] == "renamed"]
    assert len(renamed) == 29  # every task but the one added in 2025
    assert [c for c in found if c[0] != "renamed"] == sorted(REAL_EDITS, key=lambda c: (c[0], c[1] or ""))
    text = cli("diff", "2024", "2025", "--plans-dir", imported).stdout
    assert "改编号 29" in text and "修改 6" in text  # 4 with this year's number in their words


def test_the_comparison_table_names_a_renamed_id(cli, imported, tmp_path):
    import docx

    document = imported.parent / "2024年广州市科普工作计划.docx"
    assert cli("import", document, "--plans-dir", imported).exit_code == 0
    table = tmp_path / "对照表.docx"
    result = cli("diff", "2024", "2025", "--plans-dir", imported, "-f", "docx", "-o", table)
    assert result.exit_code == 0, result.output
    cells = [c.text for t in docx.Document(str(table)).tables for row in t.rows for c in row.cells]
    assert any(
        "改编号：" in c and "改为district-government-duty" in c for c in cells
    )  # no arrows in documents


def test_ids_from_a_missing_plan_is_a_usage_error_that_says_what_to_do(cli, imported):
    document = imported.parent / "2024年广州市科普工作计划.docx"
    result = cli("import", document, "--plans-dir", imported, "--ids-from", "2023")
    assert result.exit_code == 2
    assert "--ids-from：找不到 2023 年的计划" in result.stderr
    assert not (imported / "2024.yaml").exists()


def test_a_missing_year_says_what_to_do_next(cli, imported):
    result = cli("diff", "2024", "2025", "--plans-dir", imported)
    assert result.exit_code == 2
    message = result.stderr
    assert "找不到 2024 年的计划" in message
    assert "kepu-plan import" in message  # last year's Word document
    assert "git:" in message  # a version kept in git
    assert "--plans-dir" in message  # plans kept elsewhere
    assert "现有：2025" in message


def test_new_is_suggested_when_an_older_plan_exists(cli, imported):
    result = cli("render", "2026", "--plans-dir", imported)
    assert result.exit_code == 2
    assert "kepu-plan new 2026" in result.stderr
