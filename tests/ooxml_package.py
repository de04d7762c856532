"""What is wrong with a .docx as a package, for the tests of every Word writer."""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree


def package_problems(data: bytes) -> list[str]:
    """A part that is not XML, a relationship to a part that is not there, a part without a content
    type, an external relationship, members not all at one time."""
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        typed = {o.get("PartName", "")[1:] for o in types if o.get("PartName")}
        defaults = {d.get("Extension") for d in types if d.get("Extension")}
        for name in sorted(names):
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # raises if not well-formed
            if name not in typed and name.rpartition(".")[2] not in defaults:
                problems.append(f"no content type: {name}")
            if name.endswith(".rels"):
                folder = name.partition("_rels/")[0]
                for rel in etree.fromstring(archive.read(name)):
                    target = posixpath.normpath(folder + rel.get("Target", ""))
                    if rel.get("TargetMode") == "External":
                        problems.append(f"external: {rel.get('Target')}")
                    elif target not in names:
                        problems.append(f"dangling: {name} -> {rel.get('Target')}")
        if len({info.date_time for info in archive.infolist()}) != 1:
            problems.append("members at different times")
    return problems
