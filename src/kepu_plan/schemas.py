"""The JSON Schemas of the plan files, for editors (yaml-language-server) and other tools: what
`kepu-plan schema` writes into schemas/ (and `--check` compares with). pydantic writes each from the
file model through schema_types.adapter, the same way the core schemas the validator runs on are built
(core_schemas.py), so a constraint declared once in schema_types.py shows in both.
"""

from __future__ import annotations

import json

from .model import Plan
from .progress_files import ProgressFile
from .schema_types import adapter
from .units import RegistryFile


def _dump(schema: dict[str, object]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def generated_schemas() -> dict[str, str]:
    plan = adapter(Plan).json_schema()
    plan["title"] = "科普工作计划 (kepu-plan plan file)"
    units = adapter(RegistryFile).json_schema()
    units["title"] = "责任单位名录 (kepu-plan units.yaml)"
    progress = adapter(ProgressFile).json_schema()
    progress["title"] = "一个单位一轮的进展填报 (kepu-plan progress/<year>/<round>/<unit>.yaml)"
    return {
        "plan.schema.json": _dump(plan),
        "units.schema.json": _dump(units),
        "progress.schema.json": _dump(progress),
    }
