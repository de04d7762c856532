"""The characters the tool refuses, in one place: every reader, the model and the Word writer use these.

A Word document (XML 1.0) cannot hold C0 control characters other than tab, line feed and carriage
return, nor the non-characters U+FFFE/U+FFFF, nor lone surrogates; DEL is legal XML but never meant.
A YAML escape ("\\x01"), a pasted web page or a damaged file can bring any of them in.
"""

from __future__ import annotations

import re

#: Control characters no line of an input file may hold (tab, line feed and carriage return aside).
CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff"
CONTROL = re.compile(f"[{CONTROL_CLASS}]")

#: Line breaks: inside one paragraph of the authors' text they would split it in two when printed.
LINE_BREAK_CLASS = r"\n\r\u2028\u2029"

#: What one paragraph of text may not hold: the control characters and the line breaks (the same set
#: as CONTROL_CLASS + LINE_BREAK_CLASS, spelt as the JSON Schema has always published it).
NOT_IN_ONE_LINE = r"\x00-\x08\x0a-\x1f\x7f\u2028\u2029\ufffe\uffff"
#: Not even a tab: a one-word value such as a reviser's name.
NOT_IN_A_NAME = NOT_IN_ONE_LINE + r"\t"

#: What XML 1.0 cannot hold (DEL can be, so it is not here): checked on every text the Word writers emit.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
