"""Text and attribute values written into WordprocessingML as strings.

The same escaping as xml.sax.saxutils' escape and quoteattr, character for character (a test compares
them): that module imports urllib.request, and with it http.client and the email package, ~20 ms at
every start of `render` for three string replacements.
"""

from __future__ import annotations


def escape(data: str) -> str:
    """&, < and > as entities: a text node's content."""
    return data.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(data: str) -> str:
    """An attribute value with its quotes: line breaks and tabs as character references, and the
    quote character chosen so that the value needs no &quot; unless it holds both kinds."""
    data = escape(data).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in data:
        if "'" in data:
            return '"{}"'.format(data.replace('"', "&quot;"))
        return f"'{data}'"
    return f'"{data}"'
