"""Reading plan and registry files: bytes → text (yamlsource) → data with positions → the file models.

Every failure becomes a located diagnostic: undecodable bytes, YAML errors, and pydantic's schema
errors (validation.py), whose `loc` is mapped back to the line and column of the value (or key) it
names.
"""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from . import codes
from .charsets import CONTROL as _CONTROL
from .diagnostics import Diagnostic, LoadError, did_you_mean, sort_key
from .inputs import not_regular_message, read_input, special_kind, stdin_message
from .limits import MAX_FILE_BYTES
from .model import ONE_LINE, OPTIONAL_ONE_LINE, Plan
from .units import Registry, RegistryError, RegistryFile
from .validation import ValidationError, schema_of, unwrapped, validate
from .yamlsource import SourceMap, YamlPath, full_width_syntax, parse_yaml

__all__ = ["LoadError", "Loaded", "SourceMap", "YamlPath", "load_model", "load_plan", "load_registry"]

M = TypeVar("M")


@dataclass(eq=False)
class Loaded(Generic[M]):
    """A model together with the file it came from and the positions of its values."""

    model: M
    source: SourceMap
    path: Path


# -- bytes → text -----------------------------------------------------------------------------------


def read_text(path: Path, display: str) -> str:
    """Read a file as UTF-8 (a BOM is allowed); say clearly what is wrong with anything else."""
    raw = read_input(path, display, limit=MAX_FILE_BYTES)
    document = _document_kind(path, raw)
    if document is not None:
        kind, hint = document
        raise LoadError.at(
            codes.UNREADABLE_FILE,
            f"这是{' ' * kind[0].isascii()}{kind}，不是计划 YAML 文件",
            display,
            hint=hint.format(path=display),
        )
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1  # characters, not bytes
        try:
            raw.decode("gb18030")
            message = "文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码）"
        except UnicodeDecodeError:
            message = "文件不是有效的 UTF-8 文本"
        raise LoadError.at(
            codes.UNREADABLE_FILE, message, display, line, col, "请用 UTF-8 编码另存此文件"
        ) from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        message = f"文件含有控制字符 U+{ord(bad.group()):04X}，Word 文档无法容纳"
        raise LoadError.at(codes.UNREADABLE_FILE, message, display, line, col, "删除该字符")
    return text


_IMPORT = "已有的计划先用 kepu-plan import {path} 导入为计划 YAML（写入 plans/<年份>.yaml），再校验、生成或比较导入的文件"
#: (file signature or suffix, what it is, what to do with it)
_DOCUMENTS = (
    (b"PK\x03\x04", ".docx", "Word 文档（.docx）", _IMPORT),
    (
        b"\xd0\xcf\x11\xe0",
        ".doc",
        "旧版 Word 文档（.doc）",
        "先在 Word 或 WPS 中另存为 .docx，再用 kepu-plan import 导入为计划 YAML",
    ),
    (
        b"%PDF",
        ".pdf",
        "PDF 文件",
        "kepu-plan import 读 Word 文档（.docx）或文本（.txt）：请找到计划的原稿再导入",
    ),
    (None, ".txt", "文本文件（.txt）", _IMPORT),
)


def _document_kind(path: Path, raw: bytes) -> tuple[str, str] | None:
    """A Word document, PDF or plain-text plan given where a plan YAML belongs: what it is and what to do."""
    suffix = path.suffix.lower()
    for signature, ending, kind, hint in _DOCUMENTS:
        if (signature is not None and raw.startswith(signature)) or suffix == ending:
            return kind, hint
    return None


# -- plain data → model ------------------------------------------------------------------------------

