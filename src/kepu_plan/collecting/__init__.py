"""Reading a returned progress form: untrusted bytes → checked data (a ProgressFile) and diagnostics.

Two jobs, in this order. The workbook's safety (:mod:`.safety`): nothing reaches openpyxl before the
bytes have passed the cheap checks (size, magic number, archive guard, macros, XML declarations, the
workbook_scan pre-scan). The form's grammar, read as form_layout lays the form out (the same names
`forms` writes with): the workbook's sheets, merged cells and formulas (:mod:`.structure`), the
hidden sheet that says whose form it is (:mod:`.info`), each sheet as a bounded table found by its
header (:mod:`.tables`), the task rows (:mod:`.tasks`), the proposals (:mod:`.proposals`) and what one
cell holds: words, figures, a formula's saved result (:mod:`.cells`). :mod:`.reader` runs the steps;
every problem is a Diagnostic located as ``file:sheet!cell`` with a KP06x/KP07x code (:mod:`.result`).
A second form of a unit already collected is compared with the first by :mod:`.changes`.
"""

from __future__ import annotations

from .changes import changes
from .reader import read_form
from .result import CollectContext, FormRead, FormRejected

__all__ = ["CollectContext", "FormRead", "FormRejected", "changes", "read_form"]
