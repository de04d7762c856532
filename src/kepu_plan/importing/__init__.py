"""Existing plans → plan data: recognise title, preamble, headings, tasks and their units.

A pipeline of small stages, one module each (pipeline.py runs them):

- lines.py: page numbers out, pinyin glosses out, task tables read (tables.py), flattened runs
  cut at their numbers (runs.py, with the one grammar of numbering.py);
- title.py: the plan's own title and the closing signature;
- structure.py: sections, groups, tasks, items and paragraphs (headings.py tells a heading from
  the text run on after it);
- fields.py and units.py: a task's labelled fields and its responsible units in every form;
  subjects.py: units without a label (会同, the subjects of a task's sentences, a flattened units
  column), named by the recogniser of organisation names (orgnames.py).

The importer never drops a paragraph in silence: what it cannot place stays as a plain paragraph,
and what it changes or leaves out is named in a note located at its paragraph (context.py); the
last stage, accounting.py, checks every character of the input against the plan and the notes and
names whatever is missing (KP054). The result is plain data in the shape of the model;
yamlwriter.py writes it.
"""

from __future__ import annotations

from .context import ImportReport
from .fields import FIELD_LABELS
from .ids import slug
from .pipeline import import_source

__all__ = ["FIELD_LABELS", "ImportReport", "import_source", "slug"]
