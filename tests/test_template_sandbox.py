"""A city's Jinja templates are untrusted input: they read only inside templates/, and every failure
or runaway is exit 2 naming the template and line (writers/sandbox.py, writers/text.render_template)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kepu_plan.writers import WriterOptionError, sandbox
from kepu_plan.writers.text import render_template, template_environment

from conftest import invoke, make_project

SECRET = "KEPU_SECRET_TOKEN=do-not-leak"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path / "城市")
    (root / "templates").mkdir()
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def override(project: Path, text: str | bytes, name: str = "plan.txt.j2") -> None:
    path = project / "templates" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def render_txt():  # type: ignore[no-untyped-def]
    return invoke("render", "2025", "--format", "txt", "-o", "-")


def refused(result, where: str, why: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert f"{where}：{why}" in result.stderr, result.stderr
    assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
    assert SECRET not in result.stdout


@pytest.mark.parametrize("tag", ["include", "import", "extends", "from"])
@pytest.mark.parametrize("kind", ["absolute", "dotdot"])
def test_a_template_cannot_read_outside_the_templates_folder(project, tmp_path, tag, kind):
    name = str(tmp_path / "secret.txt") if kind == "absolute" else "../../secret.txt"
    statement = {
        "include": f'{{% include "{name}" %}}',
        "import": f'{{% import "{name}" as s %}}{{{{ s }}}}',
        "extends": f'{{% extends "{name}" %}}',
        "from": f'{{% from "{name}" import x %}}',
    }[tag]
    override(project, "第一行\n" + statement + "\n")
    refused(render_txt(), "templates/plan.txt.j2:2", "找不到模板")


def test_proc_self_environ_never_reaches_the_output(project, monkeypatch):
    monkeypatch.setenv("KEPU_SECRET_TOKEN", "do-not-leak")
    override(project, '{% include "/proc/self/environ" %}')
    refused(render_txt(), "templates/plan.txt.j2:1", "找不到模板")


def test_a_link_leading_out_of_the_folder_is_not_followed(project, tmp_path):
    (project / "templates" / "leak.j2").symlink_to(tmp_path / "secret.txt")
    override(project, '{% include "leak.j2" %}')
    refused(render_txt(), "templates/plan.txt.j2:1", "找不到模板「leak.j2」")


def test_templates_inside_the_folder_include_each_other_also_through_links(project):
    (project / "templates" / "parts").mkdir()
    (project / "templates" / "parts" / "title.j2").write_text("【{{ plan.title }}】", encoding="utf-8")
    (project / "templates" / "alias.j2").symlink_to(project / "templates" / "parts" / "title.j2")
    override(project, '{% include "parts/title.j2" %}{% include "alias.j2" %}')
    result = render_txt()
    assert result.exit_code == 0, result.output
    assert result.stdout == "【2025年广州市科普工作计划】" * 2


def test_a_template_that_includes_itself_is_a_usage_error(project):
    override(project, 'x\n{% include "plan.txt.j2" %}\n')
    refused(render_txt(), "templates/plan.txt.j2:2", "模板嵌套过深")


def test_a_macro_that_calls_itself_is_a_usage_error(project):
    override(project, "{% macro f(n) %}{{ f(n) }}{% endmacro %}\n{{ f(1) }}")
    refused(render_txt(), "templates/plan.txt.j2:1", "模板嵌套过深")


def test_a_template_that_is_not_utf8_names_its_line(project):
    override(project, "第一行\n".encode() + "第二行{{ plan.title }}\n".encode("gb18030"))
    refused(render_txt(), "templates/plan.txt.j2:2", "模板不是 UTF-8 编码的文本")


def test_an_included_template_that_is_not_utf8_is_named_itself(project):
    override(project, b"\xff\xfe", "part.j2")
    override(project, '{% include "part.j2" %}')
    refused(render_txt(), "templates/part.j2:1", "模板不是 UTF-8 编码的文本")


def test_a_syntax_error_in_an_included_template_names_that_template(project):
    override(project, "ok\n{% if %}\n", "part.j2")
    override(project, '{% include "part.j2" %}')
    refused(render_txt(), "templates/part.j2:2", "模板语法错误")


def test_a_template_that_is_not_a_regular_file_is_named(project):
    os.mkfifo(project / "templates" / "plan.txt.j2")
    refused(render_txt(), "templates/plan.txt.j2", "模板是命名管道（FIFO），不是普通文件\n")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("{{ 1 / 0 }}", "模板运行出错（ZeroDivisionError"),
        ('{{ "a" | int + none }}', "模板运行出错（TypeError"),
        ("{{ 2.0 ** 100000 }}", "模板运行出错（OverflowError"),
        ('{{ "x" * 1000000000 }}', "模板重复生成的值超过上限"),
        ("{{ [0] * 1000000000 }}", "模板重复生成的值超过上限"),
        ("{{ 2 ** 100000000 }}", "模板计算的整数过大"),
        ('{{ "%999999999d" % 1 }}', "模板格式中的宽度超过上限"),
        ('{{ "{:>999999999}".format(1) }}', "模板格式中的宽度超过上限"),
        ('{{ "x" | center(1000000000) }}', "模板参数中的数值超过上限"),
        ('{{ ("x" * 1000000) | replace("x", "y" * 1000) }}', "模板替换的结果超过上限"),
        ('{{ ("x" * 1000000).replace("x", "y" * 1000) }}', "模板替换的结果超过上限"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "模板中 range() 循环的总次数超过上限",
        ),
        ("{{ range(10000000) | list }}", "模板中的 range() 过长"),
        ("{{ lipsum(1000000) }}", "模板引用了不存在的值"),
    ],
)
def test_failures_and_runaway_work_stop_with_the_template_and_line(project, body, why):
    override(project, "{{ plan.title }}\n" + body + "\n")
    refused(render_txt(), "templates/plan.txt.j2:2", why)


def test_doubling_a_string_stops_at_the_size_limit(project):
    override(
        project,
        '{% set ns = namespace(s="x") %}\n{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n',
    )
    refused(render_txt(), "templates/plan.txt.j2:2", "模板生成的值超过上限")


def test_the_output_is_counted_while_it_streams(project):
    override(project, 'x\n{% for i in range(100000) %}{{ "y" * 1000 }}{% endfor %}\n')
    refused(render_txt(), "templates/plan.txt.j2:2", "模板输出超过上限")


def test_rendering_stops_at_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_TEMPLATE_SECONDS", 1)
    (tmp_path / "slow.txt.j2").write_text(
        '{% set s = "x" * 100000 %}\n{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}',
        encoding="utf-8",
    )
    with pytest.raises(WriterOptionError, match=r"slow\.txt\.j2:2：模板渲染超过时间上限"):
        render_template(template_environment(tmp_path), "slow.txt.j2")


def test_html_pages_share_the_factory_with_autoescape(tmp_path):
    (tmp_path / "page.j2").write_text("<p>{{ text }}</p>", encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>{{ text }}</p>", encoding="utf-8")
    env = template_environment(tmp_path, autoescape=True)
    assert render_template(env, "page.j2", text="<b>&") == "<p>&lt;b&gt;&amp;</p>"
    plain = template_environment(tmp_path)
    assert render_template(plain, "page.j2", text="<b>") == "<p><b></p>"
    assert render_template(plain, "page.html", text="<b>") == "<p>&lt;b&gt;</p>"  # by its name


def test_packaged_templates_render_within_the_limits(project):
    result = invoke("render", "2025", "--format", "md", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("# 2025年广州市科普工作计划")
