"""Word and Excel shapes of the import corpus (files 13-18), built here so the fixtures stay readable.

Each builder writes one file in a shape real plans come in: 文号 and a two-line title, a task table
with a merged category column, content controls and customXml, a text box read through
mc:AlternateContent, footnotes, tracked moves and a nested table, and an Excel task table. The words
are our own; the truth for each file is in truth.yaml beside this module.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def cell(inner: str, extra: str = "") -> str:
    return f"<w:tc><w:tcPr>{extra}</w:tcPr>{inner or '<w:p/>'}</w:tc>"


def table(rows: list[list[str]]) -> str:
    body = "".join(
        "<w:tr>" + "".join(cell(c if c.startswith("<") else p(c)) for c in r) + "</w:tr>" for r in rows
    )
    return f"<w:tbl><w:tblPr/>{body}</w:tbl>"


def write_docx(
    path: Path, body_xml: str, footnotes: list[tuple[int, str]] | None = None, numbering: str | None = None
) -> Path:
    """A .docx from python-docx's default template with our body (and footnotes or numbering part)."""
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    body = document.element.body
    sect = body[-1]
    holder = parse_xml(f"<w:body {NS}>{body_xml}</w:body>")
    for child in list(holder):
        sect.addprevious(child)
    document.save(str(path))
    if footnotes:
        _add_footnotes(path, footnotes)
    if numbering:
        _replace_part(path, "word/numbering.xml", numbering)
    return path


def _replace_part(path: Path, name: str, xml: str) -> None:
    """Put a part into the package; the default template already relates numbering.xml."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[name] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{xml}'.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def numbered(text: str, num_id: int, level: int) -> str:
    """A paragraph numbered by Word itself (w:numPr): the number is not in its text."""
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'
    )


def numbering_part(levels: list[tuple[str, str]]) -> str:
    """word/numbering.xml with one list (numId 1) whose levels have these (numFmt, lvlText)."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return (
        f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">{lvls}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )


