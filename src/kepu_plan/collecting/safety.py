"""A returned file's bytes made safe to hand to openpyxl, or refused with the step that helps the unit.

Forty units send files back, and some are broken or hostile. Nothing reaches openpyxl before it has
passed the cheap checks on the bytes: the size (inputs.read_input), the magic number (an old .xls, a
Word .doc, a workbook with an opening password, a CSV renamed to .xlsx), the shared archive guard
(archives.check_ooxml: entry count, expanded size, compression ratio), another Office file in a zip,
macros (.xlsm, vbaProject.bin), XML document type declarations (entity expansion) and the streamed
pre-scan of what the workbook holds (workbook_scan). openpyxl then opens it read-only, without links.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import codes
from ..archives import check_ooxml
from ..diagnostics import LoadError
from ..inputs import read_input
from ..limits import MAX_FORM_BYTES
from ..workbook_scan import scan_workbook
from .result import Findings

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_SEND_THE_FORM = "请直接填写收到的 .xlsx 填报表并原样发回"


@dataclass(frozen=True)
class OldOffice:
    """What an OLE2 file is, in the unit's words, and the suffixes under which it is what it says."""

    name: str
    suffixes: tuple[str, ...]


def ole2_kind(data: bytes) -> tuple[OldOffice, str]:
    """What an OLE2 compound file holds, read from the names of its streams (UTF-16 in the directory):
    a workbook protected by an opening password (EncryptedPackage), an old Excel workbook (Workbook /
    Book), an old Word document (WordDocument); each needs a different step from the unit."""

    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data

    if has("EncryptedPackage"):
        return (
            OldOffice("设了打开密码的工作簿", (".xlsx",)),
            "请去掉打开密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存为 .xlsx 再发回",
        )
    save_as = "请用 Excel 或 WPS 打开，另存为“Excel 工作簿（.xlsx）”后发回；最好直接填写收到的 .xlsx 填报表"
    if has("Workbook") or has("Book"):
        return OldOffice("旧版 Excel 工作簿（.xls）", (".xls", ".xlt")), save_as
    if has("WordDocument"):
        return OldOffice("Word 文档（.doc），不是填报表", (".doc", ".dot")), _SEND_THE_FORM
    return OldOffice("旧版 Office 文件（.xls/.doc）", (".xls", ".doc")), save_as


def read_bytes(path: Path, findings: Findings) -> bytes:
    """The file's bytes, when they can be a workbook at all: not a macro workbook by its name, within
    the size cap, and a zip (an OLE2 file or text is named for what it is)."""
    if path.suffix.lower() in (".xlsm", ".xltm"):
        raise findings.reject(
            codes.FORM_UNSAFE,
            "这是启用宏的工作簿（.xlsm），不予收集",
            hint="请在收到的 .xlsx 填报表中填写，另存为“Excel 工作簿（.xlsx）”",
        )
    try:
        data = read_input(path, findings.display, limit=MAX_FORM_BYTES)
    except LoadError as exc:
        raise findings.refuse(exc) from None
    named = f"，只是扩展名为 {path.suffix}" if path.suffix else ""  # the name the unit gave it
    if data.startswith(OLE2):
        kind, hint = ole2_kind(data)
        if path.suffix.lower() in kind.suffixes:
            named = ""  # a genuine .xls is not told it only looks like one
        raise findings.reject(codes.FORM_UNREADABLE, f"这是{kind.name}{named}", hint=hint)
    if not data.startswith(ZIP):
        head = data[:4096]
        if b"\x00" not in head and (b"," in head or b"\t" in head or b"\n" in head):
            message = f"这是文本（CSV）文件{named}：表格信息和格式都已丢失"
        else:
            message = "不是 .xlsx 工作簿（文件内容不是 zip 压缩包）"
        raise findings.reject(codes.FORM_UNREADABLE, message, hint=_SEND_THE_FORM)
    return data


def check_archive(data: bytes, findings: Findings) -> tuple[zipfile.ZipFile, dict[str, str]]:
    """The shared archive guard (archives.py: entries, expanded size, ratio), then what only a
    workbook can hide: macros and XML document type declarations; then the pre-scan of its cells,
    places, formats and names. Gives the archive and each sheet's XML part (sheet name → part)."""
    try:
        check_ooxml(data, findings.display, what="工作簿")
    except LoadError as exc:
        raise findings.refuse(exc) from None
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    if "xl/workbook.xml" not in names:  # another Office file (a Word document, a presentation)
        kind = "这是 Word 文档" if "word/document.xml" in names else "这是别的 Office 文件或 zip 压缩包"
        raise findings.reject(codes.FORM_UNREADABLE, f"{kind}，不是 .xlsx 填报表", hint=_SEND_THE_FORM)
    if any(n.lower().endswith("vbaproject.bin") for n in names) or (
        "[Content_Types].xml" in names and b"macroEnabled" in archive.read("[Content_Types].xml")
    ):
        raise findings.reject(
            codes.FORM_UNSAFE,
            "工作簿含有宏（VBA），不予收集",
            hint="请另存为不含宏的“Excel 工作簿（.xlsx）”后发回",
        )
    _refuse_declarations(archive, names, findings)
    try:  # what the workbook holds: cells, places, formats, names (before openpyxl builds them)
        return archive, scan_workbook(archive, findings.display)
    except LoadError as exc:
        raise findings.refuse(exc) from None


def _refuse_declarations(archive: zipfile.ZipFile, names: list[str], findings: Findings) -> None:
    """No XML part may declare a document type or entities (the billion laughs): no Office program
    writes them, and openpyxl's parser would expand them."""
    for name in names:
        if not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(name) as stream:
            prolog = stream.read(65536)
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise findings.reject(
                codes.FORM_UNSAFE,
                f"工作簿的部件 {name} 含有 XML 文档类型或实体声明（DOCTYPE/ENTITY），可能是恶意文件，不予收集",
                hint="正常的 Excel、WPS、LibreOffice 文件不含这些声明；请重新填写收到的填报表",
            )


def open_workbook(data: bytes, findings: Findings, *, data_only: bool = False) -> Any:
    """openpyxl's read-only workbook (formulas as written, or their cached results with `data_only`);
    a file openpyxl cannot read is refused as damaged."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False
            )
    except Exception as exc:  # openpyxl raises many kinds for damaged files; none is a bug of ours
        raise findings.reject(
            codes.FORM_UNREADABLE,
            f"工作簿已损坏，无法读取（{type(exc).__name__}）",
            hint="请用 Excel、WPS 或 LibreOffice 打开后另存",
        ) from None
