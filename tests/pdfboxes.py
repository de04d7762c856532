"""Reading a rendered document the way a reader sees it: through LibreOffice to PDF, then the text
boxes poppler finds on each page (pdftotext -bbox), in points from the page's top left corner."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"
PT_PER_TWIP = 1 / 20
CHAR_PT = 16 * 0.98  # one body character (三号 at 98 % width)


def needs_soffice(test):  # type: ignore[no-untyped-def]
    """Mark a test that converts through LibreOffice; skipped where soffice or pdftotext is absent."""
    missing = shutil.which("soffice") is None or shutil.which("pdftotext") is None
    test = pytest.mark.skipif(
        missing, reason="LibreOffice (soffice) or poppler (pdftotext) is not installed"
    )(test)
    return pytest.mark.soffice(test)


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Line:
    """The words pdftotext found on one baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]

    def find(self, text: str) -> Line:
        """The line that is `text`, else the first that contains it."""
        found = [line for line in self.lines if line.text == text] or [
            line for line in self.lines if text in line.text
        ]
        assert found, f"「{text}」 not on the page: {[line.text for line in self.lines]}"
        return found[0]


def _converted(source: Path, folder: Path, profile_prefix: str, env: dict[str, str] | None = None) -> Path:
    """`source` converted to PDF in `folder` by LibreOffice, in a profile of its own."""
    profile = Path(tempfile.mkdtemp(prefix=profile_prefix, dir=folder))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )
    return folder / f"{source.stem}.pdf"


def pdf_of(docx: bytes, folder: Path) -> Path:
    """The document as PDF, converted with the test fonts' stand-ins, in a LibreOffice profile of its own."""
    source = folder / "document.docx"
    source.write_bytes(docx)
    return _converted(source, folder, "lo-docs-test-", {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)})


def printed(source: Path, folder: Path) -> tuple[str, float]:
    """A file as LibreOffice prints it (a workbook or a document, in a profile of its own, the
    system's fonts): the PDF's text, and the height of its smallest text box in points (the
    「nothing under 9 pt」 check of the printed form and the 台账)."""
    pdf = _converted(source, folder, "lo-print-test-")
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    heights = [w.y1 - w.y0 for page in pages_of(pdf) for line in page.lines for w in line.words]
    assert heights, f"no text in {pdf}"
    return text, min(heights)


def pages_of(pdf: Path) -> list[Page]:
    """Every page's lines of text with their boxes (words within 2 pt of one baseline make a line)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True, timeout=120
    ).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    pages = []
    for page in root.iter("page"):
        rows: dict[float, list[Word]] = {}
        for w in page.iter("word"):
            word = Word(
                w.text or "",
                float(w.get("xmin")),
                float(w.get("ymin")),
                float(w.get("xmax")),
                float(w.get("ymax")),
            )
            key = next((k for k in rows if abs(k - word.y1) <= 2), word.y1)
            rows.setdefault(key, []).append(word)
        lines = tuple(Line(tuple(sorted(words, key=lambda w: w.x0))) for _, words in sorted(rows.items()))
        pages.append(Page(float(page.get("width")), float(page.get("height")), lines))
    return pages


#: Pages already read, by the document's bytes: a document goes through LibreOffice (~1.5 s of CPU) once
#: per test process, however many tests read it (the notice with the 2025 plan: test_notice.py and
#: test_title_breaks.py).
_SEEN: dict[bytes, tuple[Page, ...]] = {}


def rendered_pages(docx: bytes, folder: Path) -> list[Page]:
    key = hashlib.sha256(docx).digest()
    if key not in _SEEN:
        _SEEN[key] = tuple(pages_of(pdf_of(docx, folder)))
    return list(_SEEN[key])
