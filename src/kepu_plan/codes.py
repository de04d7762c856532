"""Every diagnostic code the tool publishes, in one registry: code, name, severity, summary.

Codes are a public contract (CI scripts filter on them, the README lists them): never renumber or
reuse one. Reading and schema problems (KP001–KP006, KP030, KP040) are found before a plan reaches the
rules; KP010–KP027 are the rules (`rules/`, where each check is registered against its code, its
docstring documenting it); KP050–KP053 are the notes of `kepu-plan import`. `kepu-plan rules` lists
them all from here. Code elsewhere refers to a code by its constant, never by a string literal.
"""

from __future__ import annotations

from .diagnostics import Code, Severity

E, W = Severity.ERROR, Severity.WARNING

# -- reading and the schema --------------------------------------------------------------------------
YAML_SYNTAX = Code("KP001", "yaml-syntax", E, "YAML 语法错误、不支持的标签、合并冲突标记、空文件")
DUPLICATE_KEY = Code("KP002", "duplicate-key", E, "同一映射中键重复")
MISSING_FIELD = Code("KP003", "missing-field", E, "缺少必填字段")
UNKNOWN_FIELD = Code("KP004", "unknown-field", E, "未知字段（提示最接近的有效字段）")
INVALID_VALUE = Code("KP005", "invalid-value", E, "字段类型或取值不对")
FULL_WIDTH_SYNTAX = Code(
    "KP006", "full-width-syntax", E, "YAML 的冒号、逗号、括号或短横线写成了全角（：，［］－），被当成了文字"
)

# -- rules -------------------------------------------------------------------------------------------
TASK_WITHOUT_UNITS = Code("KP010", "task-without-units", E, "任务没有责任单位")
UNKNOWN_UNIT = Code("KP011", "unknown-unit", E, "责任单位名称在单位名录中找不到")
DUPLICATE_UNIT = Code("KP012", "duplicate-unit", E, "同一任务中同一单位出现两次")
DUPLICATE_TASK_ID = Code("KP013", "duplicate-task-id", E, "任务编号（id）重复")
ONLY_VAGUE_UNITS = Code("KP014", "only-vague-units", W, "任务只有泛指的责任单位，无人可问责")
LEAD_NOT_AMONG_UNITS = Code("KP015", "lead-not-among-units", E, "牵头单位不在该任务的责任单位中")
UNCONFIRMED_UNIT = Code("KP016", "unconfirmed-unit", W, "责任单位在名录中仍是“待确认”")
STALE_YEAR = Code("KP020", "stale-year", W, "正文中出现往年年份，疑似沿用旧计划的文字")
UNBALANCED_BRACKETS = Code("KP021", "unbalanced-brackets", W, "括号、书名号或引号不成对")
HALF_WIDTH_PUNCTUATION = Code("KP022", "half-width-punctuation", W, "中文之间使用了半角标点")
TYPED_NUMBERING = Code("KP023", "typed-numbering", W, "文字开头手写了编号（编号应由结构生成）")
LEAD_SENTENCE = Code("KP024", "lead-sentence", W, "领句应为一句话，以“。”（或“！”“？”）结尾")
INVISIBLE_CHARACTERS = Code("KP025", "invisible-characters", W, "文字中有看不见的字符，或首尾有空格")
COMMENT_IN_TEXT = Code(
    "KP026", "comment-in-text", W, "文字中的“ #”使其后的内容成了 YAML 注释，不会出现在文档中"
)
NOTICE_INCOMPLETE = Code("KP027", "notice-incomplete", W, "印发通知没有署名或成文日期（落款不全）")

# -- the year after publication ------------------------------------------------------------------------
PROPOSED_TASK = Code("KP060", "proposed-task", W, "任务由某单位建议列入（proposed_by），尚未审定")

# -- files, outputs and the registry -----------------------------------------------------------------
UNREADABLE_FILE = Code("KP030", "unreadable-file", E, "文件无法读取、不是 UTF-8、过大或含控制字符")
REGISTRY_INCONSISTENT = Code(
    "KP040", "registry-inconsistent", E, "单位名录自相矛盾：重名、成员未登记、循环引用"
)

# -- kepu-plan import --------------------------------------------------------------------------------
IMPORT_UNSURE = Code("KP050", "import-unsure", W, "导入：段落放不进计划的结构，已按原样保留，请核对")
IMPORT_UNKNOWN_UNIT = Code("KP051", "import-unknown-unit", W, "导入：责任单位不在单位名录中，已按原文保留")
IMPORT_SPLIT = Code("KP052", "import-split", W, "导入：标题与正文连写，已拆开")
IMPORT_NORMALISED = Code("KP053", "import-normalised", W, "导入：责任单位说明用了半角标点，输出时统一为全角")


def _collect() -> dict[str, Code]:
    found: dict[str, Code] = {}
    for value in globals().values():
        if isinstance(value, Code):
            if value.code in found or any(c.name == value.name for c in found.values()):
                raise RuntimeError(f"diagnostic code {value.code} ({value.name}) is defined twice")
            found[value.code] = value
    return dict(sorted(found.items()))


#: Every code, in order: what `kepu-plan rules` lists and the README's table documents.
ALL: dict[str, Code] = _collect()


def find(code_or_name: str) -> Code | None:
    """A code by its number (KP010, any case) or its name (stale-year)."""
    wanted = code_or_name.strip()
    return ALL.get(wanted.upper()) or next((c for c in ALL.values() if c.name == wanted.lower()), None)
