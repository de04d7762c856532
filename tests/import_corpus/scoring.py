"""The import acceptance figures, with the definitions of /work/shared/checks/import_score.py.

CI has a read-only copy of shared/ beside the clone; where it is present, test_import_corpus.py
checks that these definitions still give the same figures as the shared scorer. Here they are
copied so the corpus test runs everywhere.

  title     the output's title equals the truth title (or a title_also) after normalising; a null
            truth title is right only when the output has none.
  headings  every `heading` anywhere in the output against the truth headings, one to one, exact
            after normalising with leading numbering and trailing 。.:;, removed.
  tasks     every mapping in any `tasks` list; a produced task matches a truth task when the truth
            key occurs in its normalised title+text starting within the first 20 characters.
  units     per matched task, the normalised unit names (units, lead, support flattened); where
            the truth gives `support`, lead-side and support compared apart.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

KEY_WINDOW = 20
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\((?:[a-z\u00c0-\u024f]+)\)")
_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‟": '"', "〝": '"', "〞": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"}
)
_SPACE = re.compile(r"\s+")
_HEAD_NUM = re.compile(r"^(?:[一二三四五六七八九十百]+[、.]|\(?[一二三四五六七八九十百]+\)|\d+[.、]|\(\d+\))")
_TRAIL = "。.:;,、"
_UNIT_TAIL = re.compile(r"等(?:相关|有关|相關|有關)?(?:部门|部門|单位|單位)$")


def norm(text: Any) -> str:
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACE.sub("", _PINYIN.sub("", s))


def norm_heading(text: Any) -> str:
    return _HEAD_NUM.sub("", norm(text), count=1).rstrip(_TRAIL)


def norm_title(text: Any) -> str:
    return norm(text).rstrip("。")


def norm_unit(text: Any) -> str:
    return _UNIT_TAIL.sub("", norm(text).strip(_TRAIL)).strip(_TRAIL)


def flatten_units(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [name for v in value for name in flatten_units(v)]
    return [str(value)]


def walk(node: Any, headings: list[str], tasks: list[dict[str, Any]]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("heading"), str):
            headings.append(node["heading"])
        for key, value in node.items():
            if key == "tasks" and isinstance(value, list):
                for t in value:
                    if isinstance(t, dict):
                        tasks.append(t)
                    else:
                        walk(t, headings, tasks)
            else:
                walk(value, headings, tasks)
    elif isinstance(node, list):
        for v in node:
            walk(v, headings, tasks)


def score(truth: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    """One file's figures, and what was missed or extra."""
    headings: list[str] = []
    tasks: list[dict[str, Any]] = []
    walk({k: v for k, v in doc.items() if k != "title"}, headings, tasks)
    t_title = truth.get("title")
    p_title = doc.get("title")
    p_title = p_title if isinstance(p_title, str) else ("" if p_title is None else str(p_title))
    if t_title is None:
        title_ok = norm(p_title) == ""
    else:
        accepted = {norm_title(t_title)} | {norm_title(a) for a in truth.get("title_also") or []}
        title_ok = norm_title(p_title) in accepted

    t_heads = []
    for h in truth.get("headings") or []:
        if isinstance(h, str):
            t_heads.append((h, {norm_heading(h)}))
        else:
            t_heads.append(
                (h["text"], {norm_heading(h["text"])} | {norm_heading(a) for a in h.get("also") or []})
            )
    p_heads = [norm_heading(h) for h in headings]
    used: set[int] = set()
    head_missed = []
    for text, forms in t_heads:
        j = next((j for j, p in enumerate(p_heads) if j not in used and p in forms), None)
        if j is None:
            head_missed.append(text)
        else:
            used.add(j)

    t_tasks = truth.get("tasks") or []
    p_texts = [norm(str(t.get("title") or "") + str(t.get("text") or "")) for t in tasks]
    pairs = []
    for i, tt in enumerate(t_tasks):
        key = norm(tt["key"])
        for j, s in enumerate(p_texts):
            pos = s.find(key)
            if 0 <= pos < KEY_WINDOW:
                pairs.append((pos, i, j))
    pairs.sort()
    match: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in pairs:
        if i not in match and j not in taken:
            match[i] = j
            taken.add(j)

    u_true = u_found = u_matched = 0
    unit_diffs = []
    for i, tt in enumerate(t_tasks):
        t_units = {norm_unit(u) for u in tt.get("units") or []} - {""}
        t_support = {norm_unit(u) for u in tt.get("support") or []} - {""}
        has_support = "support" in tt
        u_true += len(t_units) + len(t_support) if has_support else len(t_units | t_support)
        if i not in match:
            continue
        p = tasks[match[i]]
        p_units = {norm_unit(u) for u in flatten_units(p.get("units")) + flatten_units(p.get("lead"))} - {""}
        p_support = {norm_unit(u) for u in flatten_units(p.get("support"))} - {""}
        if has_support:
            got = len(t_units & p_units) + len(t_support & p_support)
            found = len(p_units) + len(p_support)
            diff = (t_units - p_units) | {f"support:{u}" for u in t_support - p_support}
            extra = (p_units - t_units) | {f"support:{u}" for u in p_support - t_support}
        else:
            p_all = p_units | p_support
            got, found = len(t_units & p_all), len(p_all)
            diff, extra = t_units - p_all, p_all - t_units
        u_found += found
        u_matched += got
        if diff or extra:
            unit_diffs.append((tt["key"], sorted(diff), sorted(extra)))
    return {
        "title_ok": title_ok,
        "title": (t_title, p_title),
        "headings": (len(t_heads), len(headings), len(t_heads) - len(head_missed)),
        "headings_missed": head_missed,
        "tasks": (len(t_tasks), len(tasks), len(match)),
        "tasks_missed": [tt["key"] for i, tt in enumerate(t_tasks) if i not in match],
        "tasks_spurious": [
            str(tasks[j].get("title") or "")[:30] for j in range(len(tasks)) if j not in taken
        ],
        "units": (u_true, u_found, u_matched),
        "units_diff": unit_diffs,
    }