def _add_footnotes(path: Path, notes: list[tuple[int, str]]) -> None:
    parts = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    items = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">{_esc(t)}</w:t></w:r></w:p></w:footnote>'
        for i, t in notes
    )
    parts["word/footnotes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f"</w:footnote>{items}</w:footnotes>"
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFoot1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def footnote_ref(n: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{n}"/></w:r>'


# ---------------------------------------------------------------- the six files


def build_13(path: Path) -> Path:
    """文号, a date, a two-paragraph title, 建议组织单位 notes and a footnote on a task."""
    body = "".join(
        [
            p("桐乡市科协办〔2024〕12号"),
            p("2024年1月15日"),
            p("桐乡市2024年“科普惠民月”"),
            p("系列活动方案"),
            p("为丰富群众科学文化生活，特制定本方案。"),
            p("一、活动安排"),
            "<w:p><w:r><w:t>1.开展科普大篷车巡游乡村活动。"
            "（建议组织单位：市科协、市农业农村局）</w:t></w:r>" + footnote_ref(1) + "</w:p>",
            p("2.举办家庭节能知识竞赛。（建议组织单位：市发展改革局、市妇联）"),
            p("3.组织气象科普开放日。（建议组织单位：市气象局）"),
            p("二、工作要求"),
            p("各单位要做好安全保障，活动结束后及时总结。"),
        ]
    )
    return write_docx(path, body, footnotes=[(1, "大篷车巡游线路另行通知。")])


def build_14(path: Path) -> Path:
    """A task table: 序号 | 工作任务 | 具体内容 | 牵头单位 | 配合单位 | 完成时限, category merged down."""
    merge_start = '<w:vMerge w:val="restart"/>'
    merge_cont = "<w:vMerge/>"
    header = ["序号", "工作任务", "具体内容", "牵头单位", "配合单位", "完成时限"]
    rows = [
        ("1", "科普阵地建设", merge_start, "新建社区科普e站20个。", "市科协", "各区政府", "2024年10月"),
        ("2", "", merge_cont, "推动科技馆开展馆校合作课程。", "市科技馆", "市教育局", "2024年12月"),
        (
            "3",
            "科普人才培养",
            "",
            "举办基层科普骨干培训班两期。",
            "市科协",
            "市人社局、市财政局",
            "2024年8月",
        ),
    ]
    trs = ["<w:tr>" + "".join(cell(p(h)) for h in header) + "</w:tr>"]
    for n, cat, merge, detail, lead, support, due in rows:
        trs.append(
            "<w:tr>"
            + cell(p(n))
            + cell(p(cat) if cat else "", merge)
            + "".join(cell(p(x)) for x in (detail, lead, support, due))
            + "</w:tr>"
        )
    body = "".join(
        [
            p("2024年海宁市科普工作任务分工方案"),
            p("为压实工作责任，现将重点任务分工如下。"),
            p("附件：重点任务分工表"),
            "<w:tbl><w:tblPr/>" + "".join(trs) + "</w:tbl>",
        ]
    )
    return write_docx(path, body)


def build_15(path: Path) -> Path:
    """Content controls (w:sdt) around the title, a section and a table; customXml around a task."""

    def sdt(inner: str) -> str:
        return f'<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>'

    body = "".join(
        [
            sdt(p("2024年安吉县科普工作计划")),
            p("一、重点任务"),
            sdt(
                p("（一）加强科普宣传")
                + p("1.在县融媒体开设科普专栏，每周更新。（责任单位：县融媒体中心、县科协）")
            ),
            f'<w:customXml w:element="task">{p("2.开展科普知识有奖问答活动。（责任单位：县科协）")}</w:customXml>',
            p("（二）推进科普场馆建设"),
            p("3.推进县科技馆布展工程。（责任单位：县科技局）"),
            sdt(table([["说明", "县科技馆建设进度每季度通报一次"]])),
            p("二、保障措施"),
            p("（一）加强督查。县科协定期督查各项任务进展。"),
        ]
    )
    return write_docx(path, body)


def build_16(path: Path) -> Path:
    """The title in a text box (Choice and Fallback both hold it), a footnote on a unit note."""
    title = "2024年德清县全民科学素质行动工作要点"
    textbox = (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
        f"{p(title)}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"{p(title)}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>"
        "</w:r></w:p>"
    )
    body = "".join(
        [
            textbox,
            p("一、主要任务"),
            p("（一）提升农民科学素质"),
            "<w:p><w:r><w:t>1.开展高素质农民培育行动。（责任单位：县农业农村局、县科协）</w:t></w:r>"
            + footnote_ref(1)
            + "</w:p>",
            p("2.推进数字乡村科普服务。（责任单位：县数据局）"),
            p("（二）提升老年人科学素质"),
            p("3.开展老年人智能技术运用培训。（责任单位：县民政局、县老龄办）"),
        ]
    )
    return write_docx(path, body, footnotes=[(1, "培育人数以省下达任务为准。")])


def build_17(path: Path) -> Path:
    """Tracked moves and changes, and a table nested in a cell: each text read once, as accepted."""
    moved_task = "2.开展科普讲解大赛。（责任单位：市科协、市科技局）"
    nested = table([["附注", "讲解大赛决赛安排在科普日期间"]])
    body = "".join(
        [
            p("2024年嘉禾市科普工作计划"),
            p("一、重点任务"),
            # the task moved from here (old place: not read) ...
            f'<w:p><w:moveFrom w:id="1" w:author="a"><w:r><w:t>{moved_task}</w:t></w:r></w:moveFrom></w:p>',
            "<w:p><w:r><w:t>1.建设市级科普示范社区</w:t></w:r>"
            '<w:del w:id="2" w:author="a"><w:r><w:delText>二十个</w:delText></w:r></w:del>'
            '<w:ins w:id="3" w:author="a"><w:r><w:t>三十个</w:t></w:r></w:ins>'
            "<w:r><w:t>。（责任单位：市科协、市民政局）</w:t></w:r></w:p>",
            # ... to here (new place: read)
            f'<w:p><w:moveTo w:id="4" w:author="a"><w:r><w:t>{moved_task}</w:t></w:r></w:moveTo></w:p>',
            p("3.推进科普信息化建设。（责任单位：市数据局）"),
            table([["备注", nested]]),
            p("二、保障措施"),
            p("（一）落实责任。各单位要细化分工，按时完成任务。"),
        ]
    )
    return write_docx(path, body)


def build_18(path: Path) -> Path:
    """An Excel task table with a caption row above the header row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "任务分工"
    ws.append(["2024年余杭区科普重点任务分工表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时间"])
    ws.append([1, "建设区级科普公园2个，嵌入互动科普设施", "区住建局", "区科协", "2024年11月"])
    ws.append([2, "开展青少年科技节系列活动", "区教育局", "区科协、团区委", "2024年10月"])
    ws.append([3, "举办“院士专家进企业”科普报告会", "区科协", "区经信局", "全年"])
    wb.save(str(path))
    return path


BUILDERS = {
    "13": ("13.docx", build_13),
    "14": ("14.docx", build_14),
    "15": ("15.docx", build_15),
    "16": ("16.docx", build_16),
    "17": ("17.docx", build_17),
    "18": ("18.xlsx", build_18),
}


def corpus_files(folder: Path) -> dict[str, Path]:
    """Every corpus file by number: the .txt files here, the Word and Excel ones built into `folder`."""
    here = Path(__file__).resolve().parent
    files = {path.stem: path for path in sorted(here.glob("[0-9][0-9].txt"))}
    for nn, (name, build) in BUILDERS.items():
        files[nn] = build(folder / name)
    return dict(sorted(files.items()))
