"""Hostile input, family 4: text that looks like code is printed as written, never evaluated."""

from __future__ import annotations

import io
import json
import re

import docx
import pytest

from conftest import replace_once, write_plan

PAYLOADS = [
    "{{ 7*7 }}",
    "{% for x in range(3) %}循环{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "<script>alert('x')</script>",
    "<b>加粗</b>&amp;",
    "**不是粗体** _也不是斜体_ [链接](http://x) # 不是标题",
]


@pytest.fixture(
    params=PAYLOADS, ids=["jinja-expr", "jinja-block", "jinja-escape", "html-script", "html-entity", "md"]
)
def payload(request):
    return request.param


def plan_with(tmp_path, plan_text, payload):
    quote = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731  a JSON string is valid YAML
    text = replace_once(
        plan_text, "title: 加强社区基层科普。", f"title: {quote(f'加强{payload}社区基层科普。')}"
    )
    text = replace_once(text, "heading: 保障措施", f"heading: {quote(f'保障{payload}措施')}")
    return write_plan(tmp_path / "plans", text)


def test_txt_prints_code_as_written(cli, tmp_path, plan_text, payload):
    result = cli("render", plan_with(tmp_path, plan_text, payload), "--format", "txt", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert f"加强{payload}社区基层科普。" in result.stdout
    assert "49" not in result.stdout.replace("2049", "")


def test_markdown_escapes_code_so_it_renders_as_text(cli, tmp_path, plan_text, payload):
    result = cli("render", plan_with(tmp_path, plan_text, payload), "--format", "md", "-o", "-")
    assert result.exit_code == 0
    md = result.stdout
    assert "<script>" not in md and "<b>加粗" not in md  # raw HTML never passes through
    unescaped = re.sub(r"\\(.)", r"\1", md).replace("&amp;", "&")
    assert f"加强{payload}社区基层科普。" in unescaped


def test_word_document_holds_the_code_as_literal_text(cli, tmp_path, plan_text, payload):
    out = tmp_path / "p.docx"
    assert cli("render", plan_with(tmp_path, plan_text, payload), "-o", out).exit_code == 0
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert f"加强{payload}社区基层科普。" in text
    assert f"保障{payload}措施" in text


def test_unit_lists_print_code_as_written(cli, tmp_path, plan_text, payload):
    plan = plan_with(tmp_path, plan_text, payload)
    result = cli("render", plan, "--unit", "市科协", "--format", "json", "-o", "-")
    assert result.exit_code == 0
    titles = [t["title"] for t in json.loads(result.stdout)["tasks"]]
    assert f"加强{payload}社区基层科普。" in titles
    md = cli("render", plan, "--unit", "市科协", "--format", "md", "-o", "-").stdout
    assert "<script>" not in md


def test_diff_prints_code_as_written(cli, tmp_path, plan_text, payload):
    from conftest import PLAN_2025

    plan = plan_with(tmp_path, plan_text, payload)
    result = cli("diff", PLAN_2025, plan, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert payload in json.dumps(json.loads(result.stdout), ensure_ascii=False)
    md = cli("diff", PLAN_2025, plan, "--format", "md").stdout
    assert "<script>" not in md
