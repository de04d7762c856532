"""Any .docx we write, as PDF: one conversion through LibreOffice, and which fonts it had to replace.

Offices publish the PDF. A PDF set in the wrong face is worse than none (a 公文 in a sans-serif face
goes back to its author), so every conversion also says which of the fonts the document asks for were
not found on this machine and what LibreOffice used instead: the fonts asked for are read from the
document's styles, body and footers; fontconfig's `fc-match` names the face that stands in for each;
poppler's `pdffonts` lists what the PDF really embeds.

    result = convert([("计划", docx_bytes)])[0]
    result.pdf                  # the PDF's bytes
    result.substitutions        # [FontSubstitution("仿宋_GB2312", "FandolFang"), …]
    font_warning(result)        # one line of Chinese, or None

Each conversion runs soffice with a profile of its own in a temporary folder, so conversions running
side by side (and a user's open LibreOffice) never share one. Several documents go through one
soffice start (`convert` takes a list): `render --all-units --format pdf` starts LibreOffice once.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

#: The Debian package that brings a headless LibreOffice Writer (soffice) without a desktop.
LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
CONVERT_TIMEOUT = 600  # seconds for one soffice run (a first start creates its profile)

_FONT_ATTRIBUTES = ("ascii", "hAnsi", "eastAsia", "cs")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class PdfError(Exception):
    """The PDF could not be made: no LibreOffice, or the conversion failed (the message says why)."""


@dataclass(frozen=True, slots=True)
class FontSubstitution:
    """A font the document asks for that this machine does not have, and the face used instead."""

    requested: str
    used: str | None  # None: fontconfig could not say


@dataclass(frozen=True, slots=True)
class PdfResult:
    pdf: bytes
    requested: tuple[str, ...]  # every font the document asks for, in the order first asked
    embedded: tuple[str, ...] | None  # the fonts in the PDF (pdffonts), None when pdffonts is missing
    substitutions: tuple[FontSubstitution, ...] = field(default=())


def soffice_path() -> str:
    """The soffice executable, or PdfError naming the package to install."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise PdfError(
            "找不到 LibreOffice（soffice），无法生成 PDF。请先安装 LibreOffice，"
            f"如 Debian/Ubuntu：sudo apt-get install {LIBREOFFICE_PACKAGE}；"
            "或生成 .docx 后在 Word、WPS 中另存为 PDF"
        )
    return found


def requested_fonts(docx: bytes) -> tuple[str, ...]:
    """The font names the document's styles, body, headers and footers set (`w:rFonts`), first use first."""
    from lxml import etree

    names: dict[str, None] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        parts = sorted(
            n
            for n in archive.namelist()
            if re.fullmatch(r"word/(styles|document|header\d*|footer\d*)\.xml", n)
        )
        parts.sort(key=lambda n: (not n.endswith("styles.xml"), n))
        for part in parts:
            root = etree.fromstring(archive.read(part))
            for fonts in root.iter(f"{_W}rFonts"):
                for attribute in _FONT_ATTRIBUTES:
                    value = fonts.get(f"{_W}{attribute}")
                    if value:
                        names.setdefault(value.strip(), None)
    return tuple(names)


def embedded_fonts(pdf: Path) -> tuple[str, ...] | None:
    """The fonts the PDF embeds, as pdffonts names them (subset prefix removed); None without pdffonts."""
    if shutil.which("pdffonts") is None:
        return None
    done = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        return None
    fonts: dict[str, None] = {}
    for line in done.stdout.splitlines()[2:]:
        name = line.split(" ", 1)[0]
        fonts.setdefault(name.split("+", 1)[-1], None)
    return tuple(fonts)


def _match(name: str) -> tuple[str, ...] | None:
    """Every family name (localised ones too) of the face fontconfig gives for `name`; None without it."""
    # fontconfig's answer depends on its configuration: remember answers per configuration file
    return _match_with(name, os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))


