"""JSON Schemas generated from the models, for editors (yaml-language-server) and other tools."""

from __future__ import annotations

import json

from .model import Plan
from .progress import ProgressFile
from .units import RegistryFile


def _dump(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def generated_schemas() -> dict[str, str]:
    plan = Plan.model_json_schema()
    plan["title"] = "科普工作计划 (kepu-plan plan file)"
    units = RegistryFile.model_json_schema()
    units["title"] = "责任单位名录 (kepu-plan units.yaml)"
    progress = ProgressFile.model_json_schema()
    progress["title"] = "一个单位一轮的进展填报 (kepu-plan progress/<year>/<round>/<unit>.yaml)"
    return {
        "plan.schema.json": _dump(plan),
        "units.schema.json": _dump(units),
        "progress.schema.json": _dump(progress),
    }
