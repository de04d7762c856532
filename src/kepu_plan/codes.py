"""Every diagnostic code the tool publishes, in one registry: code, name, severity, summary.

Codes are a public contract (CI scripts filter on them, the README lists them): never renumber or
reuse one. Reading and schema problems (KP001–KP006, KP030, KP040) are found before a plan reaches the
rules; KP010–KP027 are the rules (`rules/`, where each check is registered against its code, its
docstring documenting it); KP050–KP054 are the notes of `kepu-plan import`. `kepu-plan rules` lists
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
FORM_UNREADABLE = Code(
    "KP061", "form-unreadable", E, "收回的文件不是 .xlsx 工作簿：旧版 .xls、CSV/文本改了扩展名、已损坏或加密"
)
FORM_UNSAFE = Code(
    "KP062", "form-unsafe", E, "工作簿含宏（.xlsm、VBA）或 XML 文档类型/实体声明（DOCTYPE/ENTITY）"
)
FORM_TOO_LARGE = Code("KP063", "form-too-large", E, "工作表的行数远超填报表应有的行数（只读取有限的行）")
FORM_STRUCTURE = Code(
    "KP064",
    "form-structure",
    E,
    "不是 kepu-plan 的填报表，或结构被改动：缺少工作表或列、有隐藏的其他工作表、合并单元格",
)
FORM_OTHER_PLAN = Code(
    "KP065",
    "form-other-plan",
    E,
    "表格属于另一份计划、另一年度、另一轮次，或单位不在本计划的填报单位中（以隐藏的表格信息为准）",
)
FORM_ROWS_CHANGED = Code("KP066", "form-rows-changed", E, "任务行被删除、增加、重复或调整了顺序")
FORM_TASK_ID_CHANGED = Code("KP067", "form-task-id-changed", E, "任务编号被改动")
FORM_STATUS_INVALID = Code("KP068", "form-status-invalid", E, "进展状态不是下拉列表中的选项")
FORM_MISSING_TEXT = Code(
    "KP069", "form-missing-text", E, "选了“已完成”或“滞后”却没有填写完成情况；次年工作建议缺少工作任务"
)
FORM_NOT_A_NUMBER = Code("KP070", "form-not-a-number", E, "主要数据（活动场次、参与人次）不是不小于 0 的整数")
FORM_FORMULA = Code("KP071", "form-formula", E, "单元格是公式而没有保存的计算结果（公式从不计算）")
FORM_COLLECTED_TWICE = Code(
    "KP072", "form-collected-twice", E, "该单位本轮的表格已收集过且内容不同：不加 --force 不覆盖，并列出变化"
)
FORM_PLAN_CHANGED = Code(
    "KP073", "form-plan-changed", W, "发出表格后计划内容有改动（计划指纹不同）；按任务编号对照当前计划"
)
FORM_PLAN_TEXT_EDITED = Code(
    "KP074", "form-plan-text-edited", W, "锁定的计划内容（工作任务）被改动；以计划为准"
)
FORM_DUPLICATE_UNIT = Code("KP075", "form-duplicate-unit", E, "同一次收集中有两份表格属于同一单位")
FORM_BAD_CHARACTERS = Code("KP076", "form-bad-characters", E, "单元格中有控制字符，无法保存")
PROGRESS_FILE_INVALID = Code(
    "KP077", "progress-file-invalid", E, "保存的进展文件（progress/…yaml）与所在的年份、轮次或单位不符"
)
FORM_FILE_NAME = Code(
    "KP078", "form-file-name", W, "文件名像是另一单位的，但表格信息写明了单位：以表格信息为准"
)
FORM_FORMULA_VALUE = Code(
    "KP079", "form-formula-value", W, "单元格是公式：取其保存的计算结果（公式本身从不计算）"
)
PROGRESS_FILE_STRAY = Code(
    "KP080", "progress-file-stray", W, "轮次文件夹中的文件不是任何单位的进度文件名（副本、旧版）：未读取"
)
PROGRESS_NOT_STORED = Code(
    "KP081", "progress-not-stored", E, "表格读取无误，但进度文件无法写入（磁盘、权限、链接）：未收集"
)
FORM_UNTOUCHED = Code(
    "KP082", "form-untouched", W, "填报表原样交回，什么都没有填：记为“未填写”，不算报送，仍在催报名单中"
)

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
IMPORT_LEFT_OUT = Code(
    "KP054", "import-left-out", W, "导入：原文中有文字没有写进计划，也没有别的提示说明：提示中逐字列出"
)


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
