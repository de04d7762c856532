"""`kepu-plan units`: the responsibility overview of a plan (every unit's tasks, and units × sections).

Text, md and json are printed (a question answered); docx is written to out/ unless -o says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..exitcodes import EXIT_OK
from .common import choose_writer, emit, finish, load_checked_plan, writer_errors


@dataclass(kw_only=True)
class UnitsOptions:
    plan: str | None
    output_format: str = "text"
    output: str | None = None
    plans_dir: Path = Path("plans")
    units: Path | None = None
    force: bool = False
    reference_doc: Path | None = None


def run(options: UnitsOptions) -> int:
    from ..assignments import overview
    from ..filenames import safe_filename
    from ..writers import OutputKind
    from ..writers.unit_wording import OVERVIEW_NAME

    _, spec, writer = choose_writer(
        OutputKind.OVERVIEW, options.output_format, reference_doc=options.reference_doc
    )
    checked = load_checked_plan(options.plan, options.plans_dir, options.units)
    assert checked.loaded is not None and checked.registry is not None
    result = overview(checked.loaded.model, checked.registry)
    with writer_errors(checked):
        data = writer(result)
    name = safe_filename(f"{result.plan_title}{OVERVIEW_NAME}")
    [data] = finish(spec, [(name, data)])
    name += spec.suffix
    emit(data, options.output, name, binary=spec.binary, force=options.force, print_by_default=True)
    return EXIT_OK
