"""Reading plan and registry files: bytes → text → YAML nodes with positions → pydantic models.

Why not ruamel's round-trip loader: it is ~7× slower than the C-backed safe parser, and validate runs
in every pre-commit. The safe parser's `compose` gives the node tree with start marks; we build the
plain Python data from it ourselves, which also lets us refuse what a plan never needs (custom tags,
merge keys, alias bombs, duplicate keys) and remember where every value stood.
"""

from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Severity
from .model import Plan
from .units import Registry, RegistryError, RegistryFile

YamlPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

#: Limits for hostile input. A real plan is ~40 KB and ~1,000 nodes; 100 years of plans fit easily.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_NODES = 2_000_000  # nodes built, counting every alias expansion: stops "billion laughs" early
MAX_DEPTH = 64  # nesting of mappings and sequences; a plan needs 8

_PLAIN, _QUOTED, _OTHER = 0, 1, 2
_STANDARD_TAGS = "tag:yaml.org,2002:"


class LoadError(Exception):
    """The file could not be turned into a model; `diagnostics` says where and why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass
class SourceMap:
    """Where each value of a YAML document stands (1-based line and column), by its path."""

    file: str
    values: dict[YamlPath, tuple[int, int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that exists (a missing field → its mapping)."""
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        line, col, _ = self.values.get(path, (1, 1, _OTHER))
        return line, col

    def locate_in_text(self, path: YamlPath, offset: int) -> tuple[int, int]:
        """The position of character `offset` inside a one-line scalar; the scalar's start otherwise."""
        line, col, style = self.values.get(tuple(path), (0, 0, _OTHER))
        if not line:
            return self.locate(path)
        if style == _PLAIN:
            return line, col + offset
        if style == _QUOTED:
            return line, col + 1 + offset
        return line, col

    def diagnostic(
        self,
        code: str,
        severity: Severity,
        message: str,
        path: YamlPath,
        *,
        hint: str | None = None,
        offset: int | None = None,
        key: bool = False,
    ) -> Diagnostic:
        if offset is None:
            line, col = self.locate(path, key=key)
        else:
            line, col = self.locate_in_text(path, offset)
        return Diagnostic(code, severity, message, self.file, line, col, hint)


@dataclass
class Loaded(Generic[M]):
    """A model together with the file it came from and the positions of its values."""

    model: M
    source: SourceMap
    path: Path


# -- bytes → text -----------------------------------------------------------------------------------


