"""Regular expressions compiled when first used, not when their module is imported.

Compiling costs 0.1–0.8 ms a pattern (large Unicode classes, CJK ranges), paid at every start of every
command by whatever modules it imports — `validate` imports the deadline grammar, the importer's
inline numbers and the writers' character checks without needing them on most plans. A module that
keeps a pattern for occasional use holds it as ``lazy_pattern(...)`` and calls it: ``PATTERN().match``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """The compiled pattern, compiled on the first call and kept."""
    return cache(lambda: re.compile(pattern, flags))
