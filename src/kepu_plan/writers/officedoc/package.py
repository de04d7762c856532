"""A Word document from start to saving: our own empty one or one on a user's reference document
(`new_official_document`), the body written into it as XML text, saved so that the same content and
time always give the same bytes (`save_reproducibly`, `write_official`).

The package is assembled by `opc.assemble` from parts we hold as bytes: our own documents are written
as text (`blank`), a reference document is copied part by part from an allow-list (`reference`, the
only place that parses XML). python-docx is not needed to write any document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ...epoch import source_date_epoch
from .blank import OwnDocument
from .opc import WordDocument, assemble, core_part, refuse_unwritable
from .styles import StyleSpec


def new_official_document(reference_doc: Path | str | None = None) -> WordDocument:
    """An empty official document: our A4 page, styles and page-number footers, or, given a reference
    document, its page setup, styles, theme, fonts, numbering, headers and footers (its body and
    everything else is dropped: content comes from the plan), with our styles added where it lacks
    them and our page numbers where it has no footer."""
    if reference_doc is None:
        return OwnDocument()
    from .reference import open_reference  # parses XML: only for a reference document

    return open_reference(Path(reference_doc))


def reproducible_timestamp() -> dt.datetime:
    """The time a document is dated with (file properties, tracked changes): now, as Word's review
    pane should show it; `SOURCE_DATE_EPOCH` (reproducible-builds.org) when set, so that the same
    input gives the same bytes for golden tests and CI diffs (epoch.py checks it)."""
    return source_date_epoch() or dt.datetime.now(dt.UTC).replace(microsecond=0)


def save_reproducibly(
    doc: WordDocument,
    *,
    body: Iterable[str] = (),
    title: str | None = None,
    timestamp: dt.datetime | None = None,
    author: str | None = None,
) -> bytes:
    """The document as .docx bytes that depend only on its content and its time (`timestamp`, else
    `reproducible_timestamp()`): core properties we set, members in a fixed order with that time and
    fixed permissions. `author` names who last changed it (a redline's reviser).

    `body` is the content as XML text (`paragraph_xml`, `table_xml`, …), in order, before the final
    section. It goes into document.xml as it is, never parsed (for a 3,000-task plan parsing and
    serialising it back took 0.06 s, more than building the text); it is written as lxml would write
    the same tree (`xmltext`; a test compares the two ways)."""
    when = timestamp or reproducible_timestamp()
    text = "".join(body)
    refuse_unwritable(text)
    return assemble(doc.parts(text), when, core_part(when, title, author))


def write_official(
    body: Callable[[int], Iterable[str]],
    *,
    styles: Sequence[StyleSpec] = (),
    reference_doc: Path | str | None = None,
    title: str | None = None,
    timestamp: dt.datetime | None = None,
) -> bytes:
    """An official document: the empty one `new_official_document` makes (with `styles` beside our
    own), and as its content the XML text `body(width)` writes for a text block `width` twips wide."""
    when = timestamp or reproducible_timestamp()
    doc = new_official_document(reference_doc)
    doc.add_styles(styles)
    return save_reproducibly(doc, body=body(doc.text_width), title=title, timestamp=when)
