"""Task ids (importing/ids.py) alone: readable ASCII from a title's first characters, unique in a plan."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.importing.ids import slug

from import_stage import context


def test_an_id_is_the_pinyin_of_the_titles_first_characters_without_its_year():
    assert slug("科普讲座") == "ke-pu-jiang-zuo"
    assert slug("2025年科普讲座进社区活动") == "ke-pu-jiang-zuo-jin-she"  # six syllables, no year
    assert slug("科普讲座", syllables=2) == "ke-pu"


def test_a_title_without_chinese_gives_its_ascii_words_and_none_gives_nothing():
    assert slug("AI Maker Day") == "ai-maker-day"
    assert slug("！！——") == ""


@given(st.text(max_size=40))
def test_every_id_is_lowercase_ascii_words_joined_by_hyphens(title):
    ident = slug(title)
    assert len(ident) <= 72
    assert ident == "" or all(part and part.isascii() and part.isalnum() for part in ident.split("-"))
    assert ident == ident.lower()


def test_a_repeated_title_gets_the_next_free_number():
    ctx, _ = context()
    assert [ctx.task_id("科普讲座") for _ in range(3)] == [
        "ke-pu-jiang-zuo",
        "ke-pu-jiang-zuo-2",
        "ke-pu-jiang-zuo-3",
    ]
    assert ctx.task_id("！！") == "task"
    ctx.task_ids.add("ke-pu-zhan-lan-2")  # an id taken by another way (carried from last year's plan)
    assert [ctx.task_id("科普展览") for _ in range(3)] == [
        "ke-pu-zhan-lan",
        "ke-pu-zhan-lan-3",
        "ke-pu-zhan-lan-4",
    ]
