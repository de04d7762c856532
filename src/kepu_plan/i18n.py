"""Chinese framework text: Click's and Typer's own messages through their gettext calls.

Click and Typer pass every piece of their help frame and usage errors ("Usage:", "Options",
"Show this message and exit.", "Missing argument", "No such option", "[default: …]") through
gettext (`from gettext import gettext as _` in each module). The stdlib looks the language up in
LANGUAGE/LC_ALL/LANG on every call, so a clerk's machine or a CI runner in the C locale would get
English; kepu-plan speaks Chinese whatever the locale says. So :func:`install` gives those modules
our catalogue's ``gettext``/``ngettext`` in place of the stdlib's: the libraries still choose and
format every message themselves, the catalogue (``locale/zh_CN.po``) only translates it.

The catalogue is read on the first message asked for — Click asks for a few (its help option's
text) at every run, so reading it is kept to ~0.4 ms. Everything is global (the libraries'
modules, not our commands), so any command added to the app speaks Chinese with no work of its own.
"""

from __future__ import annotations

import ast
import gettext
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from .patterns import lazy_pattern

CATALOGUE = Path(__file__).with_name("locale") / "zh_CN.po"

#: The modules of Click and Typer that call gettext (each imports `_` and maybe `ngettext`).
LIBRARY_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.utils",
    "click.termui",
    "typer.core",
    "typer.rich_utils",
)


def _unquoted(quoted: str) -> str:
    """A .po string's text: most hold no escape and are just the inside of their quotes (Click asks
    for a few messages at every run, so the catalogue is read at every start)."""
    if "\\" not in quoted:
        return quoted[1:-1]
    return str(ast.literal_eval(quoted))


def read_po(path: Path) -> dict[str | tuple[str, int], str]:
    """A .po file's translations as gettext keeps them: msgid → msgstr, (msgid, n) → plural form n."""
    catalogue: dict[str | tuple[str, int], str] = {}
    entry: dict[str, str] = {}
    field = ""

    def flush() -> None:
        msgid = entry.get("msgid")
        if msgid:  # the header (empty msgid) carries no translation
            if "msgstr" in entry:
                catalogue[msgid] = entry["msgstr"]
            for key, value in entry.items():
                if key.startswith("msgstr["):
                    catalogue[(msgid, int(key[7:-1]))] = value
        entry.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            entry[field] += _unquoted(line)
            continue
        field, _, rest = line.partition(" ")
        if field == "msgid" and "msgid" in entry:
            flush()
        entry[field] = _unquoted(rest)
    flush()
    return catalogue


class Catalogue(gettext.NullTranslations):
    """A gettext translation read from a .po file on first use; untranslated text passes through."""

    def __init__(self, path: Path = CATALOGUE):
        super().__init__()
        self._path = path
        self._messages: dict[str | tuple[str, int], str] | None = None

    @property
    def messages(self) -> dict[str | tuple[str, int], str]:
        if self._messages is None:
            self._messages = read_po(self._path)
        return self._messages

    def gettext(self, message: str) -> str:
        return self.messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        found = self.messages.get((msgid1, 0))  # Chinese has one plural form
        if found:
            return found
        return msgid1 if n == 1 else msgid2


_catalogue = Catalogue()


def did_you_mean(possibilities: Sequence[str]) -> str:
    """Click's own wording of a suggestion (as for a mistyped option), for the ones Click leaves to
    others: Typer words its suggestion for a mistyped command itself, in English."""
    joined = ", ".join(possibilities)
    message = _catalogue.ngettext(
        "Did you mean {possibility}?", "(Possible options: {possibilities})", len(possibilities)
    )
    return message.format(possibility=joined, possibilities=joined)


def install() -> None:
    """Give Click's and Typer's modules our catalogue's gettext in place of the stdlib's."""
    import typer.core  # noqa: F401  (typer has loaded every click module listed)

    for name in LIBRARY_MODULES:
        module = sys.modules.get(name)
        if module is None:  # typer.rich_utils: only with rich help, which kepu-plan does not use
            continue
        if hasattr(module, "_"):
            module._ = _catalogue.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _catalogue.ngettext  # type: ignore[attr-defined]


# -- help layout for Chinese text ------------------------------------------------------------------
# Click measures and wraps help text by characters, but a Chinese character takes two columns, so
# its help overflows an 80-column terminal in the middle of words. Click's documented hook for the
# layout is `Context.formatter_class`; this formatter measures columns and may break between any
# two Chinese characters (never inside an English word or an option name, never before a closing
# punctuation mark).

_NO_LINE_START = set("，。、；：？！）》」』”’】…")


def display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_GLUE_AFTER = set("<([{/（《「“‘【")  # a line may not end with these: the next piece comes along
_GLUE_BEFORE = set(">)]}:;,.!?/%") | _NO_LINE_START  # nor start with these


def _tokens(text: str) -> list[str]:
    """Pieces a line may break between: runs of narrow non-space characters, single wide ones, spaces;
    a piece that ends with an opening mark or a piece that starts with a closing one is joined to its
    neighbour (progress/<年份>/ and 文件:行:列 stay whole)."""
    pieces: list[str] = []
    for piece in _piece().findall(text):
        previous = pieces[-1] if pieces else ""
        glued = previous[-1:] in _GLUE_AFTER or piece[0] in _GLUE_BEFORE
        if previous and not previous.isspace() and not piece.isspace() and glued:
            pieces[-1] += piece
            continue
        pieces.append(piece)
    return pieces


#: spaces | a path or placeholder written with / : < > (progress/<年份>/<轮次>.yaml, 文件:行:列), one piece
#: | a run of other narrow characters | one wide character. Compiled on the first help screen, not at
#: import: its wide negated class costs ~4 ms to compile, which every `validate` run would pay.
_piece = lazy_pattern(
    r"[ ]+"
    r"|[A-Za-z0-9_.\-]*(?:[/:<>][A-Za-z0-9_.\-\u4e00-\u9fff]*)+"
    r"|[^\s\u2e80-\uffef]+"
    r"|[\u2e80-\uffef]"
)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns (an over-long English word alone may exceed it)."""
    lines: list[list[str]] = [[]]
    for token in _tokens(" ".join(text.split())):
        line = lines[-1]
        if line and sum(map(display_width, line)) + display_width(token) > width and not token.isspace():
            carried = []
            if token[0] in _NO_LINE_START and len(line) > 1:  # 「）」 may not start a line: take a
                carried = [line.pop()]  # character along with it
            while line and line[-1].isspace():
                line.pop()
            lines.append(carried)
        if lines[-1] or not token.isspace():
            lines[-1].append(token)
    return ["".join(line).rstrip() for line in lines if "".join(line).strip()]


class ChineseHelpFormatter(click.HelpFormatter):
    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for n, paragraph in enumerate(p for p in text.split("\n\n") if p.strip()):
            if n:
                self.write("\n")
            if paragraph.startswith("\b"):  # click's "do not rewrap" marker
                self.write("".join(f"{indent}{line}\n" for line in paragraph[1:].strip("\n").splitlines()))
                continue
            for line in wrap(paragraph, max(self.width - self.current_indent, 20)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max(display_width(first) for first, _ in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        for first, second in rows:
            self.write(f"{indent}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - self.current_indent, 10)) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class ChineseContext(click.Context):
    """Click's context with the Chinese-aware help layout (set as the app's and every command's)."""

    formatter_class = ChineseHelpFormatter
