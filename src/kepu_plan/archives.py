"""The one guard for OOXML archives (.docx, .dotx, .xlsx) before any parser opens them.

A Word or Excel file is a zip of XML parts. Its compressed size says little: a 262 KB .docx can
expand to 180 MB of XML and cost gigabytes of memory in lxml. Every reader of such a file calls

    data = read_ooxml(path, display)        # bytes of a checked archive, or LoadError (KP030)
    document = docx.Document(io.BytesIO(data))   # or openpyxl.load_workbook(io.BytesIO(data), ...)

or, for bytes it already holds, ``check_ooxml(data, display)``. The check

* reads the entry count from the end-of-central-directory record before zipfile builds its list
  (a forged directory of a million entries is refused without building a million objects);
* refuses more than MAX_ARCHIVE_ENTRIES parts;
* decompresses every part as a stream, counting the bytes actually produced (never trusting the
  sizes the headers claim) and stopping at MAX_PART_BYTES per part and MAX_EXPANDED_BYTES in all;
* refuses a part over RATIO_FLOOR_BYTES whose expanded ÷ compressed size exceeds
  MAX_COMPRESSION_RATIO (a bomb, not a document);
* refuses encrypted parts, unknown compression methods and damaged data (CRC errors).

Nested archives (an embedded workbook in a document) are never opened; their size counts like any
other part's. The limits and their reasons are in limits.py and the README's 「输入的上限」.
All messages are Chinese and name the file (`display`) and the part; the exit code is the caller's:
1 for an input (import, collect), 2 for an option (--reference-doc).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from . import codes
from .diagnostics import LoadError
from .inputs import read_input
from .limits import (
    MAX_ARCHIVE_ENTRIES,
    MAX_COMPRESSION_RATIO,
    MAX_EXPANDED_BYTES,
    MAX_PART_BYTES,
    MAX_SOURCE_BYTES,
    RATIO_FLOOR_BYTES,
)

__all__ = ["ArchiveError", "archive_error", "check_ooxml", "read_ooxml"]

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_CHUNK = 256 * 1024


class ArchiveError(LoadError):
    """The archive is not safe or not sound to open; a LoadError (KP030) naming the file."""


def _mb(size: int) -> str:
    return f"{size / 1048576:g} MB"


def archive_error(display: str, message: str) -> ArchiveError:
    """The archive's refusal, KP030 naming the file, with the advice to save it again (also used by
    workbook_scan.py for what a workbook holds)."""
    hint = "用 Word、WPS 或 Excel 打开后另存一份再试"
    return ArchiveError([codes.UNREADABLE_FILE.at(message, display, hint=hint)])


def _declared_entries(data: bytes) -> int | None:
    """The entry count the end-of-central-directory record claims (zip64 aware); None if not found."""
    at = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if at < 0 or at + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, at + 10)[0]
    if count != 0xFFFF:
        return int(count)
    locator = at - 20
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        offset = struct.unpack_from("<Q", data, locator + 8)[0]
        if offset + 40 <= len(data):
            return int(struct.unpack_from("<Q", data, offset + 32)[0])
    return None


def check_ooxml(data: bytes, display: str, *, what: str = "Office 文档") -> None:
    """Raise ArchiveError unless `data` is a zip whose parts all expand within the limits."""
    declared = _declared_entries(data)
    if declared is None or not zipfile.is_zipfile(io.BytesIO(data)):
        raise archive_error(display, f"不是 {what}（不是 zip 压缩包，或已损坏）")
    if declared > MAX_ARCHIVE_ENTRIES:
        raise archive_error(
            display, f"{what}含有 {declared:,} 个部件，上限为 {MAX_ARCHIVE_ENTRIES:,} 个，疑似恶意文件"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error, OSError):
        raise archive_error(display, f"不是 {what}（压缩包已损坏）") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ARCHIVE_ENTRIES:
            raise archive_error(
                display,
                f"{what}含有 {len(entries):,} 个部件，上限为 {MAX_ARCHIVE_ENTRIES:,} 个，疑似恶意文件",
            )
        total = 0
        for info in entries:
            name = info.filename
            if info.flag_bits & 0x1:
                raise archive_error(display, f"{what}中的部件 {name} 已加密，无法读取；请去掉密码后另存")
            if info.file_size > MAX_PART_BYTES:  # the header alone already says too much
                raise archive_error(display, _part_too_large(what, name, info.file_size))
            expanded = 0
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(_CHUNK):
                        expanded += len(chunk)
                        if expanded > MAX_PART_BYTES:
                            raise archive_error(display, _part_too_large(what, name, expanded))
                        if total + expanded > MAX_EXPANDED_BYTES:
                            raise archive_error(
                                display,
                                f"{what}解压后超过 {_mb(MAX_EXPANDED_BYTES)}（上限），疑似“压缩炸弹”，已拒绝",
                            )
            except ArchiveError:
                raise
            except NotImplementedError:
                raise archive_error(display, f"{what}中的部件 {name} 使用了不支持的压缩方式") from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError):
                raise archive_error(display, f"{what}中的部件 {name} 已损坏，无法解压") from None
            total += expanded
            if expanded > RATIO_FLOOR_BYTES and expanded > MAX_COMPRESSION_RATIO * max(1, info.compress_size):
                ratio = expanded / max(1, info.compress_size)
                raise archive_error(
                    display,
                    f"{what}中的部件 {name} 压缩比高达 {ratio:,.0f}:1（上限 {MAX_COMPRESSION_RATIO}:1），"
                    "疑似“压缩炸弹”，已拒绝",
                )


def _part_too_large(what: str, name: str, size: int) -> str:
    return (
        f"{what}中的部件 {name} 解压后超过 {_mb(MAX_PART_BYTES)}（上限；实际至少 {size / 1048576:.1f} MB），"
        "疑似“压缩炸弹”，已拒绝"
    )


def read_ooxml(
    path: Path, display: str, *, what: str = "Office 文档", limit: int = MAX_SOURCE_BYTES
) -> bytes:
    """Read a .docx/.dotx/.xlsx with the one reader (regular file, size-capped) and check it as above;
    the bytes returned are safe to hand to python-docx or openpyxl through io.BytesIO."""
    data = read_input(path, display, limit=limit)
    check_ooxml(data, display, what=what)
    return data
