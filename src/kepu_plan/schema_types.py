"""The value types of the plan files in pydantic's vocabulary: what a text, an id, a deadline may be.

The file models (model.py, units.py, progress_files.py, overrides.py) are plain dataclasses
whose annotations name these types as text (``title: Prose``); nothing evaluates them when a command
runs. Only the builders import this module — and pydantic's field machinery with it, ~35 ms that
`validate` and `render` would otherwise pay at every start: core_schemas.py for the core schemas the
validator runs on (built once per pydantic-core and kept in the user's cache folder), schemas.py for
the JSON Schemas in schemas/. A constraint is written here once, and both follow; :func:`adapter` is
the one way either hands a model to pydantic.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, TypeAdapter

from .deadlines import DEADLINE_HELP, DEADLINE_PATTERN
from .limits import MAX_TEXT_CHARS
from .model import NAME, ONE_LINE, OPTIONAL_ONE_LINE, PROSE, date_as_text, deadline_text, written_date
from .progress_files import ROUND_PATTERN, UNIT_TEXT_PATTERN

#: Authors' text: one paragraph on one line, never empty, never stripped (the tool does not rewrite
#: authors' words). Longer than MAX_TEXT_CHARS, a value would not fit in one XML text node of a Word
#: document (lxml's limit): validate refuses it, located, so that whatever validates also renders.
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS, pattern=ONE_LINE)]
#: Text that may be empty: a task whose whole wording is its lead sentence has no further detail.
OptionalText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS, pattern=OPTIONAL_ONE_LINE)]

#: The authors' words: a title, a heading, a paragraph, a task's text.
Prose = Annotated[Text, PROSE]
OptionalProse = Annotated[OptionalText, PROSE]
#: A name printed in the document (an issuer, a document number): the authors' text, but its year stays.
Name = Annotated[Text, NAME]

#: A stable task id: lower-case ASCII words joined by hyphens, so it survives across years and tools.
TaskId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]

#: 完成时限: a date, a month, a quarter, a half year or 全年, kept as the authors wrote it.
DeadlineText = Annotated[
    str,
    BeforeValidator(date_as_text),
    AfterValidator(deadline_text),
    Field(description=DEADLINE_HELP, json_schema_extra={"pattern": DEADLINE_PATTERN}),
]

#: A signature date (成文日期): an ISO date, or written the Chinese way.
SignatureDate = Annotated[dt.date, BeforeValidator(written_date)]

#: Responsible units as published: groups joined by "，", names inside a group by "、".
UnitGroups = list[list[Text]]

#: A unit's own words in a returned form: several lines allowed, control characters not.
UnitText = Annotated[str, StringConstraints(pattern=UNIT_TEXT_PATTERN)]
#: A round of reporting: 2025-年中, 2025-年度.
RoundName = Annotated[str, StringConstraints(pattern=ROUND_PATTERN)]


def adapter(model: type) -> TypeAdapter[Any]:
    """pydantic's TypeAdapter for a file model: its core schema and its JSON Schema.

    pydantic resolves the names in a model's annotations (text: ``title: Prose``) in the model's own
    module, where they exist only for type checkers, and in the local names of the function that
    creates the TypeAdapter (the frame its documentation calls the parent frame). So the vocabulary is
    bound here as local names, by importing it from this very module; a name missing from this list
    makes the build fail loudly (class-not-fully-defined), never silently.
    """
    from .schema_types import (  # noqa: F401  (read by pydantic from this frame, see above)
        Annotated,
        DeadlineText,
        Field,
        Name,
        OptionalProse,
        OptionalText,
        Prose,
        RoundName,
        SignatureDate,
        TaskId,
        Text,
        UnitGroups,
        UnitText,
    )

    return TypeAdapter(model)


__all__ = [
    "Annotated",
    "DeadlineText",
    "Field",
    "Name",
    "OptionalProse",
    "OptionalText",
    "Prose",
    "RoundName",
    "SignatureDate",
    "StringConstraints",
    "TaskId",
    "Text",
    "UnitGroups",
    "UnitText",
]
