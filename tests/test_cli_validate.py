"""`kepu-plan validate` as a user and a CI job meet it: formats, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import LIVE_PLANS, PLAN_2025, PLANS, UNITS, line_of, modules_loaded_by, replace_once


def test_validate_the_bundled_plan_exits_0(cli):
    result = cli("validate", PLAN_2025)
    assert result.exit_code == 0, result.output
    assert "通过校验（2 个警告）" in result.stderr


def test_validate_without_arguments_checks_every_plan_in_the_folder(cli):
    result = cli("validate", "--plans-dir", PLANS, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][-1].endswith("2025.yaml")


def test_the_live_plans_validate_without_errors(cli):
    """The one test that reads plans/ itself (every other test reads the copy in tests/fixtures)."""
    result = cli("validate", "--plans-dir", LIVE_PLANS, "--format", "json")
    assert result.exit_code == 0, result.stdout
    document = json.loads(result.stdout)
    assert document["files"] and not [d for d in document["diagnostics"] if d["severity"] == "error"]
    for plan in sorted(LIVE_PLANS.glob("[0-9][0-9][0-9][0-9].yaml")):  # editors find the schema
        first_line = plan.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=../schemas/plan.schema.json", plan


def test_a_year_means_the_plan_in_the_plans_folder(cli):
    assert cli("validate", "2025", "--plans-dir", PLANS).exit_code == 0


def test_a_plan_with_an_error_exits_1_and_prints_file_line_col(cli, write_variant, plan_text):
    path = write_variant(replace_once(plan_text, "units: [[各区政府]]", "units: []"))
    result = cli("validate", path)
    assert result.exit_code == 1
    line = line_of(path.read_text(encoding="utf-8"), "units: []")
    assert f"2025.yaml:{line}:20: 错误 KP010" in result.stderr


def test_strict_makes_warnings_fail(cli):
    assert cli("validate", PLAN_2025, "--strict").exit_code == 1


def test_json_output_is_one_valid_document(cli, write_variant, plan_text):
    path = write_variant(
        replace_once(plan_text, "市科技局, 市科协, 市有关单位", "市科技厅, 市科协, 市有关单位")
    )
    result = cli("validate", path, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["summary"] == {"errors": 1, "warnings": 2}
    [error] = [d for d in document["diagnostics"] if d["severity"] == "error"]
    assert error["code"] == "KP011" and error["line"] > 0 and error["col"] > 0


def test_github_format_writes_workflow_annotations(cli, write_variant, plan_text):
    path = write_variant(replace_once(plan_text, "units: [[各区政府]]", "units: []"))
    result = cli("validate", path, "--format", "github")
    assert result.exit_code == 1
    line = line_of(path.read_text(encoding="utf-8"), "units: []")
    assert "::error file=" in result.stdout and f",line={line},col=20,title=KP010::" in result.stdout


def test_auto_format_uses_annotations_inside_github_actions(cli):
    result = cli("validate", PLAN_2025, env={"GITHUB_ACTIONS": "true"})
    assert result.stdout.startswith("::warning file=")


def test_quiet_hides_warnings(cli):
    result = cli("validate", PLAN_2025, "-q")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_missing_plan_is_a_usage_error(cli, tmp_path):
    result = cli("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "找不到计划文件" in result.stderr


def test_a_missing_registry_is_a_usage_error(cli, tmp_path, plan_text):
    path = tmp_path / "2025.yaml"
    path.write_text(plan_text, encoding="utf-8")
    result = cli("validate", path, "--plans-dir", tmp_path)
    assert result.exit_code == 2 and "units.yaml" in result.stderr


def test_an_unknown_format_is_a_usage_error(cli):
    assert cli("validate", PLAN_2025, "--format", "xml").exit_code == 2


def test_a_broken_registry_is_reported_against_the_registry_file(cli, write_variant, plan_text, plans_dir):
    (plans_dir / "units.yaml").write_text("units: [\n", encoding="utf-8")
    result = cli("validate", write_variant(plan_text))
    assert result.exit_code == 1 and "units.yaml:" in result.stderr and "KP001" in result.stderr


def test_broken_yaml_never_prints_a_traceback_through_the_real_entry_point(write_variant, plan_text):
    path = write_variant(plan_text.replace("units: [[各区政府]]", "units: [[各区政府]", 1))
    run = subprocess.run(
        [sys.executable, "-m", "kepu_plan", "validate", str(path), "--units", str(UNITS)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "YAML 语法错误" in run.stderr


def test_validate_does_not_import_the_writers_heavy_libraries():
    heavy = {"docx", "jinja2", "lxml", "openpyxl", "pypinyin"}
    assert not heavy & modules_loaded_by("validate", PLAN_2025, "-q")


def test_help_does_not_import_the_plan_machinery():
    heavy = {"docx", "jinja2", "lxml", "openpyxl", "pypinyin", "kepu_plan.model", "ruamel.yaml"}
    assert not heavy & modules_loaded_by("--help")


def test_a_broken_registry_shared_by_two_plans_is_reported_once(cli, write_variant, plan_text, plans_dir):
    write_variant(plan_text)
    write_variant(plan_text.replace("year: 2025", "year: 2026"), name="2026.yaml")
    (plans_dir / "units.yaml").write_text("units: [\n", encoding="utf-8")
    result = cli("validate", "--plans-dir", plans_dir, "--format", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert [d["file"].endswith("units.yaml") for d in document["diagnostics"]] == [True]


def test_rules_lists_every_code_and_explains_one(cli):
    listing = cli("rules")
    assert listing.exit_code == 0 and "KP010" in listing.stdout and "KP030" in listing.stdout
    one = cli("rules", "KP011")
    assert one.exit_code == 0
    assert "unknown-unit" in one.stdout and "报错的写法：units: [[市科技厅]]" in one.stdout
    assert cli("rules", "stale-year").exit_code == 0
    assert cli("rules", "KP999").exit_code == 2


def test_every_code_the_tool_emits_is_in_the_one_registry_and_explained_by_rules(cli):
    """Import notes (KP050–KP054), reading errors and rules alike: `kepu-plan rules CODE` knows them."""
    import re
    from pathlib import Path

    import kepu_plan
    from kepu_plan import codes

    source = Path(kepu_plan.__file__).parent
    for path in source.rglob("*.py"):
        if path.name != "codes.py":  # codes are spelt out in the registry only
            assert not re.search(r"[\"']KP\d{3}[\"']", path.read_text(encoding="utf-8")), path
    listing = cli("rules").stdout
    for code in codes.ALL.values():
        assert code.code in listing
        one = cli("rules", code.code)
        assert one.exit_code == 0 and code.name in one.stdout and code.summary in one.stdout
    assert cli("rules", "kp051").exit_code == 0


def test_a_hundred_groups_cannot_be_numbered_and_say_so(write_variant, plan_text):
    from kepu_plan.checking import check_plan

    start = plan_text.index("      - heading: 打造科普品牌矩阵")
    end = plan_text.index("      - heading: 强化重点人群科普")
    group = plan_text[start:end]
    groups = "".join(group.replace("id: ", f"id: g{i}-") for i in range(100))
    path = write_variant(plan_text[:start] + groups + plan_text[end:])
    [d] = [d for d in check_plan(path, UNITS).diagnostics if d.severity == "error"]
    assert d.code == "KP005" and "九十九" in d.message
