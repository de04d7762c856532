"""Format names as every command spells them: one vocabulary, whether a command writes documents
(writers/) or reports diagnostics (validate). Kept apart from the writers' registry so that validate
does not load it to read `-f txt`."""

from __future__ import annotations

#: Other spellings of a format name, accepted by every command: name → the canonical name.
ALIASES = {"txt": "text"}