def read_text(path: Path, display: str) -> str:
    """Read a file as UTF-8 (a BOM is allowed); say clearly what is wrong with anything else."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(
                [
                    Diagnostic(
                        "KP030",
                        Severity.ERROR,
                        f"文件过大（{size / 1048576:.1f} MB），上限为 {MAX_FILE_BYTES // 1048576} MB",
                        display,
                    )
                ]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise LoadError(
            [Diagnostic("KP030", Severity.ERROR, f"无法读取文件：{exc.strerror}", display)]
        ) from None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "请用 UTF-8 编码另存此文件"
        try:
            raw.decode("gb18030")
            message = "文件不是 UTF-8 编码（看起来是 GBK/GB18030 编码）"
        except UnicodeDecodeError:
            message = "文件不是有效的 UTF-8 文本"
        raise LoadError([Diagnostic("KP030", Severity.ERROR, message, display, line, col, hint)]) from None
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise LoadError(
            [
                Diagnostic(
                    "KP030",
                    Severity.ERROR,
                    f"文件含有控制字符 U+{ord(bad.group()):04X}，Word 文档无法容纳",
                    display,
                    line,
                    col,
                    "删除该字符",
                )
            ]
        )
    return text


# -- text → plain data with positions -------------------------------------------------------------


def _yaml_error(exc: Exception, display: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    translated = _translate_yaml_problem(problem, context)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Diagnostic(
        "KP001", Severity.ERROR, f"YAML 语法错误：{translated}", display, line, col, _yaml_hint(problem)
    )


_YAML_PROBLEMS = [
    ("found character '\\t' that cannot start any token", "此处有制表符（Tab），YAML 只能用空格缩进"),
    ("mapping values are not allowed here", "此处不能出现“:”（冒号后面要有空格，或文字中的冒号需加引号）"),
    ("could not find expected ':'", "缺少“:”"),
    ("did not find expected key", "缩进不一致，找不到应有的键"),
    ("did not find expected '-' indicator", "列表项缩进不一致"),
    ("found unexpected end of stream", "文件意外结束（引号或括号未闭合？）"),
    ("found undefined alias", "引用了未定义的锚点"),
    ("found unknown escape character", "引号内有无效的转义字符"),
    ("expected <document start>", "此处不应有新的内容块"),
    ("found character that cannot start any token", "此处的字符不能开始一个 YAML 值"),
]


def _translate_yaml_problem(problem: str, context: str | None) -> str:
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return chinese
    return f"{problem}" + (f"（{context}）" if context else "")


def _yaml_hint(problem: str) -> str | None:
    if "\\t" in problem:
        return "把 Tab 换成空格"
    return None


class _Builder:
    """Builds dicts, lists and scalars from composed nodes, recording where each value stood."""

    def __init__(self, source: SourceMap):
        self.source = source
        self.nodes = 0
        self.problems: list[Diagnostic] = []

    def problem(self, code: str, message: str, node: Any, hint: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(
            Diagnostic(code, Severity.ERROR, message, self.source.file, mark.line + 1, mark.column + 1, hint)
        )

    def build(self, node: Any, path: YamlPath, depth: int = 0) -> Any:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise LoadError(
                [
                    Diagnostic(
                        "KP001",
                        Severity.ERROR,
                        f"YAML 展开后节点过多（超过 {MAX_NODES:,} 个），疑似别名炸弹，已拒绝",
                        self.source.file,
                        node.start_mark.line + 1,
                        node.start_mark.column + 1,
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise LoadError(
                [
                    Diagnostic(
                        "KP001",
                        Severity.ERROR,
                        f"嵌套层级过深（超过 {MAX_DEPTH} 层）",
                        self.source.file,
                        node.start_mark.line + 1,
                        node.start_mark.column + 1,
                    )
                ]
            )
        style = (
            _PLAIN
            if getattr(node, "style", None) is None
            else (_QUOTED if node.style in ("'", '"') else _OTHER)
        )
        if isinstance(node, ScalarNode) and "\n" in node.value:
            style = _OTHER
        self.source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1, style)
        tag = node.tag or ""
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if tag != _STANDARD_TAGS + "seq":
                self.problem("KP001", f"不支持的 YAML 标签「{tag}」", node, "删除该标签")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self._scalar(node)

    def _mapping(self, node: Any, path: YamlPath, depth: int) -> dict[str, Any]:
        from ruamel.yaml.nodes import ScalarNode

        if node.tag != _STANDARD_TAGS + "map":
            self.problem("KP001", f"不支持的 YAML 标签「{node.tag}」", node, "删除该标签")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _STANDARD_TAGS + "merge":
                self.problem("KP001", "计划文件不支持合并键“<<”", key_node, "把要合并的内容直接写出")
                continue
            if not isinstance(key_node, ScalarNode):
                self.problem("KP005", "键必须是简单文本", key_node)
                continue
            key = key_node.value
            if key in result:
                first = self.source.keys[(*path, key)]
                self.problem(
                    "KP002",
                    f"键「{key}」重复（第一次出现在第 {first[0]} 行）",
                    key_node,
                    "删除或合并重复的键；YAML 只会保留其中一个",
                )
                continue
            self.source.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: Any) -> Any:
        tag, value = node.tag, node.value
        if tag == _STANDARD_TAGS + "str":
            return value
        if tag == _STANDARD_TAGS + "null":
            return None
        if tag == _STANDARD_TAGS + "bool":
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _STANDARD_TAGS + "int":
            digits = value.replace("_", "")
            for base in (0, 10):  # 0x1F, 0o17, 42; then 0042, which base 0 refuses
                try:
                    return int(digits, base)
                except ValueError:
                    continue
            return value
        if tag == _STANDARD_TAGS + "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if tag == _STANDARD_TAGS + "timestamp":
            return value  # the model parses dates itself
        self.problem(
            "KP001", f"不支持的 YAML 标签「{tag}」：计划文件只用纯文本、数字、列表和映射", node, "删除该标签"
        )
        return value


def parse_yaml(text: str, display: str) -> tuple[Any, SourceMap]:
    """YAML text → plain Python data and a :class:`SourceMap`; raises LoadError with located problems."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    source = SourceMap(display)
    conflict = re.search(r"^(<{7}|>{7})( |$)", text, re.MULTILINE)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise LoadError(
            [
                Diagnostic(
                    "KP001",
                    Severity.ERROR,
                    "文件中留有合并冲突标记",
                    display,
                    line,
                    1,
                    "解决冲突后删除 <<<<<<< ======= >>>>>>> 各行",
                )
            ]
        )
    yaml = YAML(typ="safe", pure=False)
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        raise LoadError([_yaml_error(exc, display)]) from None
    except (YAMLError, ValueError, RecursionError) as exc:
        raise LoadError([_yaml_error(exc, display)]) from None
    if node is None:
        raise LoadError([Diagnostic("KP001", Severity.ERROR, "文件是空的", display)])
    builder = _Builder(source)
    data = builder.build(node, ())
    if builder.problems:
        raise LoadError(builder.problems)
    return data, source


# -- plain data → model ------------------------------------------------------------------------------

_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "缺少必填字段「{field}」",
    "string_type": "「{field}」应为文本",
    "int_type": "「{field}」应为整数",
    "int_parsing": "「{field}」应为整数",
    "bool_type": "「{field}」应为 true 或 false",
    "list_type": "「{field}」应为列表",
    "dict_type": "「{field}」应为映射（键: 值）",
    "model_type": "「{field}」应为映射（键: 值）",
    "model_attributes_type": "「{field}」应为映射（键: 值）",
    "string_too_short": "「{field}」不能为空",
    "too_short": "「{field}」至少需要 {min_length} 项",
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


