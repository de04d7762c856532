"""`kepu-plan report PLAN [--round R] [-o FILE.docx|.md|.pdf]`: the 年度科普工作完成情况 report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .common import as_pdf, emit, fail_usage, require_pdf
from .progress import load_progress, parse_as_of

REPORT_FORMATS = {"docx": ".docx", "md": ".md", "pdf": ".pdf"}


@dataclass
class ReportOptions:
    plan: str | None
    round: str | None
    output: str | None
    output_format: str | None
    as_of: str | None
    plans_dir: Path
    units: Path | None
    progress_dir: Path
    force: bool = False
    reference_doc: Path | None = None


def run(options: ReportOptions) -> int:
    from ..output import safe_filename
    from ..writers.report import report_docx, report_md, report_title

    fmt = options.output_format
    if fmt is None:
        suffix = (
            Path(options.output).suffix.lower().lstrip(".")
            if options.output and options.output != "-"
            else ""
        )
        fmt = suffix if suffix in REPORT_FORMATS else "docx"
    if fmt not in REPORT_FORMATS:
        fail_usage(f"不支持的输出格式「{fmt}」，可选：{'、'.join(REPORT_FORMATS)}")
    if options.reference_doc is not None and fmt == "md":
        fail_usage("--reference-doc 不适用于 md 格式")
    if fmt == "pdf":
        require_pdf()
    as_of = parse_as_of(options.as_of)
    progress = load_progress(
        options.plan, options.round, as_of, options.plans_dir, options.units, options.progress_dir
    )
    name = safe_filename(report_title(progress))
    if fmt == "md":
        data = report_md(progress)
    else:
        data = report_docx(progress, options.reference_doc)
        if fmt == "pdf":
            [data] = as_pdf([(name, data)])
    emit(data, options.output, name + REPORT_FORMATS[fmt], binary=fmt != "md", force=options.force)
    return 0
