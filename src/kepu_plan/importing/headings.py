"""Headings: the level a numbered line stands at, and a heading told apart from the text run on
after it (一、活动时间5月15日—21日。 → 活动时间 | 5月15日—21日。)."""

from __future__ import annotations

import re

from ..numbering import SENTENCE_END_ANY_WIDTH, parse_number
from ..sources import SourceParagraph
from .context import Element
from .fields import first_sentence

ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[：:]?")
#: Sections that list an agenda or a schedule: their numbered lines are steps, not tasks.
AGENDA = re.compile(r"议程|議程|日程|流程|程序|安排表")


def level(element: Element) -> str | None:
    """The numbering level of a paragraph (一 （一） 1. （1） ①), None for a table cell or no number."""
    if not isinstance(element, SourceParagraph) or element.table:
        return None
    number = parse_number(element.text)
    return number.level if number else None


#: Headings plans use again and again: where one runs straight into its text without a mark
#: (一、活动时间5月15日—21日。 or 一、主题 提高科学素质), it is split off.
COMMON_HEADINGS = tuple(
    sorted(
        [
            "指导思想",
            "指導思想",
            "基本原则",
            "基本原則",
            "总体要求",
            "總體要求",
            "工作目标",
            "工作目標",
            "总体目标",
            "總體目標",
            "主要目标",
            "主要目標",
            "目标任务",
            "目標任務",
            "主要任务",
            "主要任務",
            "重点任务",
            "重點任務",
            "工作任务",
            "工作任務",
            "工作重点",
            "工作重點",
            "重点工作",
            "重點工作",
            "主要内容",
            "主要內容",
            "活动内容",
            "活動內容",
            "主要活动",
            "主要活動",
            "重点活动",
            "重點活動",
            "计划背景",
            "計劃背景",
            "活动背景",
            "活動背景",
            "工作背景",
            "活动目的",
            "活動目的",
            "活动目标",
            "活動目標",
            "具体目标",
            "具體目標",
            "具体措施",
            "具體措施",
            "工作内容",
            "工作內容",
            "工作原则",
            "工作原則",
            "活动形式",
            "活動形式",
            "活动要求",
            "活動要求",
            "活动时间",
            "活動時間",
            "活动地点",
            "活動地點",
            "活动主题",
            "活動主題",
            "时间",
            "時間",
            "地点",
            "地點",
            "主题",
            "主題",
            "活动对象",
            "活動對象",
            "参加对象",
            "參加對象",
            "组织领导",
            "組織領導",
            "组织机构",
            "組織機構",
            "保障措施",
            "工作要求",
            "有关要求",
            "有關要求",
            "工作措施",
            "实施步骤",
            "實施步驟",
            "进度安排",
            "進度安排",
            "时间安排",
            "時間安排",
            "工作安排",
            "主办单位",
            "主辦單位",
            "承办单位",
            "承辦單位",
            "协办单位",
            "協辦單位",
        ],
        key=len,
        reverse=True,
    )
)


#: How a heading phrase ends (…建设 …机制 …活动) and how the text run on after it opens (按照 根据 以
#: 始终坚持 …): where a page lost the break between them, the heading ends between the two.
_HEADING_ENDS = (
    "建设|建設|机制|機制|体系|體系|活动|活動|工作|工程|行动|行動|能力|水平|服务|服務|平台|阵地|陣地|队伍|隊伍|"
    "宣传|宣傳|教育|普及|保障|领导|領導|管理|制度|环境|環境|氛围|氛圍|作用|素质|素質|素养|素養|创新|創新|发展|發展|"
    "传播|傳播|合作|交流|基地|设施|設施|网络|網絡|格局|品牌|人才|协作|協作|措施|责任|責任"
)
_TEXT_OPENS = (
    "按照|根据|根據|依据|依據|依托|依託|围绕|圍繞|为了|為了|通过|通過|结合|結合|坚持|堅持|始终|始終|充分|积极|積極|"
    "认真|認真|进一步|進一步|切实|切實|全面|深入|着力|著力|大力|以|为|為|在|要|由|各"
)
GLUED_HEADING = re.compile(
    rf"([^，,。；;：:、！？!?\s]{{2,28}}?(?:{_HEADING_ENDS}))(?={_TEXT_OPENS})(?=[^，,。；;：:]{{2}})"
)


def split_heading(text: str) -> tuple[str, str]:
    """A heading glued to its first paragraph: 指导思想。以习近平… → (指导思想。, 以习近平…);
    指导思想：坚持统筹协同。 → (指导思想：, 坚持统筹协同。), the colon (full or half width) kept;
    活动时间5月15日。 → (活动时间, 5月15日。) for the common headings; 主题 提高… at the space."""
    for word in COMMON_HEADINGS:
        if text.startswith(word) and len(text) > len(word):
            following = text[len(word)]
            if following.isspace():
                return word, text[len(word) :].strip()
            rest = text[len(word) :]
            long_enough = (
                len(rest) > 6
                or rest[0].isdigit()
                or rest[0] in '“‘"《'
                or any(c in rest for c in SENTENCE_END_ANY_WIDTH)
            )
            if (
                following not in SENTENCE_END_ANY_WIDTH + "：:，,、；;（(和与及" and long_enough
            ):  # not 主要活动内容
                return word, rest
    spaced = re.match(r"(\S{2,12})\s+(\S.*)$", text)
    if spaced and not any(c in spaced.group(1) for c in SENTENCE_END_ANY_WIDTH + "，,：:"):
        return spaced.group(1), spaced.group(2)
    heading, rest = first_sentence(text)
    colon = min((i for i in (text.find("："), text.find(":")) if i > 0), default=-1)
    if 0 < colon <= 20 and colon < len(heading) and text[colon + 1 :].strip():
        return text[: colon + 1], text[colon + 1 :]
    glued = None if heading_like(heading) else GLUED_HEADING.match(text)
    if glued:  # 加强阵地建设按照…，… : no mark between the heading and its text
        return glued.group(1), text[glued.end(1) :]
    return (heading, rest) if rest else (text, "")


def heading_like(text: str) -> bool:
    """A short line without a sentence in it: 科普阵地建设, 科技活动周启动式暨科普嘉年华."""
    return 0 < len(text) <= 30 and not any(c in text for c in SENTENCE_END_ANY_WIDTH + "；;，,")


def short_heading(paragraph: SourceParagraph) -> bool:
    """A line that can head a list without a number: 农民科学素质行动, not 附件：… nor a sentence."""
    text = paragraph.text.strip()
    return (
        not paragraph.table
        and 2 <= len(text) <= 20
        and heading_like(text)
        and not any(c in text for c in "：:、（）()")
    )
