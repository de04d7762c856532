"""The value types of the plan files in pydantic's vocabulary: what a text, an id, a deadline may be.

The file models (model.py, units.py, progress.py) are plain dataclasses whose annotations name these
types as text (``title: Prose``); nothing evaluates them when a command runs. Only the schema builder
(schemas.py) imports this module — and pydantic's field machinery with it, ~35 ms that `validate` and
`render` would otherwise pay at every start — to turn the models into the stored core schema
(compiled_schemas.py) and the JSON Schemas in schemas/. A constraint is written here once, and both
follow.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from .deadlines import DEADLINE_HELP, DEADLINE_PATTERN
from .limits import MAX_TEXT_CHARS
from .model import NAME, ONE_LINE, OPTIONAL_ONE_LINE, PROSE, date_as_text, deadline_text, written_date
from .progress import ROUND_PATTERN, UNIT_TEXT_PATTERN

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
