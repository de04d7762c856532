"""Title stage: the plan's own title, and the signature (issuer, date) that closes the document.

The title is one to three short lines that read like a plan's name, found after any 文号, dates,
portal metadata and draft markers; a forwarding notice (关于印发《…》的通知) names the plan. Where
no line reads like a title there is none, with a note: a sentence is never promoted."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..numbering import SENTENCE_END_ANY_WIDTH, parse_number
from ..sources import SourceParagraph
from .context import NORMALISED, SPLIT, UNSURE, Context, Element
from .headings import ATTACHMENT, level

DATE_LINE = re.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")

#: Lines around a title that are not the title: 文号, portal metadata, draft markers, viewer noise.
_DOC_NUMBER = re.compile(r"[〔［\[【(（]\s*(?:19|20)\d{2}\s*[〕］\]】)）]\s*第?\s*\d+\s*号")
_META = re.compile(
    r"^(?:索\s*引\s*号|发布机构|發布機構|发布日期|發布日期|成文日期|生成日期|公开日期|公開日期|发布时间|發布時間|"
    r"主题分类|主題分類|信息分类|信息分類|来源|來源|浏览|瀏覽|点击|點擊|字号|字號|文\s*号|文\s*號|发文字号|發文字號|"
    r"发文机关|發文機關|有\s*效\s*性|公开方式|公開方式|公开范围|公開範圍|当前位置|當前位置|您的位置|作者|"
    r"责任编辑|責任編輯|标\s*题|標\s*題|分享|打印|关闭|關閉|首页|首頁)"
)
#: The words of a draft marker, and the version that may follow them: （征求意见稿V2.2）
_DRAFT_WORDS = (
    r"(?:征求意见稿|徵求意見稿|送审稿|送審稿|讨论稿|討論稿|修改稿|修订稿|修訂稿|报批稿|報批稿|初稿|草案|试行|試行)"
    r"(?:\s*[vV]?\d+(?:\.\d+)*)?"
)
_FULL_DATE = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_DRAFT = re.compile(rf"^[（(【\[]?\s*{_DRAFT_WORDS}\s*[）)】\]]?$")
#: A date or time alone on a line, bare or in brackets: 2024-03-08 10:20, （2015年9月15日）
_DATE_OR_TIME = re.compile(rf"^[（(【\[]?(?:{_FULL_DATE}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?|\s)+[）)】\]]?$")
_PUBLIC = re.compile(r"^[（(]\s*此件\S{0,6}[）)]$")
_NOTICE = re.compile(r"关于印发|關於印發|关于转发|關於轉發|印发给你们|印發給你們|现将|現將")
#: The plan a notice forwards, in 《》 next to the forwarding verb: 关于印发《…》的通知, 现将《…》印发给你们.
#: A 《》 elsewhere in the notice (a law it cites, 现将有关事项通知如下) names no plan.
_INNER_TITLE = re.compile(
    r"(?:印发|印發|转发|轉發|现将|現將)\s*《([^《》]{4,100})》|《([^《》]{4,100})》\s*(?:印发|印發|转发|轉發)"
)
#: 关于印发2024年科普工作要点的通知, without 《》: the plan's name stands between 印发 and 的通知.
_BARE_NOTICE = re.compile(r"(?:印发|印發|转发|轉發)([^《》，。,]{4,80}?)的通知$")
#: A draft marker at the end of the title's own line: 2024年科普工作方案（征求意见稿）
DRAFT_SUFFIX = re.compile(
    rf"\s*[（(【\[]\s*{_DRAFT_WORDS}\s*[）)】\]](?:\s*[（(【\[]\s*{_FULL_DATE}\s*[）)】\]])?$"
)
_TITLE_WORD = re.compile(
    r"计划|計劃|要点|要點|方案|安排|意见|意見|规划|規劃|清单|清單|分工|任务|任務|纲要|綱要|通知|措施|办法|辦法|"
    r"细则|細則|工作|行动|行動|表$"
)

#: Words and stamps of a web page's header, anywhere in a short line: 发布 2024-03-08 10:20 阅读 326
_PAGE_STAMP = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}|阅读|閱讀|浏览|瀏覽|点击|點擊|来源|來源|字数|字數|上传|上傳|收藏|"
    r"分享|打印|字体|字體|责任编辑|責任編輯|文档编号|文檔編號"
)
#: A file name standing as a line (document-sharing sites): 某区2024年科普工作计划.docx
_FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|txt)$", re.IGNORECASE)
#: Lines of the site a plan was copied from, never its title: a viewer's page label (….docx_第1页),
#: an address or a site's name (…网, …网--…), 范文/文库 labels (范文, 精选10篇, 合集), breadcrumbs.
_SITE_LINE = re.compile(
    r"\.(?:docx?|wps|pdf|txt)[_\s-]|_第\s*\d+\s*页$|www\.|https?:|\.(?:com|cn|net|org)\b|"
    r"[网網](?:站)?\s*(?:$|[-—－–]{2})|范文|範文|文库|文庫|精选|精選|\d+\s*篇|"
    r"合集|模板|范例|範例|[›»]|首页|首頁",
    re.IGNORECASE,
)
#: The words a plan's name ends with, before any bracketed period or draft marker: …工作要点,
#: …实施方案(2021—2025年), …办法（试行）.
_NAME_WORDS = (
    r"(?:计划|計劃|要点|要點|方案|安排|意见|意見|规划|規劃|纲要|綱要|清单|清單|分工|措施|办法|辦法|细则|細則)"
)
_NAME_END = re.compile(
    rf"(?:{_NAME_WORDS}|通知|表)(?:\s*[（(][^（）()]{{1,24}}[）)])*(?:\.(?:docx?|wps|pdf|txt)|\s*\d{{1,2}}|\s*篇[一二三四五六七八九十]{{1,3}})?$",
    re.IGNORECASE,
)
#: A line that opens a plan's name: its year (2024年…) or 关于.
_NAME_START = re.compile(r"^(?:(?:19|20)\d{2}\s*年|关于|關於)")
#: A bracketed period continuing a title on the next line: (2021—2025年)
_PERIOD_LINE = re.compile(r"^[（(]\s*(?:19|20)\d{2}[^（）()]{0,20}[）)]$")
#: A title glued to the first paragraph of text: 某区2024年科普工作计划 为做好…, or 某区科普工作计划一、…
_GLUED_TITLE = re.compile(
    rf"^([^\s，,。；;：:、]{{2,56}}?{_NAME_WORDS}(?:[（(][^（）()]{{2,24}}[）)])?)"
    rf"(?:[ \t\u3000]+|(?=[一二三四五六七八九十]、))(\S.{{8,}})$",
    re.DOTALL,
)
#: 范文 sites number their samples after the name: 2024年社区科普工作计划1, …方案 篇二
_SAMPLE_NUMBER = re.compile(rf"(?<={_NAME_WORDS})\s*(?:\d{{1,2}}|篇[一二三四五六七八九十]{{1,3}})$")
#: Opening words of a sentence, never of a name.
_SENTENCE_OPENING = re.compile(r"^(?:为|為|根据|根據|按照|依据|依據|结合|結合|围绕|圍繞|各|请|請|现|現)")


def take_signature(ctx: Context, paragraphs: list[Element]) -> dict[str, Any]:
    """A closing date (2025年1月5日), and the issuer on the line before it, when they end the document."""
    if not paragraphs or not isinstance(paragraphs[-1], SourceParagraph):
        return {}
    match = DATE_LINE.match(paragraphs[-1].text)
    if not match:
        for element in paragraphs[-8:-1]:  # a signature followed by attachments, say
            if isinstance(element, SourceParagraph) and DATE_LINE.match(element.text):
                ctx.note(
                    UNSURE,
                    element,
                    "落款日期之后还有内容（如附件），没有识别为落款；落款和其后的段落都作为正文保留",
                    "核对末尾几段；需要落款时在 YAML 中写 issuer 和 date",
                )
                break
        return {}
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return {}
    date_line = paragraphs.pop()
    assert isinstance(date_line, SourceParagraph)
    ctx.ledger.shape(date_line, date_line.text)  # held as date:
    signature: dict[str, Any] = {"date": f"{year:04d}-{month:02d}-{day:02d}"}
    last = paragraphs[-1] if paragraphs else None
    if isinstance(last, SourceParagraph) and looks_like_issuer(last.text):
        signature["issuer"] = last.text
        paragraphs.pop()
    return signature


def take_title(
    ctx: Context, elements: list[Element]
) -> tuple[list[SourceParagraph], list[SourceParagraph], str]:
    """(lines before the title, the title's lines, the title). The title is one to three short
    lines without closing punctuation that read like a plan's name, found after any 文号, dates,
    portal metadata and draft markers. A forwarding notice (关于印发《…》的通知) names the plan:
    its 《》 title is taken, from the plan's own title line where the text repeats it. Where no
    line reads like a title, there is none: a sentence is never promoted."""
    head = title_head(elements)
    blocks: list[list[SourceParagraph]] = []
    current: list[SourceParagraph] = []
    for paragraph in head:
        if not paragraph.table and title_like(paragraph.text):  # a table cell is never the title
            current.append(paragraph)
            continue
        if current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    inner = ""
    for text in [p.text for p in head] + ["".join(p.text for p in b) for b in blocks]:
        if _NOTICE.search(text):  # a forwarding notice, on one line or over the title's lines
            found = _INNER_TITLE.search(text) or _BARE_NOTICE.search(text)
            if found:
                inner = next(name for name in found.groups() if name)
                break
    candidates: list[list[SourceParagraph]] = []
    for block in blocks:  # a block of up to three lines; longer runs offer their windows
        for size in (3, 2, 1):
            for start in range(len(block) - size + 1):
                candidates.append(block[start : start + size])
    if inner:
        key = fold(inner)
        for lines in candidates:
            if fold(title_text(lines)) == key:
                named = "".join(p.text for p in lines)
                return title_found(ctx, head, [] if _FILE_NAME.search(named) else lines, inner)
    file_name: list[SourceParagraph] = []
    for block in blocks:
        lines = title_window(block)
        joined = "".join(p.text for p in lines)
        if _TITLE_WORD.search(joined) and not _NOTICE.search(joined):
            if _FILE_NAME.search(joined):  # the file's name: the plan's own title in its text goes first
                file_name = file_name or lines
                continue
            return title_found(ctx, head, lines, title_text(lines))
    glued = glued_title(ctx, elements, head)
    if glued:
        return title_found(ctx, head, [], glued)
    if file_name:
        ctx.note(UNSURE, file_name[0], "标题取自文件名（去掉了扩展名），该行也留在前言中")
        return title_found(ctx, head, [], title_text(file_name))
    if inner:
        return title_found(ctx, head, [], inner)
    anchor = (
        head[0] if head else (elements[0] if elements and isinstance(elements[0], SourceParagraph) else None)
    )
    if anchor is not None:
        ctx.note(UNSURE, anchor, "没有找到标题：计划中没有 title，请补上", "在 YAML 中写 title")
    else:
        ctx.note(UNSURE, SourceParagraph("", 1, "文件"), "没有可导入的文字", "检查是否选错了文件")
    return [], [], ""


def title_head(elements: list[Element]) -> list[SourceParagraph]:
    """The paragraphs before the first numbered line, where a title may stand. Numbered notes of
    the site at the very top (1、下载文档前请… 2、…) do not end it when the plan's name follows them."""
    head: list[SourceParagraph] = []
    for i, element in enumerate(elements[:40]):
        if not isinstance(element, SourceParagraph):
            break
        if level(element) is not None:
            after = next((e for e in elements[i + 1 : i + 8] if level(e) is None), None)
            named = (
                isinstance(after, SourceParagraph) and title_like(after.text) and _NAME_END.search(after.text)
            )
            if any(level(p) is None for p in head) or not named:  # only above everything else
                break
        head.append(element)
    return head


def name_ends(text: str) -> bool:
    """Whether `text` is a plan's name, ending where a first 一、 was run on after it
    (2026年社区科普工作计划一、工作目标…): the numbering stage cuts there."""
    text = text.strip()
    return (
        bool(_NAME_END.search(text))
        and len(text) <= 60
        and title_like(text)
        and not _SENTENCE_OPENING.match(text)
    )


def title_window(block: list[SourceParagraph]) -> list[SourceParagraph]:
    """The lines of a block of short lines that make the title: from the line that opens a name
    (its year, 关于) when the lines before it end none, to the first line that ends one (…工作要点,
    …方案) with a bracketed period on the next line; the first three lines when no line ends one."""
    start = 0
    for i in range(1, len(block)):
        if _NAME_START.match(block[i].text) and not _NAME_END.search(block[i - 1].text):
            start = i
    for end in range(start, min(start + 3, len(block))):
        if _NAME_END.search(block[end].text):
            following = block[end + 1 : end + 2]
            return block[start : end + 1] + [p for p in following if _PERIOD_LINE.match(p.text)]
    return block[start : start + 3]


def glued_title(ctx: Context, elements: list[Element], head: list[SourceParagraph]) -> str:
    """A title run into the first paragraph of prose (某区2024年科普工作计划 为做好…, or run straight
    into 一、): split off, the rest of the paragraph left in its place. "" when there is none."""
    prose = next((p for p in head if "。" in p.text and not p.table), None)
    match = _GLUED_TITLE.match(prose.text) if prose is not None else None
    if prose is None or match is None:
        return ""
    title, rest = match.group(1), match.group(2)
    if not title_like(title) or _SENTENCE_OPENING.match(title) or _NOTICE.search(title):
        return ""
    elements[elements.index(prose)] = SourceParagraph(rest, prose.line, prose.where)
    ctx.note(SPLIT, prose, f"标题「{title}」与正文连在一起，已拆开")
    return title


def title_found(
    ctx: Context, head: list[SourceParagraph], lines: list[SourceParagraph], title: str
) -> tuple[list[SourceParagraph], list[SourceParagraph], str]:
    if len(lines) > 1:
        ctx.note(SPLIT, lines[0], f"标题分在 {len(lines)} 行，已合为一行：{title}")
    sample = _SAMPLE_NUMBER.search("".join(p.text for p in lines))
    if sample:
        ctx.leave_out(
            NORMALISED,
            lines[-1],
            sample.group(),
            f"标题末尾的「{sample.group().strip()}」像是范文网站给样文加的序号，已去掉",
        )
    before = head[: head.index(lines[0])] if lines else list(head)
    if lines and before:
        ctx.note(UNSURE, before[0], f"标题之前的 {len(before)} 段（文号、网页信息、印发通知等）已放入前言")
    return before, lines, title


# -- sections ----------------------------------------------------------------------------------


def looks_like_issuer(text: str) -> bool:
    return (
        len(text) <= 30
        and text[-1] not in SENTENCE_END_ANY_WIDTH + "；：:;，,"
        and parse_number(text) is None
    )


def title_like(text: str) -> bool:
    if (
        len(text) > 60
        or text[-1] in SENTENCE_END_ANY_WIDTH + "；;，,：:"
        or _DOC_NUMBER.search(text)
        or _META.match(text)
        or _DRAFT.match(text)
        or _DATE_OR_TIME.match(text)
        or _PUBLIC.match(text)
        or ATTACHMENT.match(text)
        or DATE_LINE.match(text)
        or parse_number(text) is not None
        or "当前位置" in text
        or ">" in text
        or (len(text) <= 60 and _PAGE_STAMP.search(text))
        or _SITE_LINE.search(text)
        or re.search(r"[：:]\s*\S", text)
    ):
        return False
    return not text.endswith(("文件", "文件）"))


def title_text(lines: list[SourceParagraph]) -> str:
    """The title from its lines; a file name (某区2024年科普工作计划.docx) loses its extension, a
    范文 site's sample number (…工作计划1) is dropped."""
    return _SAMPLE_NUMBER.sub("", _FILE_NAME.sub("", "".join(p.text for p in lines)))


def fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("<", "《").replace(">", "》")
