"""The key order of imported tasks and groups, so every imported task reads the same way."""

from __future__ import annotations

from typing import Any

from ..model import Task, field_names


def tidy_task(task: dict[str, Any]) -> dict[str, Any]:
    """A task's keys in the model's order, so every imported task reads the same way."""
    return {k: task[k] for k in field_names(Task) if k in task}


def tidy_group(group: dict[str, Any]) -> dict[str, Any]:
    """A group's keys in reading order; a group standing directly under its section has no heading."""
    order = ("heading", "task_numbering", "task_number_start", "tasks")
    return {k: group[k] for k in order if k in group and (k != "heading" or group[k])}
