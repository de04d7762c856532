"""`kepu-plan import FILE`: bring an existing plan (.docx, .xlsx or .txt) into a plan YAML, losing nothing."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import diagnostics as diag
from ..charsets import visible
from ..diagnostics import LoadError
from ..inputs import not_regular_message, read_input, special_kind, stdin_message
from ..output import OutputError, OutputSet, is_stdout, names_folder, output_path, write_stdout
from ..years import MAX_YEAR, MIN_YEAR
from .common import EXIT_OK, EXIT_PROBLEMS, fail_output, fail_usage, say
from .options import PLANS, PlanForce, folder_option, output_option, typer_command, whole_number

if TYPE_CHECKING:
    from ..checking import RegistryCache
    from ..units import Registry


@dataclass(kw_only=True)
class Options:
    source: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="要导入的计划：.docx、.xlsx（任务分工表）、网页 .html 或 .txt（UTF-8 或 GBK/GB18030）",
        ),
    ]
    year: Annotated[
        int | None,
        typer.Option("--year", metavar="YEAR", parser=whole_number, help="计划年份（缺省从标题中识别）"),
    ] = None
    output: Annotated[
        str | None, output_option("写入的 YAML 文件；缺省为 <计划文件夹>/<年份>.yaml；- 表示标准输出")
    ] = None
    plans_dir: Annotated[
        Path,
        folder_option(
            "plans", "计划文件夹：缺省的输出位置（<年份>.yaml）和单位名录 units.yaml 所在；缺省为项目的 plans"
        ),
    ] = PLANS
    units: Annotated[
        Path | None,
        typer.Option("--units", metavar="FILE", help="单位名录文件（缺省：计划文件夹中的 units.yaml）"),
    ] = None
    force: PlanForce = False
    add_units: Annotated[
        bool, typer.Option("--add-units", help="把名录中没有的单位登记到 units.yaml 末尾，待核对")
    ] = False
    ids_from: Annotated[
        str | None,
        typer.Option(
            "--ids-from",
            metavar="PLAN",
            help="沿用另一份计划（年份或文件，如 2025）中对应任务的编号，使 diff 能逐项对照",
        ),
    ] = None


def _check_arguments(options: Options) -> None:
    """The year and the source as given, before anything is read: a usage error (exit 2) each."""
    if options.year is not None and not MIN_YEAR <= options.year <= MAX_YEAR:
        fail_usage(f"--year {options.year} 不对：应为四位数的年份，如 2026")
    if str(options.source) == "-":
        fail_usage(stdin_message())
    kind = special_kind(options.source)
    if kind is not None:
        fail_usage(
            f"{not_regular_message(str(options.source), kind)}；要导入的应是 .docx、.xlsx、.html 或 .txt 文件"
        )
    if not options.source.is_file():
        fail_usage(f"找不到要导入的文件：{options.source}")


def run(options: Options) -> int:
    # the plan machinery, the importer and the YAML writer: not for `kepu-plan --help`
    from ..checking import RegistryCache, display_path
    from ..importing import import_source
    from ..sources import read_source
    from ..yamlwriter import append_units, dump_plan

    _check_arguments(options)
    registry_path = options.units or options.plans_dir / "units.yaml"
    if options.units is not None and not registry_path.is_file():
        fail_usage(f"找不到单位名录：{registry_path}")
    registry = None
    registries = RegistryCache()  # read once: the import and the check of what it wrote share it
    if registry_path.is_file():
        try:
            registry = registries.get(registry_path, display_path(registry_path))
        except LoadError as exc:
            typer.echo(diag.format_text(exc.diagnostics), err=True)
            return EXIT_PROBLEMS
    else:
        say(f"注意：没有单位名录（{registry_path}），责任单位只按“、”“，”拆分，不作核对。")

    display = display_path(options.source)
    try:
        source = read_source(options.source, display)
    except LoadError as exc:
        typer.echo(diag.format_text(exc.diagnostics), err=True)
        return EXIT_PROBLEMS
    data, report = import_source(source, registry, display, options.year)
    carried = _carry_ids(data, options.ids_from, options.plans_dir, registry) if options.ids_from else None
    new_units, misspelt = _registrable(report.unknown_units, registry) if options.add_units else ([], [])

    default_name = f"{data['year']}.yaml" if "year" in data else None
    to_stdout = is_stdout(options.output)
    if not to_stdout and default_name is None and (options.output is None or names_folder(options.output)):
        fail_usage("无法从标题中识别年份：请用 --year 指定，或用 -o 指定输出文件")
    target = (
        None if to_stdout else output_path(options.output, options.plans_dir / (default_name or "plan.yaml"))
    )
    text = dump_plan(
        data,
        [f"由 kepu-plan import 从 {options.source.name} 导入（编码 {source.encoding}）；核对后可删除此行"],
    )
    # the plan and the registry are written together or not at all (one set)
    try:
        with OutputSet(force=options.force) as files:
            if target is not None:
                files.add(target, text.encode("utf-8"), plan=True)
            if options.add_units and new_units:
                current = read_input(registry_path, display_path(registry_path)).decode("utf-8-sig")
                files.add(registry_path, append_units(current, new_units).encode("utf-8"), force=True)
            if target is None:
                write_stdout(text)
    except OutputError as exc:
        fail_output(exc)
    except LoadError as exc:
        typer.echo(diag.format_text(exc.diagnostics), err=True)
        return EXIT_PROBLEMS

    if report.notes:
        typer.echo(diag.format_text(report.notes, colour=diag.use_colour(sys.stderr)), err=True)
    say(report.summary())
    if carried is not None:
        say(carried)
    if options.add_units and new_units:
        say(
            f"已在 {registry_path} 末尾登记 {len(new_units)} 个新单位（类别“待确认”），请核对。",
        )
    if options.add_units and misspelt:
        names = "、".join(f"「{name}」（近似「{near}」）" for name, near in misspelt)
        say(
            f"以下名称与已登记的单位很接近，像是笔误，没有登记：{names}；请改正计划中的写法。",
        )
    if target is not None:
        typer.echo(visible(str(target)))
    if options.add_units and new_units:
        registries = RegistryCache()  # the registry has just grown: check against what is written now
    return _validate_result(text, target, registry_path if registry_path.is_file() else None, registries)


def _carry_ids(data: dict[str, Any], ids_from: str, plans_dir: Path, registry: Registry | None) -> str:
    from ..checking import display_path

    """Give the imported tasks that `diff` recognises in another plan that plan's ids, so that the two
    compare task by task; say how many. The other tasks keep the ids made from their titles."""
    from ..diffing import recognised_ids
    from ..loading import load_plan, resolve_plan
    from ..model import Plan
    from ..validation import validate

    try:
        reference_path = resolve_plan(ids_from, plans_dir)
        reference = load_plan(reference_path, display_path(reference_path)).model
    except FileNotFoundError as exc:
        fail_usage(f"--ids-from：{exc}")
    except LoadError as exc:
        typer.echo(diag.format_text(exc.diagnostics), err=True)
        fail_usage(f"--ids-from：{ids_from} 有错误，无法从中取编号")
    try:
        imported = validate(Plan, data)
    except ValueError:
        return f"导入的计划结构不完整，未能按 {display_path(reference_path)} 对应编号；导入后校验并修正，再用 diff 比较。"
    ids = recognised_ids(reference, imported, registry)
    tasks = {
        (si, gi, ti): task
        for si, section in enumerate(data.get("sections", []))
        for gi, group in enumerate(section.get("groups", []))
        for ti, task in enumerate(group.get("tasks", []))
    }
    kept = {task["id"] for where, task in tasks.items() if where not in ids}
    carried = 0
    for where, task_id in ids.items():
        if task_id not in kept:  # an id made for an unrecognised task keeps priority
            tasks[where]["id"] = task_id
            carried += 1
    return (
        f"编号：{carried} 项任务与 {display_path(reference_path)} 中的任务对应，沿用其编号；"
        f"其余 {len(tasks) - carried} 项用由标题生成的编号。"
    )


def _registrable(names: list[str], registry: Registry | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Unknown names worth registering, and those that look like a misspelling of a registered unit
    (registering 市科技厅 beside 市科技局 would write the three-spellings problem into the registry)."""
    if registry is None:
        return [], []
    new, misspelt = [], []
    for name in names:
        twin = registry.look_alike(name)  # 市科協 for 市科协: the same unit, never a second entry
        close = [twin] if twin else registry.suggest(name, limit=1, cutoff=0.7)
        if close:
            misspelt.append((name, close[0]))
        else:
            new.append(name)
    return new, misspelt


def _validate_result(
    text: str, target: Path | None, registry_path: Path | None, registries: RegistryCache
) -> int:
    """Validate what was written, so the author sees at once what is left to fix."""
    from ..checking import check_plan

    if registry_path is None:
        return EXIT_OK
    with tempfile.TemporaryDirectory() as folder:
        path = target
        if path is None:
            path = Path(folder) / "imported.yaml"
            path.write_text(text, encoding="utf-8")
        checked = check_plan(
            path, registry_path, registries, display=None if target is not None else "（标准输出）"
        )
    problems = checked.diagnostics
    errors = diag.count(problems, diag.Severity.ERROR)
    if problems:
        say("导入后的校验：")
        typer.echo(diag.format_text(problems, colour=diag.use_colour(sys.stderr)), err=True)
    else:
        say("导入后的校验：通过。")
    return EXIT_PROBLEMS if errors else EXIT_OK


command = typer_command(
    Options, run, "把已有的计划（Word 或文本）导入为计划 YAML：不丢一个字，拿不准的地方逐条报告。"
)
