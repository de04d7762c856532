"""Text and attribute values as XML, written the way lxml writes them.

The body of every document is built as XML text and goes into document.xml as it was written
(`package.save_reproducibly`), so what we write must be what lxml would serialise for the same tree,
byte for byte: then a body written as text and one parsed, moved and serialised give the same document.
(xml.sax.saxutils escapes too, but importing it imports urllib.request, with http.client, ssl and email:
about 8 ms of every command that writes a Word document.)
"""

from __future__ import annotations

#: WordprocessingML's namespace, and its declaration for a fragment's root (python-docx's `nsdecls("w")`,
#: spelt out so that building XML text does not import python-docx).
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_DECL = f'xmlns:w="{W_NS}"'

#: lxml (libxml2) escapes these in attribute values; the line breaks and tabs as character references,
#: which a parser keeps (a literal one it would turn into a space).
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def xml_text(text: str) -> str:
    """Character data: `&`, `<` and `>` escaped, as lxml writes them. (lxml would also write a carriage
    return as `&#13;`; none reaches here: the writers turn line breaks into `w:br`.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(value: str) -> str:
    """An attribute value with its quotes, as lxml writes it: always double quotes, `"` as `&quot;`."""
    return '"' + value.translate(_ATTRIBUTE) + '"'
