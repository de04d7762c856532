"""The characters the tool refuses, in one place: every reader, the model and the Word writer use these.

A Word document (XML 1.0) cannot hold C0 control characters other than tab, line feed and carriage
return, nor the non-characters U+FFFE/U+FFFF, nor lone surrogates; DEL and the C1 controls (U+0080–U+009F)
are legal XML but never meant (a mis-decoded file, a terminal escape).
A YAML escape ("\\x01"), a pasted web page or a damaged file can bring any of them in.
"""

from __future__ import annotations

import re

from .patterns import lazy_pattern

#: Control characters no line of an input file may hold (tab, line feed and carriage return aside).
CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"  # C0, DEL, C1 (U+0080–U+009F)
CONTROL = re.compile(f"[{CONTROL_CLASS}]")

#: Line breaks: inside one paragraph of the authors' text they would split it in two when printed.
LINE_BREAK_CLASS = r"\n\r\u2028\u2029"

#: What one paragraph of text may not hold: the control characters and the line breaks (the same set
#: as CONTROL_CLASS + LINE_BREAK_CLASS, spelt as the JSON Schema has always published it).
NOT_IN_ONE_LINE = r"\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff"
#: Not even a tab: a one-word value such as a reviser's name.
NOT_IN_A_NAME = NOT_IN_ONE_LINE + r"\t"

#: What XML 1.0 cannot hold (DEL can be, so it is not here): checked on every text the Word writers emit
#: (compiled where they do, writers/officedoc/paragraphs.XML_INVALID).
XML_INVALID_CLASS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"

#: What a terminal or a log would act on or hide rather than show: control characters (C0 with tab and
#: line breaks, DEL, C1), bidirectional overrides and marks, invisible joiners and spaces, line and
#: paragraph separators. An ANSI escape in a quoted YAML key would colour or move the terminal; a line
#: feed would forge a `file:line:col: 错误 …` line; U+202E would reverse what follows.
UNSHOWABLE = lazy_pattern(  # compiled when a diagnostic is first shown
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\u3164\ufeff\ufff9-\ufffb]"
)


def visible(text: str) -> str:
    """`text` with every character in UNSHOWABLE written as \\uXXXX, so that a user-supplied string in
    a diagnostic is shown, never acted on, in every output format (text, json, github)."""
    return UNSHOWABLE().sub(lambda m: f"\\u{ord(m.group()):04x}", text)


#: Characters that make two names look the same while they differ: soft hyphen, zero-width spaces and
#: joiners, direction marks, embeddings, overrides and isolates, the BOM, word joiners.
INVISIBLE_CLASS = r"\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
INVISIBLE = re.compile(f"[{INVISIBLE_CLASS}]")
