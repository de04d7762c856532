"""Headings (importing/headings.py): a common heading run straight into its text is split off, in our
own words reproducing pages that lost the break between a heading and its first sentence."""

from __future__ import annotations

import pytest

from kepu_plan.importing.headings import split_heading


@pytest.mark.parametrize(
    ("text", "heading", "rest"),
    [
        ("计划背景随着科技发展，居民需求日益增加。", "计划背景", "随着科技发展，居民需求日益增加。"),
        ("活动背景为营造创新氛围，特制定本方案。", "活动背景", "为营造创新氛围，特制定本方案。"),
        ("具体措施组织专家进社区开展讲座。", "具体措施", "组织专家进社区开展讲座。"),
        ("工作内容 建设科普阵地，开展科普活动。", "工作内容", "建设科普阵地，开展科普活动。"),
        ("活动时间5月18日至24日。", "活动时间", "5月18日至24日。"),
        ("主要活动内容", "主要活动内容", ""),  # a heading that only starts with a common one
    ],
)
def test_a_common_heading_run_into_its_text_is_split_off(text, heading, rest):
    assert split_heading(text) == (heading, rest)
