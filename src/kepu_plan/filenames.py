"""The one allocator of file names made from names: unit names, plan and report titles, round names.

A name from the registry or a plan may hold any character and run to a million characters; a file
name may not. Every file or folder this tool names after something goes through here:

* :func:`safe_filename` — characters no file system accepts (and controls, bidi overrides, invisible
  characters) become ``_``; ``.``/``..`` and names made only of dots become 未命名; Windows' reserved
  device names (NUL, CON, AUX, COM1 …, also with a suffix: ``aux.docx``) get a ``_`` in front; and the
  result is cut, at a character boundary, to a number of UTF-8 **bytes** (file systems count bytes:
  255 per component). The budget leaves room for any suffix this tool writes and for the writer's
  temporary-file prefix and suffix (output.OutputSet), so ``safe_filename(x) + ".docx"`` and its
  temporary file always fit.
* :func:`allocate` — one stem per name, unique across a whole set of names (the registry): two names
  that map to one safe name (``科普中心/一部`` and ``科普中心_一部``, or ``ABC`` and ``abc`` on a
  case-insensitive disk, or two long names cut to the same bytes) get distinct names. Deterministic
  and independent of order: in such a group the name that needed no change keeps its plain name, the
  others get ``_`` and 8 hex digits of the name's SHA-256; a name that collides with nothing is never
  suffixed. `forms`, `render --all-units` and the progress files use the same allocation, so a unit's
  form, task list and progress file share one stem.
* :func:`reserved_name_problem` — for a name the user chooses (a round) that must be used as it is:
  why it cannot be a folder name, or None.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

#: A file name component, in bytes (ext4, XFS, btrfs, APFS, NTFS in UTF-16 units: 255 at least).
NAME_MAX_BYTES = 255
#: What the writer's temporary file adds to a target's name: "." in front, "." + 8 random characters
#: + ".tmp" behind (tempfile.mkstemp in output.OutputSet).
TEMP_EXTRA_BYTES = 1 + 1 + 8 + 4
#: Room kept for the suffix a caller appends (".docx", ".xlsx", ".yaml"; the longest is 5 bytes).
SUFFIX_ROOM_BYTES = 16
#: A stem from safe_filename: stem + suffix + temporary-file additions <= NAME_MAX_BYTES.
MAX_STEM_BYTES = NAME_MAX_BYTES - TEMP_EXTRA_BYTES - SUFFIX_ROOM_BYTES
#: "_" + hex digits of the name's hash, added to a stem that collides with another.
_HASH_DIGITS = 8

#: Characters no file system (Windows included) accepts in a name, plus path separators.
#: Also C1 controls, bidi overrides and invisible characters: a file name must show what it is.
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]')
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)
_UNNAMED = "未命名"


def cut_to_bytes(text: str, limit: int) -> str:
    """The longest prefix of `text` whose UTF-8 encoding is at most `limit` bytes (never half a
    character)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def _is_reserved(name: str) -> bool:
    return name.split(".")[0].strip(" ").upper() in RESERVED_NAMES


def safe_filename(name: str, max_bytes: int = MAX_STEM_BYTES) -> str:
    """A file name (stem) made from a unit name or title, valid on every file system and at most
    `max_bytes` UTF-8 bytes (see the module docstring for what the default leaves room for)."""
    cleaned = _UNSAFE.sub("_", name).replace("..", "_").strip(" .")
    cleaned = re.sub(r"_+", "_", cleaned)
    if not cleaned or set(cleaned) <= {"_", "."}:
        cleaned = _UNNAMED
    if _is_reserved(cleaned):
        cleaned = f"_{cleaned}"
    cut = cut_to_bytes(cleaned, max_bytes).rstrip(" .")
    return cut or _UNNAMED


def _hashed(name: str, digits: int) -> str:
    tag = hashlib.sha256(name.encode("utf-8")).hexdigest()[:digits]
    return f"{safe_filename(name, MAX_STEM_BYTES - 1 - digits)}_{tag}"


def allocate(names: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """A distinct, stable stem for every name (see the module docstring); `taken` are stems already
    used in the same folder (the overview beside the unit lists), compared without case."""
    used = {t.casefold() for t in taken}
    groups: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        groups.setdefault(safe_filename(name).casefold(), []).append(name)
    result: dict[str, str] = {}
    hashed: list[str] = []
    for key, members in groups.items():
        owner = None
        if key not in used:
            exact = [m for m in members if safe_filename(m) == m]
            owner = exact[0] if exact else (members[0] if len(members) == 1 else None)
        for member in members:
            if member == owner:
                result[member] = safe_filename(member)
                used.add(key)
            else:
                hashed.append(member)
    for member in hashed:
        digits = _HASH_DIGITS
        stem = _hashed(member, digits)
        while stem.casefold() in used:  # a collision of hashes, or a unit literally named so
            digits += 4
            stem = _hashed(member, digits)
        used.add(stem.casefold())
        result[member] = stem
    return result


def reserved_name_problem(name: str) -> str | None:
    """Why `name`, used as it is for a folder or file, is refused: a device name of Windows, or a
    name of dots. None when it is fine."""
    if name in (".", "..") or (name and set(name) == {"."}):
        return f"「{name}」不能用作文件夹名"
    if _is_reserved(name):
        return f"「{name}」是 Windows 的保留设备名，不能用作文件夹名"
    return None
