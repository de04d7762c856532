"""Sites built as a city builds them, for the site tests: the bundled plan alone, and a year with a
collected round (most units report, three stay silent, 市科协's words hold a script), a deadline
passed, and last year's plan beside it. Plus readers of the written pages (html5lib, strict)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
from html5lib.constants import namespaces

from conftest import invoke, make_project, replace_once
from formfill import fill

STATUSES = ["已完成", "按计划推进", "滞后", "未启动", "不适用"]
SCRIPT_WORDS = "<script>alert(1)</script>如期完成"
SILENT = ("市委宣传部", "市卫生健康委", "黄埔区政府")
SVG = "{{{}}}".format(namespaces["svg"])  # html5lib keeps foreign elements in their namespace


def collected_project(root: Path) -> Path:
    """The 2025 plan with one deadline (2025-Q2, on science-association-duty), a 2024 plan that
    differs in one task's title, every unit's form filled except SILENT's, and collected."""
    make_project(root)
    plan = root / "plans" / "2025.yaml"
    text = replace_once(
        plan.read_text(encoding="utf-8"),
        "            units: [[市、区科协]]\n",
        "            units: [[市、区科协]]\n            deadline: 2025-Q2\n",
    )
    plan.write_text(text, encoding="utf-8")
    last_year = text.replace("2025", "2024").replace("            deadline: 2024-Q2\n", "")
    last_year = replace_once(last_year, "加强社区基层科普。", "加强基层科普。")
    (root / "plans" / "2024.yaml").write_text(last_year, encoding="utf-8")
    sent = invoke("forms", plan, "-o", root / "forms")
    assert sent.exit_code == 0, sent.output
    back = root / "back"
    back.mkdir()

    def answer(unit: str, task_id: str) -> dict[str, object]:
        status = STATUSES[(len(unit) + len(task_id)) % len(STATUSES)]
        words = SCRIPT_WORDS if unit == "市科协" else f"{unit}：{task_id} 的情况。"
        return {"进展状态": status, "完成情况": words, "活动场次": 2, "参与人次": 100}

    for form in sorted((root / "forms").glob("*.xlsx")):
        if form.stem not in SILENT:
            fill(form, answer, target=back / form.name)
    collected = invoke("collect", plan, *sorted(back.glob("*.xlsx")), "--progress-dir", root / "progress")
    assert collected.exit_code == 0, collected.output
    return root


def build(root: Path, *extra: object) -> Path:
    """`kepu-plan site 2025` in the project; the site's folder."""
    result = invoke(
        "site",
        root / "plans" / "2025.yaml",
        "-o",
        root / "site",
        "--progress-dir",
        root / "progress",
        *extra,
    )
    assert result.exit_code == 0, result.output
    return root / "site"


# -- reading pages --------------------------------------------------------------------------------


def parse(path: Path):  # type: ignore[no-untyped-def]
    """The page as a browser builds its tree; any parse error (bad nesting, a stray tag) fails."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes(), transport_encoding="utf-8")


def text_of(element) -> str:  # type: ignore[no-untyped-def]
    return "".join(element.itertext())


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Link:
    page: Path
    target: str


def links(site: Path, page: Path) -> list[Link]:
    tree = parse(page)
    found = []
    for element in tree.iter():
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value is not None:
                found.append(Link(page, value))
    return found


def resolve(site: Path, link: Link) -> tuple[Path, str]:
    """The file and fragment a relative link points to; an absolute or external link fails."""
    parts = urlsplit(link.target)
    assert not parts.scheme and not parts.netloc, f"{link.page.name}: {link.target} is not relative"
    target = (link.page.parent / unquote(parts.path)).resolve() if parts.path else link.page.resolve()
    assert target.is_relative_to(site.resolve()), f"{link.page.name}: {link.target} leaves the site"
    return target, unquote(parts.fragment)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