_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段「{field}」",
    "string_type": "「{field}」应为文本",
    "int_type": "「{field}」应为整数",
    "int_parsing": "「{field}」应为整数",
    "int_from_float": "「{field}」应为整数，不能有小数",
    "float_type": "「{field}」应为数字",
    "date_from_datetime_inexact": "「{field}」应为日期，如 2025-01-05",
    "date_future": "「{field}」应为日期",
    "bool_type": "「{field}」应为 true 或 false",
    "list_type": "「{field}」应为列表",
    "dict_type": "「{field}」应为映射（键: 值）",
    "model_type": "「{field}」应为映射（键: 值）",
    "model_attributes_type": "「{field}」应为映射（键: 值）",
    "string_too_short": "「{field}」不能为空",
    "too_short": "「{field}」至少需要 {min_length} 项",
    "too_long": "「{field}」最多 {max_length} 项（标题编号只到九十九）",
    "string_too_long": "「{field}」过长（最多 {max_length} 个字符）",
    "greater_than_equal": "「{field}」应不小于 {ge}",
    "less_than_equal": "「{field}」应不大于 {le}",
    "date_from_datetime_parsing": "「{field}」应为日期，如 2025-01-05",
    "date_parsing": "「{field}」应为日期，如 2025-01-05",
    "date_type": "「{field}」应为日期，如 2025-01-05",
    "literal_error": "「{field}」只能取 {expected}",
    "string_pattern_mismatch": "「{field}」格式不对",
}

_PATTERN_HINTS = {"id": "任务编号只用小写英文字母、数字和连字符，如 publicity-and-reporting"}


def _fields_at(model: type, loc: YamlPath) -> list[str]:
    """The field names valid in the mapping at `loc` (for 「是否应为…？」 on unknown keys), read from
    the model's core schema: the one description of the file's shape that validation also follows."""
    node = unwrapped(schema_of(model))
    for part in loc:
        if isinstance(part, int):
            if node["type"] != "list":
                return []
            node = unwrapped(node["items_schema"])
            continue
        if node["type"] != "dataclass":
            return []
        field = next((f for f in node["schema"]["fields"] if f["name"] == part), None)
        if field is None:
            return []
        node = unwrapped(field["schema"])
    return [f["name"] for f in node["schema"]["fields"]] if node["type"] == "dataclass" else []


#: pydantic-core names some errors after what a dataclass is built from (keyword arguments): the same
#: errors as a mapping's, and said the same way.
_ERROR_KINDS = {
    "unexpected_keyword_argument": "extra_forbidden",
    "missing_keyword_argument": "missing",
    "dataclass_type": "model_type",
    "dataclass_exact_type": "model_type",
}


_UNIT_GROUP_FIELDS = ("units", "support")


def _is_flat_unit_list(loc: tuple[Any, ...], kind: str) -> bool:
    """A unit name where a group (a list) was expected: `units: [各区政府, 市科协]`."""
    return (
        kind == "list_type" and len(loc) >= 2 and isinstance(loc[-1], int) and loc[-2] in _UNIT_GROUP_FIELDS
    )