@cache
def _match_with(name: str, config_file: str | None, config_path: str | None) -> tuple[str, ...] | None:
    del config_file, config_path  # the cache key: fc-match reads them from the environment
    if shutil.which("fc-match") is None:
        return None
    # a Chinese face is asked for as Chinese text, as LibreOffice asks for the East Asian slot: without
    # the language fontconfig answers with its Latin default (DejaVu Sans), which is not what the PDF uses
    query = f"{name}:lang=zh-cn" if any(ord(ch) > 0x2E7F for ch in name) else name
    done = subprocess.run(
        ["fc-match", "-f", "%{family}", query], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return tuple(f.strip() for f in done.stdout.split(",") if f.strip())


def substitutions(requested: Sequence[str]) -> tuple[FontSubstitution, ...]:
    """The requested fonts this machine does not have: fontconfig gives another family for the name."""
    out = []
    for name in requested:
        families = _match(name)
        if families is None:
            out.append(FontSubstitution(name, None))
        elif name.casefold() not in {f.casefold() for f in families}:
            out.append(FontSubstitution(name, families[0]))
    return tuple(out)


def font_warning(result: PdfResult) -> str | None:
    """One line of Chinese naming each replaced font and its stand-in, or None when all were found."""
    if not result.substitutions:
        return None
    parts = [
        f"{s.requested}（以 {s.used} 代替）"
        if s.used
        else f"{s.requested}（无法确定替代字体：未找到 fc-match）"
        for s in result.substitutions
    ]
    text = "本机未安装文档所用的字体，PDF 中已用替代字体：" + "、".join(parts)
    if result.embedded is not None:
        text += "。PDF 实际嵌入的字体：" + "、".join(result.embedded or ("无",))
    return text + "。正式发布前请在装有这些字体的电脑上转换，或核对 PDF 的字形。"


def run_contained(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run the converter in a session (and process group) of its own, and leave nothing of it behind.

    soffice starts helpers (oosplash → soffice.bin, Java) that outlive a killed parent under init and
    keep the temporary profile open. In a group of its own, the whole group is killed and waited for
    when the run ends in any way — finished, timed out, or interrupted by SIGINT/SIGTERM reaching
    kepu-plan (interrupts.Interrupted passes through here) — before the caller removes the profile
    folder. A terminal's Ctrl-C reaches only kepu-plan, which then ends the group itself.
    """
    from ..interrupts import deferred

    process = None
    try:
        with deferred():  # a signal while it starts: raised once `process` is known, so it is ended
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        stdout, stderr = process.communicate(timeout=timeout)
    except OSError as exc:
        raise PdfError(f"无法启动 LibreOffice（{command[0]}）：{exc.strerror or exc}") from None
    except subprocess.TimeoutExpired:
        raise PdfError(f"LibreOffice 转换 PDF 超时（{timeout:g} 秒）") from None
    finally:
        if process is not None:
            _end_group(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


#: Seconds to wait for the killed group's processes to be gone (killed processes end at once; a
#: process in uninterruptible sleep takes until its I/O returns).
_GROUP_GONE_SECONDS = 5.0


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """Kill every process of the converter's group, reap the converter, and wait (a few seconds at
    most) until no process of the group runs any more, so the profile folder can be removed."""
    import signal
    import time

    killpg = getattr(os, "killpg", None)
    if killpg is None:  # no process groups (Windows): the converter itself
        with contextlib.suppress(OSError):
            process.kill()
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            killpg(process.pid, signal.SIGKILL)  # start_new_session: the group's id is the leader's pid
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=_GROUP_GONE_SECONDS)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    deadline = time.monotonic() + _GROUP_GONE_SECONDS
    while killpg is not None and _group_runs(process.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _group_runs(group: int) -> bool:
    """Whether a process of the group still runs. A killed helper stays a zombie until its new parent
    reaps it (never, under a container's init that does not reap): /proc, where there is one, tells a
    zombie from a running process; elsewhere a signal 0 to the group asks."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").is_file():
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if len(fields) > 2 and fields[2] == str(group) and fields[0] not in ("Z", "X"):
            return True
    return False


def convert(documents: Sequence[tuple[str, bytes]]) -> list[PdfResult]:
    """Each (name, .docx bytes) as PDF, in one soffice run; PdfError when anything fails."""
    if not documents:
        return []
    soffice = soffice_path()
    with tempfile.TemporaryDirectory(prefix="kepu-plan-pdf-") as folder:
        root = Path(folder)
        sources = []
        for index, (_, data) in enumerate(documents):
            source = root / f"document-{index}.docx"  # ASCII names: no locale can garble them
            source.write_bytes(data)
            sources.append(source)
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(root / "pdf"),
            *map(str, sources),
        ]
        done = run_contained(command, CONVERT_TIMEOUT)
        results = []
        for (name, data), source in zip(documents, sources, strict=True):
            pdf = root / "pdf" / (source.stem + ".pdf")
            if not pdf.is_file():
                detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
                raise PdfError(
                    f"LibreOffice 未能把「{name}」转换为 PDF"
                    + (f"（{detail[-1]}）" if detail else f"（退出码 {done.returncode}）")
                )
            requested = requested_fonts(data)
            results.append(
                PdfResult(pdf.read_bytes(), requested, embedded_fonts(pdf), substitutions(requested))
            )
        return results


def convert_one(name: str, docx: bytes) -> PdfResult:
    return convert([(name, docx)])[0]
