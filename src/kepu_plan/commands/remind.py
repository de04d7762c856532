"""`kepu-plan remind PLAN [--round R] [-o FILE.docx|.md|.txt|.pdf] [--as-of DATE] [--report-by DATE]`:
the 催报通知 to the units that have not reported in a round.

Addressed are the units `progress` lists for 催报 — no form back (未报送) and, named apart, a form back
untouched (未填写) — each with its tasks (reminders.py says why exactly these). The notice is dated
`--as-of`, else SOURCE_DATE_EPOCH's day, else today; units are asked to report by `--report-by`, else a
week after the notice's date. A Word document carries the notice's date (or SOURCE_DATE_EPOCH) as its
time: the same inputs give the same bytes. When every unit has reported there is no one to remind:
the command says so and writes nothing (exit 0), rather than an empty notice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

import typer

from .common import choose_writer, emit, fail_usage, finish, load_progress, parse_as_of, say
from .options import (
    PLANS,
    PROGRESS,
    AsOf,
    OutputForce,
    PlanArgument,
    PlansDir,
    ProgressDir,
    ReferenceDoc,
    Round,
    UnitsFile,
    format_option,
    output_option,
    typer_command,
)


@dataclass(kw_only=True)
class Options:
    plan: PlanArgument = None
    round: Round = None
    output: Annotated[
        str | None,
        output_option("输出文件（.docx、.md、.txt 或 .pdf）；- 表示标准输出；缺省为 out/<通知标题>.docx"),
    ] = None
    output_format: Annotated[
        str | None,
        format_option("docx、md、text 或 pdf；缺省按 -o 的扩展名，否则 docx（md、text 用作邮件正文）"),
    ] = None
    as_of: AsOf = None
    report_by: Annotated[
        str | None,
        typer.Option(
            "--report-by",
            metavar="DATE",
            help="报送截止日期（如 2026-01-20）；缺省为通知日期（--as-of，否则今天）后一周",
        ),
    ] = None
    plans_dir: PlansDir = PLANS
    units: UnitsFile = None
    progress_dir: ProgressDir = PROGRESS
    force: OutputForce = False
    reference_doc: ReferenceDoc = None


def _report_by(value: str | None, issued: dt.date) -> dt.date:
    """--report-by DATE: an ISO date not before the notice's own date; else a week after it."""
    from ..layout import format_date
    from ..reminders import default_report_by

    if value is None:
        return default_report_by(issued)
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        fail_usage(f"--report-by 应为日期，如 2026-01-20，而不是「{value}」")
    if day < issued:
        fail_usage(
            f"--report-by {day.isoformat()} 早于通知日期 {format_date(issued)}：报送截止日期应在通知日期当天或之后"
        )
    return day


def run(options: Options) -> int:
    from ..epoch import source_date_epoch
    from ..filenames import safe_filename
    from ..reminders import issue_date, reminder
    from ..writers import OutputKind
    from ..writers.remind import notice_title

    _, spec, writer = choose_writer(
        OutputKind.REMIND, options.output_format, output=options.output, reference_doc=options.reference_doc
    )
    as_of = parse_as_of(options.as_of)
    issued = issue_date(as_of, source_date_epoch())
    report_by = _report_by(options.report_by, issued)
    progress = load_progress(
        options.plan,
        options.round,
        issued,  # overdue tasks are counted on the notice's date
        options.plans_dir,
        options.units,
        options.progress_dir,
        collected=True,
    )
    notice = reminder(progress, issued, report_by)
    if not notice.units:
        say(
            f"轮次 {progress.round} 应报送的 {len(progress.units)} 个单位均已报送，无需催报；未生成催报通知。"
        )
        return 0
    name = safe_filename(notice_title(notice))
    [data] = finish(spec, [(name, writer(notice))])
    emit(data, options.output, name + spec.suffix, binary=spec.binary, force=options.force)
    return 0


command = typer_command(
    Options,
    run,
    "催报通知（公文格式 Word；md、text 作邮件正文）：发给本轮未报送和交回未填写的单位，列出其任务和报送截止日期。",
)