def _fields_at(model: type[BaseModel], loc: YamlPath) -> list[str]:
    """The field names valid in the mapping at `loc` (for 「是否应为…？」 on unknown keys)."""
    current: Any = model
    for part in loc:
        while get_origin(current) is not None and not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            args = [a for a in get_args(current) if a is not type(None)]
            current = args[0] if args else None
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return []
    while get_origin(current) is not None:
        args = [a for a in get_args(current) if a is not type(None)]
        current = args[0] if args else None
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def schema_diagnostics(exc: ValidationError, model: type[BaseModel], source: SourceMap) -> list[Diagnostic]:
    """pydantic's errors as located Chinese diagnostics (KP003 missing, KP004 unknown, KP005 invalid)."""
    diagnostics = []
    for error in exc.errors(include_url=False):
        loc: YamlPath = tuple(error["loc"])
        kind = error["type"]
        name = str(loc[-1]) if loc else "（根）"
        ctx = {k: v for k, v in (error.get("ctx") or {}).items()}
        hint = None
        if kind == "extra_forbidden":
            valid = _fields_at(model, loc[:-1])
            close = difflib.get_close_matches(name, valid, n=1, cutoff=0.5)
            hint = (
                f"是否应为「{close[0]}」？"
                if close
                else (f"可用的字段：{', '.join(valid)}" if valid else None)
            )
            diagnostics.append(
                source.diagnostic("KP004", Severity.ERROR, f"未知字段「{name}」", loc, key=True, hint=hint)
            )
            continue
        if kind == "missing":
            diagnostics.append(source.diagnostic("KP003", Severity.ERROR, f"缺少必填字段「{name}」", loc))
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
            hint = _PATTERN_HINTS.get(name)
        if not loc and kind in ("model_type", "model_attributes_type", "dict_type"):
            message = "文件的顶层应为映射（键: 值），而不是列表或单个值"
        diagnostics.append(source.diagnostic("KP005", Severity.ERROR, message, loc, hint=hint))
    return diagnostics


def load_model(path: Path, model: type[M], display: str | None = None) -> Loaded[M]:
    """Read, parse and validate one file into `model`; raise LoadError with every located problem."""
    display = display or str(path)
    data, source = parse_yaml(read_text(path, display), display)
    try:
        return Loaded(model.model_validate(data), source, path)
    except ValidationError as exc:
        raise LoadError(schema_diagnostics(exc, model, source)) from None


def load_plan(path: Path, display: str | None = None) -> Loaded[Plan]:
    return load_model(path, Plan, display)


def load_registry(path: Path, display: str | None = None) -> Registry:
    """The unit registry, with its own schema errors and contradictions reported like a plan's."""
    loaded = load_model(path, RegistryFile, display)
    try:
        return Registry(loaded.model)
    except RegistryError as exc:
        raise LoadError(
            [loaded.source.diagnostic("KP040", Severity.ERROR, message, loc) for loc, message in exc.problems]
        ) from None


# -- where files are ----------------------------------------------------------------------------------

PLAN_NAME = re.compile(r"^(\d{4})\.ya?ml$")


def plan_files(plans_dir: Path) -> list[Path]:
    """The plans in a folder (files named by year), oldest first."""
    if not plans_dir.is_dir():
        return []
    return sorted((p for p in plans_dir.iterdir() if PLAN_NAME.match(p.name)), key=lambda p: p.name)


def resolve_plan(argument: str | None, plans_dir: Path) -> Path:
    """A year ("2025") means plans_dir/2025.yaml; anything else is a path. None means the newest plan."""
    if argument is None:
        files = plan_files(plans_dir)
        if not files:
            raise FileNotFoundError(f"{plans_dir} 中没有计划文件（如 2025.yaml）")
        return files[-1]
    if re.fullmatch(r"\d{4}", argument):
        for suffix in (".yaml", ".yml"):
            candidate = plans_dir / f"{argument}{suffix}"
            if candidate.is_file():
                return candidate
        raise FileNotFoundError(f"找不到 {argument} 年的计划：{plans_dir / (argument + '.yaml')} 不存在")
    path = Path(argument)
    if not path.is_file():
        raise FileNotFoundError(f"找不到计划文件：{argument}")
    return path


def find_registry(plan_path: Path, plans_dir: Path, explicit: Path | None) -> Path:
    """units.yaml: as given, else beside the plan, else in the plans folder."""
    if explicit is not None:
        if not explicit.is_file():
            raise FileNotFoundError(f"找不到单位名录：{explicit}")
        return explicit
    for candidate in (plan_path.parent / "units.yaml", plans_dir / "units.yaml"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"找不到单位名录 units.yaml（在 {plan_path.parent} 和 {plans_dir} 中都没有）；用 --units 指定"
    )
