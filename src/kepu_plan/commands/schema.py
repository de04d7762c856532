"""`kepu-plan schema [--check]`: the JSON Schemas in schemas/ written from the models, or checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from ..charsets import visible
from ..exitcodes import EXIT_OK, EXIT_PROBLEMS
from .common import fail_output, fail_usage
from .options import default_in_project, typer_command


@dataclass(kw_only=True)
class Options:
    check: Annotated[
        bool, typer.Option("--check", help="只检查 schemas/ 中的文件是否最新；过期则退出码 1")
    ] = False
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            callback=default_in_project("schemas"),
            show_default=False,
            help="JSON Schema 写入的文件夹（缺省为项目的 schemas）",
        ),
    ] = Path("schemas")


def run(options: Options) -> int:
    from ..output import OutputError, os_error_text, write_atomically
    from ..schemas import generated_schemas

    stale: list[str] = []
    missing: list[str] = []
    for name, text in generated_schemas().items():
        target = options.out_dir / name
        wanted = text.encode("utf-8")
        try:
            current = target.read_bytes() if target.is_file() else None
        except OSError as exc:
            fail_usage(f"无法读取 {target}：{os_error_text(exc)}")
        if current == wanted:
            continue
        if options.check:
            (stale if current is not None else missing).append(str(target))
            continue
        try:
            write_atomically(target, wanted)  # a link or a YAML file of the same name is refused
        except OutputError as exc:
            fail_output(exc)
        typer.echo(visible(f"已写入 {target}"))  # a folder the user typed: escaped
    if missing:
        typer.echo(f"缺少以下 JSON Schema，请运行 kepu-plan schema 生成：{'、'.join(missing)}", err=True)
    if stale:
        typer.echo(f"以下 JSON Schema 已过期，请运行 kepu-plan schema 重新生成：{'、'.join(stale)}", err=True)
    if missing or stale:
        return EXIT_PROBLEMS
    return EXIT_OK


command = typer_command(
    Options, run, "由模型生成 JSON Schema（plan.schema.json、units.schema.json），供编辑器补全和校验。"
)
