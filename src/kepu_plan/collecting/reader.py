"""One returned file read as a form, step by step: the safety checks, then the form's grammar.

The steps run in this order, each reporting into the file's Findings and raising FormRejected when
reading cannot go on: the bytes (safety.read_bytes), the archive (safety.check_archive), the workbook
opened read-only (safety.open_workbook), its sheets and cells as a form (structure), the hidden sheet
(info), the two task sheets (tasks) and the proposals (proposals). A file without errors becomes a
ProgressFile, validated like any file the program stores.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..form_layout import INFO_SHEET, POSSIBLE_SHEET, PROPOSALS_SHEET, TASKS_SHEET
from ..progress_files import NOT_CONCERNED, STATUSES, ProgressFile
from ..validation import validate
from .cells import Cells
from .info import read_info
from .proposals import read_proposals
from .result import CollectContext, Findings, FormRead, FormRejected
from .safety import check_archive, open_workbook, read_bytes
from .structure import check_merged, check_sheets, saved_results, sheet_xml
from .tasks import read_tasks


def read_form(path: Path, display: str, context: CollectContext) -> FormRead:
    """Everything one returned file says, and everything wrong with it. Never raises for bad input."""
    findings = Findings(display)
    result = FormRead(display)
    try:
        result.progress = _read(path, context, findings)
    except FormRejected:
        result.progress = None
    result.diagnostics = findings.found
    return result


def _read(path: Path, context: CollectContext, findings: Findings) -> ProgressFile | None:
    data = read_bytes(path, findings)
    archive, sheet_parts = check_archive(data, findings)
    wb = open_workbook(data, findings)
    try:
        check_sheets(wb, findings)
        parts = sheet_xml(wb, archive, sheet_parts)
        check_merged(parts, findings)
        cells = Cells(findings, saved_results(parts, data, context, findings))
        return _progress(wb, cells, data, path, context)
    finally:
        wb.close()


def _progress(wb: Any, cells: Cells, data: bytes, path: Path, context: CollectContext) -> ProgressFile | None:
    """What the form's sheets say, in their order; None when anything in them is an error."""
    findings = cells.findings
    info = read_info(wb[INFO_SHEET], context, findings, path.stem)
    unit_tasks = context.units[info["单位"]]
    reports = read_tasks(wb[TASKS_SHEET], unit_tasks.definite, STATUSES, cells)
    possible = read_tasks(wb[POSSIBLE_SHEET], unit_tasks.possibly_related, (*STATUSES, NOT_CONCERNED), cells)
    proposals = read_proposals(wb[PROPOSALS_SHEET], cells)
    if findings.has_errors:
        return None
    return validate(
        ProgressFile,
        {
            "plan_year": context.plan.year,
            "plan_title": context.plan.title,
            "plan_hash": info["计划指纹"],
            "round": info["轮次"],
            "unit": unit_tasks.unit.name,
            "source": path.name,
            "source_sha256": hashlib.sha256(data).hexdigest(),
            "tasks": reports,
            "possibly_related": possible,
            "proposals": proposals,
        },
    )
