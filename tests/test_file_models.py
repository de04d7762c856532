"""The file models' record behaviour, written once in model._Node instead of generated per class."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields, replace

import pytest

from kepu_plan.loading import load_plan
from kepu_plan.model import Section, Task
from kepu_plan.validation import to_data, validate

from conftest import PLAN_2025


def test_construction_takes_keywords_and_fills_in_the_defaults():
    task = Task(id="a-task", title="开展科普活动。")
    assert task.units == [] and task.label == "责任单位" and task.deadline is None
    assert Task(id="a-task", title="开展科普活动。").units is not task.units  # a fresh list each time
    with pytest.raises(TypeError, match="title"):
        Task(id="a-task")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="colour"):
        Task(id="a-task", title="t", colour="red")  # type: ignore[call-arg]


def test_construction_runs_the_models_own_checks():
    with pytest.raises(ValueError, match="须有内容"):
        Section(heading="h", groups=[], items=[])  # no content at all
    with pytest.raises(ValueError, match="support"):
        Task(id="a-task", title="t", label="", support=[["市科协"]])


def test_a_record_is_frozen_equal_by_value_and_shown_by_field():
    task = Task(id="a-task", title="开展科普活动。", units=[["市科协"]])
    with pytest.raises(FrozenInstanceError):
        task.title = "别的"  # type: ignore[misc]
    assert task == Task(id="a-task", title="开展科普活动。", units=[["市科协"]])
    assert task != replace(task, title="别的") and task != "a-task"
    assert repr(task).startswith("Task(id='a-task', title='开展科普活动。', text=''")
    assert [f.name for f in fields(Task)][:3] == ["id", "title", "text"]


def test_a_plan_read_from_its_file_equals_the_same_data_built_again():
    plan = load_plan(PLAN_2025).model
    again = validate(type(plan), to_data(plan))
    assert again == plan and again is not plan
    assert replace(plan, title=plan.title) == plan
