"""`kepu-plan report PLAN [--round R] [-o FILE.docx|.md|.pdf]`: the 年度科普工作完成情况 report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .common import choose_writer, emit, finish
from .progress import load_progress, parse_as_of


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
    from ..filenames import safe_filename
    from ..writers import WRITERS, OutputKind
    from ..writers.report import report_title

    fmt = options.output_format
    if fmt is None:  # the format -o names (.md, .pdf), else the Word document
        suffix = (
            Path(options.output).suffix.lower().lstrip(".")
            if options.output and options.output != "-"
            else ""
        )
        fmt = suffix if suffix in WRITERS[OutputKind.REPORT] else "docx"
    _, spec, writer = choose_writer(OutputKind.REPORT, fmt, reference_doc=options.reference_doc)
    as_of = parse_as_of(options.as_of)
    progress = load_progress(
        options.plan, options.round, as_of, options.plans_dir, options.units, options.progress_dir
    )
    name = safe_filename(report_title(progress))
    [data] = finish(spec, [(name, writer(progress))])
    emit(data, options.output, name + spec.suffix, binary=spec.binary, force=options.force)
    return 0
