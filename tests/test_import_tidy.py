"""Key order of imported tasks and groups (importing/tidy.py) alone."""

from __future__ import annotations

from kepu_plan.importing.tidy import tidy_group, tidy_task
from kepu_plan.model import Task, field_names


def test_a_tasks_keys_come_in_the_models_order_and_nothing_else_is_added():
    task = {"deadline": "6月", "units": [["区科协"]], "title": "开展讲座。", "id": "kai-zhan"}
    tidied = tidy_task(task)
    assert list(tidied) == ["id", "title", "units", "deadline"]
    assert tidied == task
    order = list(field_names(Task))
    assert order.index("title") < order.index("units") < order.index("deadline")


def test_a_group_reads_heading_numbering_tasks_and_loses_an_empty_heading():
    tasks = [{"id": "a", "title": "讲座"}]
    assert list(tidy_group({"tasks": tasks, "heading": "阵地建设", "task_numbering": "1."})) == [
        "heading", "task_numbering", "tasks"
    ]  # fmt: skip
    assert tidy_group({"heading": "", "tasks": tasks, "task_number_start": 3}) == {
        "task_number_start": 3, "tasks": tasks
    }  # fmt: skip
