"""The site in a real browser: Debian's chromium, headless (.ci/run installs it; skipped where absent).

Two browser runs per module, no driver library: one page of our own holds the site's pages in
frames (file:// pages may read each other with --allow-file-access-from-files), one of them with
scripts off (a sandboxed frame: the filter without JavaScript), types into the unit filter the way a
keyboard does (an `input` event on the focused field) and writes what it saw as JSON into its own
DOM, which --dump-dom prints; one --print-to-pdf (A4). Console messages go to stderr
(--enable-logging) and must be none.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kepu_plan.checking import check_plan
from kepu_plan.layout import document_blocks

from sitebuild import SCRIPT_WORDS, SILENT, Link, resolve, squeeze

CHROMIUM = next((p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]

#: Frames of the site's pages, and what the page of our own reads from them once everything is loaded.
HARNESS = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>harness</title></head><body>
<iframe id="index" src="site/index.html"></iframe>
<iframe id="preset" src="site/index.html?unit=%E5%B8%82%E7%A7%91%E5%8D%8F"></iframe>
<iframe id="unit" src="site/units/%E5%B8%82%E7%A7%91%E5%8D%8F.html"></iframe>
<iframe id="board" src="site/progress.html"></iframe>
<iframe id="changes" src="site/changes.html"></iframe>
<iframe id="nojs" sandbox="allow-same-origin" src="site/index.html"></iframe>
<pre id="result"></pre>
<script>
window.addEventListener("load", function () {
  function doc(id) { return document.getElementById(id).contentDocument; }
  function shown(d) { return d.querySelectorAll(".kp-task:not([hidden])").length; }
  function type(d, text) {
    var input = d.getElementById("kp_filter_input");
    input.focus();
    input.value = text;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    return {tasks: shown(d), units: d.querySelectorAll(".kp-unit-list li:not([hidden])").length,
            status: d.getElementById("kp_filter_status").textContent};
  }
  var index = doc("index");
  var out = {
    filterShown: !index.getElementById("kp_filter").hidden,
    before: shown(index),
    texts: {},
    focusOutline: null
  };
  ["index", "unit", "board", "changes"].forEach(function (id) { out.texts[id] = doc(id).body.innerText; });
  out.preset = shown(doc("preset"));
  var input = index.getElementById("kp_filter_input");
  input.focus();
  out.focusOutline = index.defaultView.getComputedStyle(input).outlineStyle;
  out.kexie = type(index, "市科协");
  out.fullName = type(index, "广州市科学技术协会");
  out.nobody = type(index, "没有这个单位");
  out.cleared = type(index, "");
  var nojs = doc("nojs");
  out.nojs = {
    filterShown: nojs.getElementById("kp_filter").getClientRects().length > 0,
    tasks: Array.prototype.filter.call(nojs.querySelectorAll(".kp-task"), function (t) {
      return t.getClientRects().length > 0;
    }).length,
    unitLinks: Array.prototype.map.call(nojs.querySelectorAll(".kp-unit-list a"), function (a) {
      return a.getAttribute("href");
    })
  };
  out.boardScripts = doc("board").querySelectorAll("script").length;
  out.svgs = doc("board").querySelectorAll("svg.kp-svg").length;
  document.getElementById("result").textContent = JSON.stringify(out);
});
</script>
</body></html>
"""


def run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="kp-chromium-") as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def console(stderr: str) -> list[str]:
    """What the pages wrote to the console; the note that the scriptless frame's script was blocked
    is the harness's own doing (its sandbox), not the site's."""
    return [
        line
        for line in stderr.splitlines()
        if ":CONSOLE" in line and "'allow-scripts' permission is not set" not in line
    ]


