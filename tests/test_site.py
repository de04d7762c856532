"""`kepu-plan site`: the written pages read back as a browser parses them (html5lib, strict).

What a browser shows (the filter, the console, print) is tests/test_site_browser.py's; here: which
pages there are, what they say against the plan, that every link stays inside the folder and finds its
file and anchor, the accessibility skeleton, the escaping of units' words, and the command's rules.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kepu_plan.assignments import overview
from kepu_plan.checking import check_plan
from kepu_plan.layout import document_blocks

from conftest import PLAN_2025, invoke, make_project, replace_once
from sitebuild import (
    SCRIPT_WORDS,
    SILENT,
    SVG,
    build,
    links,
    pages,
    parse,
    resolve,
    squeeze,
    text_of,
)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("plain")))


@pytest.fixture
def collected(collected_site: Path) -> Path:
    return collected_site  # conftest's, shared read-only with test_site_browser.py


def _checked():  # type: ignore[no-untyped-def]
    checked = check_plan(PLAN_2025, PLAN_2025.with_name("units.yaml"))
    assert checked.loaded is not None and checked.registry is not None
    return checked.loaded.model, checked.registry


def test_the_index_is_the_plan_as_published_with_an_anchor_per_task(plain: Path) -> None:
    plan, _ = _checked()
    tree = parse(plain / "index.html")
    tasks = tree.findall(".//section[@class='kp-task']")
    assert [t.get("id") for t in tasks] == [p.task.id for p in plan.tasks()]
    assert len(tasks) == 30
    text = squeeze(text_of(tree.find(".//article")))
    for block in document_blocks(plan):  # every paragraph, word for word, in order
        start = text.find(squeeze(block.text))
        assert start >= 0, block.text
        text = text[start:]
    assert tree.find(".//h1").text == plan.title


def test_one_page_per_unit_with_its_tasks_as_lead_and_support(plain: Path) -> None:
    plan, registry = _checked()
    unit_pages = sorted((plain / "units").glob("*.html"))
    assert len(unit_pages) == 63
    index = parse(plain / "index.html")
    listed = {a.text: a.get("href") for a in index.findall(".//ul[@class='kp-unit-list']/li/a")}
    assert len(listed) == 63
    kexie = parse(plain / resolve(plain, _link(plain, listed["市科协"]))[0])
    task_links = [a.get("href") for a in kexie.findall(".//p[@class='kp-unit-task']/a")]
    mine = next(u for u in overview(plan, registry).with_tasks if u.unit.name == "市科协")
    assert len(task_links) == len(mine.definite) + len(mine.possibly_related)
    assert len(mine.definite) == 16
    headings = [squeeze(text_of(h)) for h in kexie.findall(".//h2")]
    assert headings[:2] == [f"牵头的任务（{mine.leads}项）", f"配合的任务（{16 - mine.leads}项）"]
    assert "进展" not in squeeze(text_of(index.find(".//nav")))  # no round collected: no board
    assert not (plain / "progress.html").exists() and not (plain / "changes.html").exists()


def _link(site: Path, href: str):  # type: ignore[no-untyped-def]
    from sitebuild import Link

    return Link(site / "index.html", href)


def test_every_link_is_relative_and_finds_its_file_and_anchor(collected: Path) -> None:
    ids: dict[Path, set[str]] = {}
    for page in pages(collected):
        for link in links(collected, page):
            target, fragment = resolve(collected, link)
            assert target.is_file(), f"{page.name}: {link.target}"
            if fragment:
                if target not in ids:
                    ids[target] = {e.get("id") for e in parse(target).iter() if e.get("id")}
                assert fragment in ids[target], f"{page.name}: {link.target}"


def test_every_page_has_the_accessible_skeleton(collected: Path) -> None:
    for page in pages(collected):
        tree = parse(page)
        assert tree.get("lang") == "zh-CN"
        assert len(tree.findall(".//h1")) == 1, page.name
        levels = [int(e.tag[1]) for e in tree.iter() if e.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), page
        for landmark in ("header", "nav", "main", "footer"):
            assert tree.find(f".//{landmark}") is not None, (page.name, landmark)
        assert tree.find(".//nav").get("aria-label")
        scripts = tree.findall(".//script")
        assert [s.get("src") for s in scripts] in (["site.js"], ["../site.js"])  # nothing from elsewhere


def test_the_board_draws_charts_lists_the_silent_units_and_keeps_words_as_text(collected: Path) -> None:
    index = parse(collected / "index.html")
    to_board = [a for a in index.iter("a") if "进展" in text_of(a)]
    assert to_board and all(a.get("href") == "progress.html" for a in to_board)
    board = parse(collected / "progress.html")
    charts = board.findall(".//figure[@class='kp-chart']")
    assert len(charts) == 3  # status by part, who reported, overdue (--as-of)
    for chart in charts:
        svg = chart.find(f"{SVG}svg")
        assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None
        assert svg.findall(f".//{SVG}rect") and chart.find("table") is not None  # the text alternative
    silent = [a.text for a in board.findall(".//ul[@class='kp-silent']/li/a")]
    assert sorted(silent) == sorted(SILENT)
    words = [text_of(e) for e in board.iter("span") if e.get("class") == "kp-words"]
    assert SCRIPT_WORDS in words  # the unit's words, shown as written
    assert len(board.findall(".//script")) == 1  # …and never as a script
    overdue = board.find(".//section[@aria-labelledby='kp_overdue']")
    assert overdue is not None and "science-association-duty" in overdue.find(".//a").get("href")


def test_a_unit_page_shows_the_status_and_the_units_own_words(collected: Path) -> None:
    kexie = parse(collected / "units" / "市科协.html")
    words = [text_of(e) for e in kexie.iter("dd") if e.get("class") == "kp-words"]
    assert words and set(words) == {SCRIPT_WORDS}
    assert len(kexie.findall(".//script")) == 1
    silent = parse(collected / "units" / f"{SILENT[0]}.html")
    assert "尚未报送" in text_of(silent.find(".//main"))
    statuses = {text_of(s) for s in silent.iter("span") if s.get("class") == "kp-status"}
    assert statuses == {"未报送"}


def test_the_changes_page_compares_last_years_plan(collected: Path) -> None:
    changes = parse(collected / "changes.html")
    text = squeeze(text_of(changes.find(".//main")))
    assert "与2024年计划对比" in text
    assert [text_of(e) for e in changes.iter("ins")][:3] and "社区" in [
        text_of(e) for e in changes.iter("ins")
    ]
    nav = squeeze(text_of(parse(collected / "index.html").find(".//nav")))
    assert "与2024年计划对比" in nav


def test_an_existing_site_is_replaced_only_with_force(tmp_path: Path) -> None:
    site = build(make_project(tmp_path))
    before = (site / "index.html").read_bytes()
    again = invoke("site", tmp_path / "plans" / "2025.yaml", "-o", site)
    assert again.exit_code == 2 and "--force" in again.stderr and "Traceback" not in again.output
    assert (site / "index.html").read_bytes() == before
    assert not [p for p in site.rglob(".*") if p.name.endswith(".tmp")]  # no temporary file left
    forced = invoke("site", tmp_path / "plans" / "2025.yaml", "-o", site, "--force")
    assert forced.exit_code == 0, forced.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "7月1日"), "--as-of"),
        (("--round", "../x"), "轮次"),
        (("--round", "2025-年中"), "2025-年中"),
        (("-o", "out.html"), "文件夹"),
    ],
)
def test_bad_usage_is_a_chinese_message_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    make_project(tmp_path)
    result = invoke("site", tmp_path / "plans" / "2025.yaml", "--progress-dir", tmp_path / "progress", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_a_notice_takes_the_h1_and_the_plan_follows_as_its_attachment(tmp_path: Path) -> None:
    make_project(tmp_path)
    plan = tmp_path / "plans" / "2025.yaml"
    text = plan.read_text(encoding="utf-8")
    notice = (
        "notice:\n  number: 穗科〔2025〕12号\n  recipients: 各区人民政府，市各有关单位\n"
        "  body:\n    - 现将《2025年广州市科普工作计划》印发给你们，请认真贯彻执行。\n"
    )
    plan.write_text(replace_once(text, "sections:\n", notice + "sections:\n"), encoding="utf-8")
    tree = parse(build(tmp_path) / "index.html")
    assert [text_of(h) for h in tree.findall(".//h1")] == ["关于印发《2025年广州市科普工作计划》的通知"]
    assert text_of(tree.find(".//h2")) == "2025年广州市科普工作计划"
    assert "穗科〔2025〕12号" in text_of(tree.find(".//article"))


def test_a_citys_own_template_replaces_the_packaged_one_and_is_still_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)  # the project (plans/, templates/) is found from the working folder
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "site-unit.html").write_text(
        '{% extends "site-base.html" %}{% block main %}<h1>本市：{{ page.full_name }}</h1>'
        "<p>{{ '<b>' ~ page.name }}</p>{% endblock %}",
        encoding="utf-8",
    )
    result = invoke("site", "2025", "-o", "site")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "units" / "市科协.html").read_text(encoding="utf-8")
    assert "本市：广州市科学技术协会" in page and "&lt;b&gt;市科协" in page


def test_the_pages_workflow_builds_the_site_the_way_the_readme_says(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The workflow's build step, run as written (today's date for --as-of), gives a site to upload."""
    import shlex

    from ruamel.yaml import YAML

    root = Path(__file__).resolve().parent.parent
    workflow = YAML(typ="safe").load((root / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    assert workflow["on"]["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["build"]["steps"]
    command = next(s["run"] for s in steps if "kepu-plan site" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    deploy = workflow["jobs"]["deploy"]["steps"][0]["uses"]
    assert deploy.startswith("actions/deploy-pages") and workflow["permissions"]["pages"] == "write"
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command.replace('"$(date +%F)"', "2025-07-01"))
    assert args[:2] == ["kepu-plan", "site"]
    result = invoke(*args[1:])
    assert result.exit_code == 0, result.output
    assert (tmp_path / upload["with"]["path"] / "index.html").is_file()


def test_last_years_plan_with_errors_is_left_out_with_a_warning(tmp_path: Path) -> None:
    make_project(tmp_path)
    (tmp_path / "plans" / "2024.yaml").write_text("year: 2024\ntitle: [\n", encoding="utf-8")
    result = invoke("site", tmp_path / "plans" / "2025.yaml", "-o", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "2024.yaml 有错误" in result.stderr and "未包含与上一年的对比" in result.stderr
    assert not (tmp_path / "site" / "changes.html").exists()


def test_a_unit_page_links_to_the_plan_filtered_to_the_unit(plain: Path) -> None:
    kexie = parse(plain / "units" / "市科协.html")
    hrefs = [a.get("href") for a in kexie.iter("a") if "只看本单位" in text_of(a)]
    assert hrefs == ["../index.html?unit=%E5%B8%82%E7%A7%91%E5%8D%8F"]


def test_a_broken_city_template_names_its_file_and_line_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "site-index.html").write_text("<p>\n{% for %}\n", encoding="utf-8")
    result = invoke("site", "2025", "-o", "site")
    assert result.exit_code == 2, result.output
    assert "site-index.html:2" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_as_of_without_a_collected_round_is_said_to_do_nothing(tmp_path: Path) -> None:
    make_project(tmp_path)
    result = invoke(
        "site",
        tmp_path / "plans" / "2025.yaml",
        "-o",
        tmp_path / "site",
        "--as-of",
        "2025-07-01",
        "--progress-dir",
        tmp_path / "progress",
    )
    assert result.exit_code == 0, result.output
    assert "--as-of 未起作用" in result.stderr and not (tmp_path / "site" / "progress.html").exists()


def test_force_removes_pages_of_an_earlier_build_and_keeps_everything_else(tmp_path: Path) -> None:
    site = build(make_project(tmp_path))
    ours = site / "units" / "已撤销的单位.html"  # a unit page of an earlier build, no longer made
    ours.write_bytes((site / "index.html").read_bytes())
    theirs = site / "units" / "说明.html"  # a page somebody else put there: not ours, never removed
    theirs.write_text("<html><body>自己写的页面</body></html>", encoding="utf-8")
    forced = invoke("site", tmp_path / "plans" / "2025.yaml", "-o", site, "--force")
    assert forced.exit_code == 0, forced.output
    assert not ours.exists() and theirs.exists()
    assert "已删除 1 个" in forced.stderr
    assert all(b'name="generator"' in p.read_bytes() for p in site.rglob("*.html") if p != theirs)
