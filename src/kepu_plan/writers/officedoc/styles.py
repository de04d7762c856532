"""Our styles: each written in full with its fonts in the `w:eastAsia` slot, referred to by id.

Word matches built-in styles by their (localised) names and keeps the theme's font for Chinese text
unless `w:eastAsia` says otherwise; so every style of ours names its East Asian font explicitly and
is referred to by its id, never its name. Documents name fonts as offices do (仿宋_GB2312, 楷体_GB2312,
黑体, 方正小标宋简体); the font table tells Word what to use where one is not installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .measures import (
    BODY_SCALE,
    BODY_SIZE,
    CHAR_TWIPS,
    FANGSONG,
    HEITI,
    KAITI,
    LATIN_FONT,
    LINE_PITCH,
    PAGE_NUMBER_SIZE,
    SONGTI,
    TITLE_SIZE,
    XIAOBIAOSONG,
)
from .xmltext import W_DECL, xml_attr

# -- style ids (never style names: Chinese Word renames built-in styles) ---------------------------

TITLE = "KepuTitle"
BODY = "KepuBody"
HEADING1 = "KepuHeading1"
HEADING2 = "KepuHeading2"
SIGNATURE = "KepuSignature"
PAGE_NUMBER = "KepuPageNumber"
LEAD = "KepuLead"  # character style: a task's lead sentence, bold
RUN_IN_HEADING = "KepuRunInHeading"  # character style: （一）加强统筹协调。 in 楷体
ATTACHMENT_LABEL = "KepuAttachmentLabel"  # 附件: 黑体 3号 at the top left of an attachment's first page


@dataclass(frozen=True)
class StyleSpec:
    """One of our styles, written in full (no inheritance) so every client reads the same values."""

    style_id: str
    name: str
    alias: str  # the Chinese name Word shows beside it
    kind: str = "paragraph"  # or "character"
    east_asia: str | None = FANGSONG
    latin: str = LATIN_FONT
    size: int | None = BODY_SIZE
    bold: bool = False
    condense: int = 0  # twips between characters (negative: condensed)
    scale: int = 100  # character width in per cent
    jc: str | None = "both"
    first_line_chars: int = 200  # hundredths of a character
    keep_next: bool = False
    outline_level: int | None = None
    space_after: int = 0
    line: int | None = LINE_PITCH  # exact twips; None: single spacing

    def xml(self, *, declared: bool = True) -> str:
        """The `w:style` element as XML text; `declared`: with the namespace declaration a fragment
        parsed on its own needs (without: for a styles part that declares it on its root)."""
        ppr = ""
        if self.kind == "paragraph":
            ppr = (
                "<w:pPr>"
                + ("<w:keepNext/>" if self.keep_next else "")
                + '<w:widowControl w:val="0"/>'
                + '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
                + '<w:snapToGrid w:val="0"/>'
                + (
                    f'<w:spacing w:before="0" w:after="{self.space_after}" w:line="{self.line}" w:lineRule="exact"/>'
                    if self.line
                    else f'<w:spacing w:before="0" w:after="{self.space_after}" w:line="240" w:lineRule="auto"/>'
                )
                + (
                    f'<w:ind w:firstLineChars="{self.first_line_chars}" '
                    f'w:firstLine="{self.first_line_chars * CHAR_TWIPS // 100}"/>'
                    if self.first_line_chars
                    else '<w:ind w:firstLine="0"/>'
                )
                + (f'<w:jc w:val="{self.jc}"/>' if self.jc else "")
                + (f'<w:outlineLvl w:val="{self.outline_level}"/>' if self.outline_level is not None else "")
                + "</w:pPr>"
            )
        fonts = ""
        if self.east_asia:
            fonts = (
                f"<w:rFonts w:ascii={xml_attr(self.latin)} w:hAnsi={xml_attr(self.latin)} "
                f'w:eastAsia={xml_attr(self.east_asia)} w:cs={xml_attr(self.latin)} w:hint="eastAsia"/>'
            )
        rpr = (
            "<w:rPr>"
            + fonts
            + ("<w:b/><w:bCs/>" if self.bold else "")
            + (f'<w:spacing w:val="{self.condense}"/>' if self.condense else "")
            + (f'<w:w w:val="{self.scale}"/>' if self.scale != 100 else "")
            + (f'<w:sz w:val="{self.size}"/><w:szCs w:val="{self.size}"/>' if self.size else "")
            + "</w:rPr>"
        )
        return (
            f'<w:style{" " + W_DECL if declared else ""} w:type="{self.kind}" w:customStyle="1" '
            f"w:styleId={xml_attr(self.style_id)}>"
            f"<w:name w:val={xml_attr(self.name)}/><w:aliases w:val={xml_attr(self.alias)}/>"
            + ('<w:basedOn w:val="Normal"/>' if self.kind == "paragraph" else "")
            + "<w:qFormat/>"
            + ppr
            + rpr
            + "</w:style>"
        )


STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(TITLE, "Kepu Title", "公文标题", east_asia=XIAOBIAOSONG, size=TITLE_SIZE,
              jc="center", first_line_chars=0, keep_next=True, space_after=LINE_PITCH),
    StyleSpec(BODY, "Kepu Body", "公文正文", scale=BODY_SCALE),
    StyleSpec(HEADING1, "Kepu Heading 1", "公文一级标题", east_asia=HEITI, scale=BODY_SCALE, keep_next=True,
              outline_level=0),
    StyleSpec(HEADING2, "Kepu Heading 2", "公文二级标题", east_asia=KAITI, scale=BODY_SCALE, keep_next=True,
              outline_level=1),
    StyleSpec(SIGNATURE, "Kepu Signature", "公文署名", scale=BODY_SCALE, jc="right", first_line_chars=0),
    StyleSpec(PAGE_NUMBER, "Kepu Page Number", "公文页码", east_asia=SONGTI, latin=SONGTI,
              size=PAGE_NUMBER_SIZE, jc=None, first_line_chars=0, line=None),
    StyleSpec(LEAD, "Kepu Lead", "公文任务首句", kind="character", east_asia=None, size=None, bold=True),
    StyleSpec(RUN_IN_HEADING, "Kepu Run-in Heading", "公文段首标题", kind="character", east_asia=KAITI,
              size=None),
)  # fmt: skip

#: Styles only a 公文 with a notice uses (added to the document only then, so that a plan without a
#: notice stays byte for byte what it was).
NOTICE_STYLES: tuple[StyleSpec, ...] = (
    StyleSpec(ATTACHMENT_LABEL, "Kepu Attachment Label", "公文附件标识", east_asia=HEITI, scale=BODY_SCALE,
              jc="left", first_line_chars=0, keep_next=True),
)  # fmt: skip

#: Fonts as Word's font table lists them: the charset says "Chinese (GB2312)", `altName` names the
#: face Word should use where the document's own is not installed (仿宋_GB2312 is not on plain Windows).
FONT_TABLE = (
    (FANGSONG, "仿宋", "modern", "fixed"),
    (KAITI, "楷体", "modern", "fixed"),
    (HEITI, "SimHei", "modern", "fixed"),
    (XIAOBIAOSONG, "宋体", "script", "default"),
    (SONGTI, "SimSun", "auto", "variable"),
)


def styles_xml(specs: Sequence[StyleSpec] = STYLES) -> str:
    """Our styles part: document defaults (仿宋 三号 on exact lines), Word's four built-in base styles
    and `specs`, each once (the first of an id counts)."""
    seen: set[str] = set()
    ours = []
    for spec in specs:
        if spec.style_id not in seen:
            seen.add(spec.style_id)
            ours.append(spec.xml(declared=False))
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{LATIN_FONT}" w:eastAsia="{FANGSONG}" w:hAnsi="{LATIN_FONT}" '
        f'w:cs="{LATIN_FONT}" w:hint="eastAsia"/>'
        f'<w:kern w:val="2"/><w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    builtin = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        '<w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>'
    )
    return f"<w:styles {W_DECL}>{defaults}{builtin}{''.join(ours)}</w:styles>"


def font_table_xml() -> str:
    fonts = "".join(
        f"<w:font w:name={xml_attr(name)}><w:altName w:val={xml_attr(alt)}/>"
        f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, alt, family, pitch in FONT_TABLE
    )
    latin = (
        f'<w:font w:name="{LATIN_FONT}"><w:charset w:val="00"/><w:family w:val="roman"/>'
        '<w:pitch w:val="variable"/></w:font>'
    )
    return f"<w:fonts {W_DECL}>{latin}{fonts}</w:fonts>"
