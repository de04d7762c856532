"""What a second form of the same unit changes against the one already collected (collect --force)."""

from __future__ import annotations

from collections.abc import Mapping

from ..progress_files import DataName, ProgressFile


def _data_text(data: Mapping[DataName, int]) -> str:
    return "，".join(f"{k} {v}" for k, v in data.items()) or "（未填）"


def changes(old: ProgressFile, new: ProgressFile) -> list[str]:
    """What a second form of the same unit changes, task by task, in Chinese."""
    out: list[str] = []
    before = {r.id: r for r in (*old.tasks, *old.possibly_related)}
    for row in (*new.tasks, *new.possibly_related):
        prior = before.get(row.id)
        if prior is None:
            out.append(f"任务「{row.title}」：新增")
            continue
        if prior.status != row.status:
            out.append(
                f"任务「{row.title}」：进展状态 {prior.status or '（未填）'} → {row.status or '（未填）'}"
            )
        if prior.text != row.text:
            out.append(f"任务「{row.title}」：完成情况有改动")
        if prior.data != row.data:
            out.append(f"任务「{row.title}」：主要数据 {_data_text(prior.data)} → {_data_text(row.data)}")
        if prior.note != row.note:
            out.append(f"任务「{row.title}」：佐证材料或备注有改动")
    if [p.title for p in old.proposals] != [p.title for p in new.proposals] or old.proposals != new.proposals:
        out.append(f"次年工作建议：{len(old.proposals)} 条 → {len(new.proposals)} 条（内容有改动）")
    return out