def schema_diagnostics(exc: ValidationError, model: type, source: SourceMap) -> list[Diagnostic]:
    """pydantic's errors as located Chinese diagnostics (KP003 missing, KP004 unknown, KP005 invalid)."""
    diagnostics = []
    errors: list[dict[str, Any]] = [
        {**e, "type": _ERROR_KINDS.get(e["type"], e["type"])} for e in exc.errors(include_url=False)
    ]
    flat_units: dict[YamlPath, list[str]] = {}  # units: [各区政府, 市科协]: names where groups belong
    for error in errors:
        where: YamlPath = tuple(error["loc"])
        if _is_flat_unit_list(where, error["type"]):
            flat_units.setdefault(where[:-1], []).append(str(error["input"]))
    for field_path, names in flat_units.items():
        field = field_path[-1]
        one, each = ", ".join(names), ", ".join(f"[{n}]" for n in names)
        diagnostics.append(
            source.diagnostic(
                codes.INVALID_VALUE,
                f"「{field}」是单位分组的列表，每一组也要写在方括号里",
                field_path,
                hint=f"写成 {field}: [[{one}]]（同一组，输出用“、”连接），"
                f"或 {field}: [{each}]（各为一组，输出用“，”连接）",
            )
        )
    for error in errors:
        loc: YamlPath = tuple(error["loc"])
        kind = error["type"]
        if _is_flat_unit_list(loc, kind):
            continue
        name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "（根）")
        ctx = {k: v for k, v in (error.get("ctx") or {}).items()}
        hint = None
        if kind == "extra_forbidden":
            valid = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(name, valid, n=1, cutoff=0.5)
            hint = did_you_mean(close) if close else (f"可用的字段：{', '.join(valid)}" if valid else None)
            diagnostics.append(
                source.diagnostic(codes.UNKNOWN_FIELD, f"未知字段「{name}」", loc, key=True, hint=hint)
            )
            continue
        if kind == "missing":
            diagnostics.append(source.diagnostic(codes.MISSING_FIELD, f"缺少必填字段「{name}」", loc))
            continue
        if kind == "value_error":
            message = str(ctx.get("error", error["msg"]))
        elif kind in _PYDANTIC_MESSAGES:
            try:
                message = _PYDANTIC_MESSAGES[kind].format(field=name, **ctx)
            except (KeyError, IndexError):
                message = f"「{name}」的值无效"
        else:
            message = f"「{name}」的值无效（{error['msg']}）"
        if kind == "string_pattern_mismatch":
            if ctx.get("pattern") in (ONE_LINE, OPTIONAL_ONE_LINE):
                message = f"「{name}」中有换行或控制字符：一段文字写在一行里，控制字符 Word 无法容纳"
                hint = "不要用 | 或 > 折行写法，需要分段时写成列表的多项；删除 \\x01 之类的转义字符"
            else:
                hint = _PATTERN_HINTS.get(name)
        if not loc and kind in ("model_type", "model_attributes_type", "dict_type"):
            message = "文件的顶层应为映射（键: 值），而不是列表或单个值"
        diagnostics.append(source.diagnostic(codes.INVALID_VALUE, message, loc, hint=hint))
    return diagnostics


def load_model(path: Path, model: type[M], display: str | None = None) -> Loaded[M]:
    """Read, parse and validate one file into `model`; raise LoadError with every located problem."""
    display = display or str(path)
    data, source = parse_yaml(read_text(path, display), display)
    try:
        return Loaded(validate(model, data), source, path)
    except ValidationError as exc:
        # a full-width colon or bracket turns structure into text: say that, not "应为列表" beside it
        full_width = full_width_syntax(source.text, display)
        lines = {d.line for d in full_width}
        schema = [d for d in schema_diagnostics(exc, model, source) if d.line not in lines]
        raise LoadError(sorted(full_width + schema, key=sort_key)) from None


def load_plan(path: Path, display: str | None = None) -> Loaded[Plan]:
    return load_model(path, Plan, display)


def load_registry(path: Path, display: str | None = None) -> Registry:
    """The unit registry, with its own schema errors and contradictions reported like a plan's."""
    loaded = load_model(path, RegistryFile, display)
    try:
        return Registry(loaded.model)
    except RegistryError as exc:
        raise LoadError(
            [
                loaded.source.diagnostic(codes.REGISTRY_INCONSISTENT, message, loc)
                for loc, message in exc.problems
            ]
        ) from None


# -- where files are ----------------------------------------------------------------------------------

PLAN_NAME = re.compile(r"^(\d{4})\.ya?ml$")


REGISTRY_NAME = re.compile(r"^units\.ya?ml$")


def is_registry(path: Path) -> bool:
    """The unit registry goes by its documented name, units.yaml, wherever it is."""
    return bool(REGISTRY_NAME.match(path.name))


def plan_files(plans_dir: Path) -> list[Path]:
    """The plans in a folder (regular files named by year), oldest first: a pipe or a device named
    like a plan is not one (reading it could wait for ever)."""
    if not plans_dir.is_dir():
        return []
    return sorted(
        (p for p in plans_dir.iterdir() if PLAN_NAME.match(p.name) and p.is_file()), key=lambda p: p.name
    )


