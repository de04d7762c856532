"""Task ids from titles: the pinyin of a title's first characters (科普讲座 → ke-pu-jiang-zuo)."""

from __future__ import annotations

import os
import re
from typing import Any

_PINYIN: Any = None


def _pinyin(chinese: str) -> list[str]:
    """`pypinyin.lazy_pinyin(chinese, errors="ignore")`: pypinyin's own segmentation, dictionaries and
    converter, through its documented converter hook (`Pinyin(converter)`) with one change: how a
    toned syllable is written without tones is worked out once per syllable. pypinyin redoes it for
    every character with two regular-expression passes — 40% of its time — though a plan's titles
    repeat a few hundred syllables."""
    global _PINYIN
    if _PINYIN is None:
        # pypinyin copies its two dictionaries (400,000 entries) at import so that users may add
        # words of their own; we add none. PYPINYIN_NO_DICT_COPY is its documented switch against
        # the copy (~6 ms, ~20 MB), set for the import only.
        saved = os.environ.get("PYPINYIN_NO_DICT_COPY")
        os.environ["PYPINYIN_NO_DICT_COPY"] = "1"
        try:
            from pypinyin.converter import UltimateConverter
            from pypinyin.core import Pinyin
        finally:
            if saved is None:
                del os.environ["PYPINYIN_NO_DICT_COPY"]
            else:
                os.environ["PYPINYIN_NO_DICT_COPY"] = saved

        class Remembering(UltimateConverter):  # lazy_pinyin's converter, with its default options
            def __init__(self) -> None:
                super().__init__()
                self._styled: dict[tuple[str, Any, bool], Any] = {}

            def convert_style(
                self, han: str, orig_pinyin: str, style: Any, strict: bool, **kwargs: Any
            ) -> Any:
                key = (orig_pinyin, style, strict)  # the character itself plays no part in the spelling
                if key not in self._styled:
                    self._styled[key] = super().convert_style(han, orig_pinyin, style, strict, **kwargs)
                return self._styled[key]

        _PINYIN = Pinyin(Remembering())
    return list(_PINYIN.lazy_pinyin(chinese, errors="ignore"))


_SLUG_YEAR = re.compile(r"(?:19|20)\d{2}\s*年?")
_SLUG_HAN = re.compile(r"[\u3400-\u9fff]")
_SLUG_ASCII = re.compile(r"[a-z0-9]+")
_SLUG_WORD = re.compile(r"[a-zA-Z0-9]+")


def slug(title: str, syllables: int = 6) -> str:
    """A readable ASCII id from a Chinese title: the pinyin of its first characters, years left out."""
    text = _SLUG_YEAR.sub("", title)
    chinese = "".join(_SLUG_HAN.findall(text))[:syllables]
    words: list[str] = []
    if chinese:
        words = [w for w in _pinyin(chinese) if w.isascii()]
    if not words:
        words = _SLUG_ASCII.findall(text.lower())[:syllables]
    ident = "-".join(w.lower() for w in words if _SLUG_WORD.fullmatch(w))
    return ident[:72].strip("-")