@pytest.fixture(scope="module")
def site(collected_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of conftest's collected project and site: the harness page and the printed PDF are
    written beside the site."""
    return (
        Path(shutil.copytree(collected_site.parent, tmp_path_factory.mktemp("browser") / "project")) / "site"
    )


@pytest.fixture(scope="module")
def seen(site: Path) -> dict:  # type: ignore[type-arg]
    harness = site.parent / "harness.html"
    harness.write_text(HARNESS, encoding="utf-8")
    result = run_chromium(
        "--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom", harness.as_uri()
    )
    found = re.search(r'<pre id="result">(.*?)</pre>', result.stdout, re.S)
    assert found and found.group(1), result.stderr[-2000:]
    data = json.loads(html.unescape(found.group(1)))
    data["console"] = console(result.stderr)
    return data  # type: ignore[no-any-return]


def test_the_pages_load_without_a_console_message(seen: dict) -> None:  # type: ignore[type-arg]
    assert seen["console"] == []


def test_the_index_shows_the_plan_as_published(site: Path, seen: dict) -> None:  # type: ignore[type-arg]
    checked = check_plan(site.parent / "plans" / "2025.yaml", site.parent / "plans" / "units.yaml")
    assert checked.loaded is not None
    shown = squeeze(seen["texts"]["index"])
    for block in document_blocks(checked.loaded.model):
        assert squeeze(block.text) in shown, block.text
    assert seen["before"] == 30


def test_the_filter_narrows_the_tasks_as_you_type(seen: dict) -> None:  # type: ignore[type-arg]
    assert seen["filterShown"]
    assert seen["kexie"]["tasks"] == 16 and seen["kexie"]["units"] == 1
    assert seen["fullName"]["tasks"] == 16  # the full name finds the same unit
    assert seen["nobody"]["tasks"] == 0 and "显示 0 项" in seen["nobody"]["status"]
    assert seen["cleared"]["tasks"] == 30 and seen["cleared"]["units"] == 63
    assert seen["preset"] == 16  # index.html?unit=市科协 opens filtered
    assert seen["focusOutline"] not in (None, "", "none")  # the focused field shows it


def test_the_board_and_unit_page_show_the_units_words_as_text(seen: dict) -> None:  # type: ignore[type-arg]
    assert SCRIPT_WORDS in seen["texts"]["unit"]
    assert SCRIPT_WORDS in seen["texts"]["board"]
    assert seen["boardScripts"] == 1 and seen["svgs"] == 3
    for unit in SILENT:
        assert unit in seen["texts"]["board"]
    assert "加强社区基层科普" in seen["texts"]["changes"]


def test_without_javascript_the_unit_pages_are_the_filter(site: Path, seen: dict) -> None:  # type: ignore[type-arg]
    """A frame with scripts off (sandbox without allow-scripts): no filter field, every task, and
    the list of units whose pages are the filter."""
    assert not seen["nojs"]["filterShown"] and seen["nojs"]["tasks"] == 30
    hrefs = seen["nojs"]["unitLinks"]
    assert len(hrefs) == 63
    assert all(resolve(site, Link(site / "index.html", href))[0].is_file() for href in hrefs)


def test_print_gives_a4_pages_in_plan_order(site: Path) -> None:
    pdf = site.parent / "index.pdf"
    result = run_chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", (site / "index.html").as_uri())
    assert pdf.is_file(), result.stderr[-2000:]
    data = pdf.read_bytes()
    boxes = {
        tuple(round(float(v)) for v in m)
        for m in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]", data)
    }
    assert boxes == {(595, 842)}, boxes  # A4 in points
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 5
    if shutil.which("pdftotext"):
        text = squeeze(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
        titles = [
            "各区政府要履行科普工作领导责任。",
            "组织开展2025年广州市全国科普月系列活动。",
            "加强社区基层科普。",
        ]
        positions = [text.find(squeeze(t)) for t in titles]
        assert all(p >= 0 for p in positions) and positions == sorted(positions)
        assert "按单位筛选任务" not in text and "承担单位" not in text  # screen-only parts are not printed
