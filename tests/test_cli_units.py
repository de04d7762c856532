"""End to end: `render --unit`, `render --all-units` and `units`, through the CLI's own output."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from kepu_plan.cli import app

from conftest import PLANS

runner = CliRunner()


def kepu(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--plans-dir", str(PLANS)])


def unit_json(name: str) -> dict:
    result = kepu("render", "2025", "--unit", name, "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _load(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _write_variant(folder: Path, plan: dict, units: dict) -> Path:
    """A plan and its registry side by side (JSON is YAML), so the CLI finds the registry by itself."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "units.yaml").write_text(json.dumps(units, ensure_ascii=False), encoding="utf-8")
    path = folder / "2025.yaml"
    path.write_text(json.dumps(plan, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def _first_task(plan: dict) -> dict:
    return next(s for s in plan["sections"] if "groups" in s)["groups"][0]["tasks"][0]


# -- counts, through the JSON ------------------------------------------------------------------------


def test_city_science_association_has_sixteen_definite_tasks_fifteen_of_them_direct():
    data = unit_json("市科协")
    assert data["unit"] == {"name": "市科协", "full_name": "广州市科学技术协会", "level": "市"}
    tasks = data["tasks"]
    assert len(tasks) == 16
    assert sum(t["via"] is None for t in tasks) == 15
    assert [(t["id"], t["via"], t["role"]) for t in tasks if t["via"]] == [
        ("science-association-duty", "市、区科协", "牵头")
    ]
    assert {"id", "title", "role", "via"} <= set(tasks[0])


def test_tianhe_district_government_has_the_nine_tasks_of_all_district_governments():
    tasks = unit_json("天河区政府")["tasks"]
    assert len(tasks) == 9
    assert {t["via"] for t in tasks} == {"各区政府"}


def test_unit_may_be_given_by_full_name_or_alias():
    assert unit_json("广州市科学技术协会") == unit_json("市科协") == unit_json("广州市科协")


def test_possibly_related_tasks_are_listed_apart_from_definite_ones():
    data = unit_json("市科协")
    possible = {p["id"] for p in data["possibly_related"]}
    assert possible and not possible & {t["id"] for t in data["tasks"]}
    assert next(p for p in data["possibly_related"] if p["id"] == "science-week")["via"] == ["市有关单位"]


def test_json_is_printed_with_dash_output():
    result = kepu("render", "2025", "--unit", "市科协", "--format", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["unit"]["name"] == "市科协"


# -- wrong unit names --------------------------------------------------------------------------------


def test_unknown_unit_exits_2_and_suggests_the_closest_names():
    result = kepu("render", "2025", "--unit", "市科技厅", "--format", "json")
    assert result.exit_code == 2
    assert "是否应为「市科技局」" in result.stderr
    assert result.stdout == ""


def test_ambiguous_unit_exits_2_and_names_the_candidates():
    result = kepu("render", "2025", "--unit", "天河区")
    assert result.exit_code == 2
    for candidate in ("天河区政府", "天河区科技局", "天河区科协"):
        assert f"「{candidate}」" in result.stderr


def test_a_collective_is_not_accepted_as_a_unit():
    result = kepu("render", "2025", "--unit", "各区政府")
    assert result.exit_code == 2
    assert "「增城区政府」" in result.stderr


def test_unit_and_all_units_together_is_a_usage_error(tmp_path):
    result = kepu("render", "2025", "--unit", "市科协", "--all-units", "-o", str(tmp_path))
    assert result.exit_code == 2


def test_unsupported_format_for_a_unit_list_is_a_usage_error():
    result = kepu("render", "2025", "--unit", "市科协", "--format", "html")
    assert result.exit_code == 2


# -- what every format says --------------------------------------------------------------------------


def test_md_and_txt_unit_lists_carry_title_roles_and_the_possibly_related_heading():
    md = kepu("render", "2025", "--unit", "市科协", "--format", "md", "-o", "-").stdout
    assert md.startswith("# 2025年广州市科普工作计划 市科协任务清单\n")
    assert "牵头（通过“市、区科协”）" in md
    assert "## 二、可能涉及的任务（请确认）" in md
    txt = kepu("render", "2025", "--unit", "天河区政府", "--format", "txt", "-o", "-").stdout
    assert txt.startswith("2025年广州市科普工作计划 天河区政府任务清单\n")
    assert "明确承担的任务9项（牵头2项，配合7项）" in txt  # Chinese: no spaces around the numbers


def test_md_unit_list_prints_template_syntax_and_html_literally(tmp_path):
    plan = _load(PLANS / "2025.yaml")
    task = _first_task(plan)
    task["title"] = "计算{{ 7*7 }}次。"
    task["text"] = "<b>加粗</b>的内容。"
    path = _write_variant(tmp_path, plan, _load(PLANS / "units.yaml"))
    result = runner.invoke(app, ["render", str(path), "--unit", "天河区政府", "-f", "md", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "49" not in result.stdout
    assert r"计算\{\{ 7\*7 \}\}次。" in result.stdout
    assert r"\<b\>加粗\</b\>的内容。" in result.stdout
    assert "<b>" not in result.stdout


# -- the overview ------------------------------------------------------------------------------------


def test_units_overview_counts_every_unit_and_reports_vague_only_tasks():
    result = kepu("units", "2025", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    by_name = {u["name"]: u for u in data["units"]}
    assert (by_name["市科协"]["definite"], by_name["市科协"]["leads"]) == (16, 4)
    assert by_name["天河区政府"]["definite"] == 9
    assert data["without_tasks"] == []
    assert {t["id"] for t in data["vague_only"]} == {"industry-campaigns", "theme-days"}
    assert sum(by_name["市科协"]["by_part"].values()) == 16


def test_units_overview_lists_registered_units_with_no_task(tmp_path):
    units = _load(PLANS / "units.yaml")
    units["units"].append(
        {"name": "市档案馆", "full_name": "广州市档案馆", "kind": "政府部门", "level": "市"}
    )
    path = _write_variant(tmp_path, _load(PLANS / "2025.yaml"), units)
    data = json.loads(runner.invoke(app, ["units", str(path), "-f", "json"]).stdout)
    assert data["without_tasks"] == ["市档案馆"]
    text = runner.invoke(app, ["units", str(path)]).stdout
    assert "三、没有明确任务的单位\n市档案馆（广州市档案馆）" in text
    md = runner.invoke(app, ["units", str(path), "-f", "md"]).stdout
    assert "| 单位 | 二（一） |" in md
    assert "- 市档案馆（广州市档案馆）" in md


# -- every unit at once ------------------------------------------------------------------------------


def test_all_units_writes_one_file_per_unit_with_tasks_and_covers_every_task(tmp_path):
    out = tmp_path / "lists"
    result = kepu("render", "2025", "--all-units", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    overview = json.loads((out / "责任分工总览.json").read_text(encoding="utf-8"))
    with_tasks = [u["name"] for u in overview["units"] if u["definite"]]
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([*(f"{n}.json" for n in with_tasks), "责任分工总览.json"])
    assert len(result.stdout.splitlines()) == len(files)  # plain lines when not on a terminal

    covered = set()
    for name in with_tasks:
        covered |= {t["id"] for t in json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["tasks"]}
    covered |= {t["id"] for t in overview["vague_only"]}
    plan = _load(PLANS / "2025.yaml")
    every = {t["id"] for s in plan["sections"] for g in s.get("groups", []) for t in g["tasks"]}
    assert covered == every


def test_all_units_makes_unit_names_safe_file_names_and_keeps_them_apart(tmp_path):
    plan = _load(PLANS / "2025.yaml")
    units = _load(PLANS / "units.yaml")
    for name in ("市/区科普联盟", "市_区科普联盟"):
        units["units"].append({"name": name, "full_name": f"广州{name}", "kind": "其他", "level": "市"})
    _first_task(plan)["units"] = [["各区政府"], ["市/区科普联盟", "市_区科普联盟"]]
    path = _write_variant(tmp_path / "plan", plan, units)
    out = tmp_path / "lists"
    result = runner.invoke(app, ["render", str(path), "--all-units", "-f", "md", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    # the name that needed no change keeps it; the other gets a stable hash (filenames.allocate)
    slashed = next(n for n in names if n.startswith("市_区科普联盟_") and n.endswith(".md"))
    assert "市_区科普联盟.md" in names and len(slashed) == len("市_区科普联盟_12345678.md")
    assert all(p.is_file() for p in out.iterdir())  # no sub-folder made from "/"
    texts = [(out / n).read_text(encoding="utf-8") for n in (slashed, "市_区科普联盟.md")]
    assert texts[0].startswith("# 2025年广州市科普工作计划 市/区科普联盟任务清单")
    assert texts[1].startswith("# 2025年广州市科普工作计划 市\\_区科普联盟任务清单")


def test_all_units_refuses_standard_output():
    result = kepu("render", "2025", "--all-units", "-o", "-")
    assert result.exit_code == 2


def test_all_units_shows_a_progress_bar_on_a_terminal(tmp_path, monkeypatch, capsys):
    from kepu_plan.assignments import overview
    from kepu_plan.commands.render import Options, write_all_unit_lists
    from kepu_plan.loading import load_plan, load_registry

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    result = overview(load_plan(PLANS / "2025.yaml").model, load_registry(PLANS / "units.yaml"))
    options = Options(output_format="txt", output=str(tmp_path), plans_dir=PLANS, all_units=True)
    write_all_unit_lists(result, options)
    assert "生成任务清单" in terminal.getvalue()
    assert "已写入 64 个文件" in capsys.readouterr().out
    assert len(list(tmp_path.iterdir())) == 64  # 63 units with tasks + the overview


@pytest.mark.parametrize("fmt", ["md", "txt", "json"])
def test_every_unit_list_format_can_be_written_to_a_file(tmp_path, fmt):
    target = tmp_path / f"list.{fmt}"
    result = kepu("render", "2025", "--unit", "市科协", "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert "市科协" in target.read_text(encoding="utf-8")


# -- docx ---------------------------------------------------------------------------------------------


def test_docx_unit_list_is_an_official_document_with_a_task_table_on_landscape_pages(tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT

    target = tmp_path / "市科协.docx"
    result = kepu("render", "2025", "--unit", "市科协", "--format", "docx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(target))
    assert document.paragraphs[0].text == "2025年广州市科普工作计划\n市科协任务清单"
    assert document.core_properties.title == "2025年广州市科普工作计划 市科协任务清单"
    definite, possible = document.tables
    headings = [cell.text for cell in definite.rows[0].cells]
    assert headings == ["序号", "工作任务", "具体内容", "责任单位", "角色"]
    rows = [[cell.text for cell in row.cells] for row in definite.rows[1:]]
    # each part's heading once, on a row across the table, above its tasks (never in every row)
    group_rows = [r for r in rows if len(set(r)) == 1]
    task_rows = [r for r in rows if len(set(r)) > 1]
    assert len(task_rows) == 16 and [r[0] for r in task_rows] == [str(n) for n in range(1, 17)]
    assert group_rows[0][0] == "二（一）明确科普职责定位，联动形成工作合力。"
    assert len(group_rows) == len({r[0] for r in group_rows}) >= 3
    assert not any(r[0] in " ".join(t) for r in group_rows for t in task_rows)
    assert rows[0] == group_rows[0] and rows[1] == task_rows[0]
    assert len([r for r in possible.rows[1:] if len({c.text for c in r.cells}) > 1]) == 4
    assert task_rows[0][1] == "各级科学技术协会要发挥科普工作主要社会力量作用。"
    assert task_rows[0][4] == "牵头\n（通过市、区科协）"
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE  # five columns need the width


def test_docx_overview_stays_portrait_when_its_tables_fit(tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT

    out = tmp_path / "lists"
    result = kepu("render", "2025", "--all-units", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(list(out.glob("*.docx"))) == 64
    overview = docx.Document(str(out / "责任分工总览.docx"))
    assert overview.sections[0].orientation == WD_ORIENT.PORTRAIT
    counts, matrix = overview.tables
    assert [c.text for c in counts.rows[0].cells] == ["序号", "单位", "明确任务", "其中牵头", "可能涉及"]
    assert len(counts.rows) == 1 + 63
    assert [c.text for c in matrix.rows[0].cells][1:] == [f"（{n}）" for n in "一二三四五六"]


def test_docx_unit_lists_are_reproducible(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for target in (first, second):
        assert kepu("render", "2025", "--unit", "天河区政府", "-f", "docx", "-o", str(target)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_reference_doc_only_applies_to_docx():
    result = kepu("render", "2025", "--unit", "市科协", "-f", "md", "--reference-doc", "x.docx")
    assert result.exit_code == 2
    assert "--reference-doc" in result.stderr