def passed_over(plans_dir: Path) -> list[str]:
    """What discovery (plan_files) passes over, one message each: an entry named like a plan that is
    not a regular file (a pipe, a device, a folder, a link to nothing), so that it is named, never
    skipped without a word."""
    if not plans_dir.is_dir():
        return []
    found = []
    for path in sorted(plans_dir.iterdir(), key=lambda p: p.name):
        if PLAN_NAME.match(path.name) and not path.is_file():
            kind = special_kind(path) or ("失效的符号链接" if path.is_symlink() else "无法读取的文件")
            found.append(f"{path} 是{kind}，不是普通文件，不当作计划（已跳过）")
    return found


def _not_a_plan_file(path: Path, display: str) -> str | None:
    """Why an existing path cannot be read as a plan (a folder, a pipe, a device), or None."""
    kind = special_kind(path)
    if kind is None:
        return None
    if kind == "文件夹":
        return f"{display} 是一个文件夹，不是计划文件；请给出年份或 .yaml 文件"
    return not_regular_message(display, kind)


def resolve_plan(argument: str | None, plans_dir: Path) -> Path:
    """A year ("2025") means plans_dir/2025.yaml; anything else is a path. None means the newest plan."""
    if argument is None:
        files = plan_files(plans_dir)
        if not files:
            raise FileNotFoundError(no_plans_message(plans_dir))
        return files[-1]
    if re.fullmatch(r"\d{4}", argument):
        for suffix in (".yaml", ".yml"):
            candidate = plans_dir / f"{argument}{suffix}"
            if candidate.is_file():
                return candidate
            why = _not_a_plan_file(candidate, str(candidate))
            if why:
                raise FileNotFoundError(why)
        missing = plans_dir / (argument + ".yaml")
        raise FileNotFoundError(
            f"找不到 {argument} 年的计划：{missing} 不存在。" + next_steps(plans_dir, int(argument))
        )
    if argument == "-":
        raise FileNotFoundError(stdin_message())
    path = Path(argument)
    why = _not_a_plan_file(path, argument)
    if why:
        raise FileNotFoundError(why)
    if not path.is_file():
        raise FileNotFoundError(f"找不到计划文件：{argument}。" + next_steps(plans_dir, None))
    return path


def no_plans_message(plans_dir: Path) -> str:
    if not plans_dir.is_dir():
        where = f"找不到计划文件夹 {plans_dir}（当前文件夹和它的上级文件夹中都没有 plans/）。"
        return where + next_steps(plans_dir, None)
    return f"{plans_dir} 中没有计划文件（如 2025.yaml）。" + next_steps(plans_dir, None)


def next_steps(plans_dir: Path, year: int | None) -> str:
    """What a user can do when a plan is not where they looked: every "not found" ends with this."""
    target = plans_dir / f"{year or '<年份>'}.yaml"
    existing = [p.stem for p in plan_files(plans_dir)]
    older = [y for y in existing if year is not None and int(y) < year]
    steps = [
        f"已有 Word 或文本的计划：kepu-plan import 计划.docx（写入 {target}）",
    ]
    if older:
        steps.append(f"由 {older[-1]} 年的计划起草：kepu-plan new {year}")
    steps.append(f"git 中有这份计划：写成 git:修订:{target.as_posix()}，如 git:HEAD~1:{target.as_posix()}")
    steps.append("计划在别的文件夹：加 --plans-dir 文件夹")
    have = f"（{plans_dir} 中现有：{'、'.join(existing)}）" if existing else ""
    return f"可以{have}：\n" + "\n".join(f"  {step}" for step in steps)


def find_registry(plan_path: Path, plans_dir: Path, explicit: Path | None) -> Path:
    """units.yaml: as given, else beside the plan, else in the plans folder."""
    if explicit is not None:
        why = special_kind(explicit)
        if why is not None:
            raise FileNotFoundError(not_regular_message(f"单位名录 {explicit}", why))
        if not explicit.is_file():
            raise FileNotFoundError(f"找不到单位名录：{explicit}")
        return explicit
    for candidate in (plan_path.parent / "units.yaml", plans_dir / "units.yaml"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"找不到单位名录 units.yaml（在 {plan_path.parent} 和 {plans_dir} 中都没有）；用 --units 指定"
    )
