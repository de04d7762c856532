"""Issue 10's smaller classes and its limits class: each gets the behaviour the documentation promises."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from kepu_plan.limits import MAX_TEXT_CHARS

from conftest import PLAN_2025, UNITS, git, replace_once

TASK_TEXT = "text: 把科学普及放在"  # the start of one task's detail in the 2025 plan


def edited(tmp_path: Path, plan_text: str, old: str, new: str) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(UNITS, folder / "units.yaml")
    path = folder / "2025.yaml"
    path.write_text(replace_once(plan_text, old, new), encoding="utf-8")
    return path


# -- merge keys are KP001, as the README says ----------------------------------------------------------


def test_a_merge_key_is_a_yaml_syntax_error_kp001(cli, tmp_path, plan_text):
    plan = edited(tmp_path, plan_text, "title: 2025年", "<<: {issuer: 某单位}\ntitle: 2025年")
    result = cli("validate", plan, "-f", "json")
    assert result.exit_code == 1
    assert '"code": "KP001"' in result.stdout and "合并键" in result.stdout
    assert '"code": "KP004"' not in result.stdout


# -- C1 control characters ------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\\x85", "\\x9b", "\\x80"])
def test_c1_control_characters_in_text_are_refused(cli, tmp_path, plan_text, char):
    plan = edited(
        tmp_path, plan_text, "title: 2025年广州市科普工作计划", f'title: "2025年广州市{char}科普工作计划"'
    )
    result = cli("validate", plan)
    assert result.exit_code == 1 and "KP005" in result.stderr


def test_a_c1_character_in_the_file_itself_is_located(cli, tmp_path, plan_text):
    plan = edited(tmp_path, plan_text, "title: 2025年广州市", "title: 2025年广州\u009b市")
    result = cli("validate", plan)
    assert result.exit_code == 1 and "U+009B" in result.stderr


# -- whatever validates renders: one limit for both -----------------------------------------------------


def test_a_paragraph_too_long_for_word_is_refused_by_validate_with_its_place(cli, tmp_path, plan_text):
    long_text = "科" * (MAX_TEXT_CHARS + 1)
    plan = edited(tmp_path, plan_text, TASK_TEXT, f"text: {long_text}把科学普及放在")
    result = cli("validate", plan)
    assert result.exit_code == 1
    assert "过长" in result.stderr and "KP005" in result.stderr
    line = next(
        n for n, text in enumerate(plan.read_text(encoding="utf-8").splitlines(), 1) if long_text in text
    )
    assert f"2025.yaml:{line}:" in result.stderr
    rendered = cli("render", plan, "-o", tmp_path / "p.docx")
    assert rendered.exit_code == 1 and "Traceback" not in rendered.output  # refused, not an internal error


# -- import --year ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["-5", "0", "20250"])
def test_import_refuses_a_year_that_is_not_a_year(cli, tmp_path, year):
    source = tmp_path / "plan.txt"
    source.write_text("科普工作计划\n一、总体要求\n做好科普工作。\n", encoding="utf-8")
    result = cli("import", source, "--year", year, "--plans-dir", tmp_path / "plans")
    assert result.exit_code == 2 and "年份" in result.stderr
    assert not (tmp_path / "plans").exists() or not list((tmp_path / "plans").iterdir())


# -- git: ranges, paths outside the repository, size before reading ---------------------------------------


def test_a_revision_range_is_explained_not_called_empty(cli, repo):
    result = cli("diff", "git:HEAD~1..HEAD:plans/2025.yaml", "plans/2025.yaml")
    assert result.exit_code == 2
    assert "修订范围" in result.stderr and "为空" not in result.stderr


def test_a_path_leaving_the_repository_is_explained_not_called_a_missing_revision(cli, repo):
    result = cli("diff", "git:HEAD:../x.yaml", "plans/2025.yaml")
    assert result.exit_code == 2
    assert "“..”" in result.stderr and "找不到修订" not in result.stderr


def test_a_huge_blob_is_refused_by_its_size_before_it_is_read(cli, repo):
    big = repo / "plans" / "2024.yaml"
    with open(big, "wb") as handle:  # sparse: 17 MB of nothing, cheap for git to store compressed
        handle.truncate(17 * 1024 * 1024)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "big")
    result = cli("diff", "git:HEAD:plans/2024.yaml", "plans/2025.yaml")
    assert result.exit_code == 2 and "过大" in result.stderr


# -- Markdown shows the text as written ----------------------------------------------------------------


def with_text_start(tmp_path: Path, plan_text: str, start: str) -> Path:
    """The plan with one task's text beginning with `start`, quoted as YAML needs."""
    line = next(line for line in plan_text.splitlines() if TASK_TEXT in line)
    key, _, value = line.partition("text: ")
    quoted = "'" + (start + value).replace("'", "''") + "'"
    return edited(tmp_path, plan_text, line, f"{key}text: {quoted}")


@pytest.mark.parametrize(
    ("start", "markup"),
    [
        ("- 列表项", "<ul>"),
        ("1986. 年起", "<ol>"),
        ("2) 第二", "<ol>"),
        ("    缩进四格", "<pre>"),
        ("=== ", "<h"),
    ],
)
def test_markdown_paragraphs_that_look_like_markup_stay_text(cli, tmp_path, plan_text, start, markup):
    plan = with_text_start(tmp_path, plan_text, start)
    result = cli("render", plan, "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    html = MarkdownIt("commonmark").render(result.stdout)
    baseline = MarkdownIt("commonmark").render(cli("render", PLAN_2025, "-f", "md", "-o", "-").stdout)
    assert html.count(markup) == baseline.count(markup)  # no list, code block or heading more
    assert f"{start}把科学普及放在" in html


def test_markdown_escapes_at_signs_so_no_mention_is_made(cli, tmp_path, plan_text):
    plan = with_text_start(tmp_path, plan_text, "@kepu-team ")
    result = cli("render", plan, "-f", "md", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "\\@kepu-team" in result.stdout
    assert "@kepu-team 把科学普及放在" in MarkdownIt("commonmark").render(result.stdout)
