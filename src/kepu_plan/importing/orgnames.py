"""Chinese organisation names recognised by their shape, backed by the registry and the document.

A name is an administrative prefix (市 区 县 各 …, or a place name ending in one: 鲤城区), a body,
and an institution suffix (局 委 办 科协 妇联 管委会 中心 公司 学校 …). No list of every name is
needed: the shape finds 区电影公司 in 「区电影公司在活动周期间…」, and the names the registry knows
(units.yaml, names and aliases) or the document has already given (after a label, in a role phrase,
in the addressee line) confirm the ones the shape alone cannot. The tables of prefixes, suffixes and
the words that may follow a name are here, in one place; the units stage (units.py, subjects.py)
asks this module and decides what a name is worth where it stands.

A name never runs on into the sentence: it is at most MAX_NAME characters, holds no punctuation
and none of the words that only a clause has (要 在 开展 …), and is cut where such a word starts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Literal

#: The longest name read by shape (区全民科学素质工作领导小组各成员单位 is 18 characters).
MAX_NAME = 22

#: Where a name starts: the administrative level or scope it belongs to.
ADMIN_PREFIXES = (
    *("省", "市", "区", "區", "县", "縣", "州", "盟", "旗", "镇", "鎮", "乡", "鄉", "街道", "社区", "社區"),
    *("各", "全", "中共", "共青团", "共青團", "中国", "中國", "国家", "國家", "自治区", "自治區"),
)
#: Administrative words a place name ends with inside a name: 鲤城区科协, 高新区管委会, 某县科技局.
ADMIN_WORDS = ("省", "市", "区", "區", "县", "縣", "州", "盟", "旗", "镇", "鎮", "乡", "鄉", "街道", "村")

#: How an institution's name ends, simplified and traditional (longest matched first).
INSTITUTION_SUFFIXES = (
    # bodies of the party, the government and the people's organisations
    *("委员会", "委員會", "管委会", "管委會", "办事处", "辦事處", "人民政府", "政府", "纲要办", "綱要辦"),
    *("科协", "科協", "妇联", "婦聯", "团委", "團委", "团市委", "團市委", "团区委", "團區委", "团县委"),
    *("團縣委", "总工会", "總工會", "工会", "工會", "协会", "協會", "学会", "學會", "研究会", "研究會"),
    *("联合会", "聯合會", "促进会", "促進會", "党委", "黨委", "党工委", "黨工委", "领导小组", "領導小組"),
    *("宣传部", "宣傳部", "组织部", "組織部", "统战部", "統戰部", "居委会", "居委會", "村委会", "村委會"),
    # institutions and companies
    *("中心", "集团", "集團", "公司", "学校", "學校", "中学", "中學", "小学", "小學", "大学", "大學"),
    *("学院", "學院", "医院", "醫院", "研究院", "研究所", "科学院", "科學院", "少年宫", "少年宮"),
    *("图书馆", "圖書館", "科技馆", "科技館", "博物馆", "博物館", "文化馆", "文化館", "电视台", "電視台"),
    *("报社", "報社", "基地", "气象台", "氣象台", "卫生院", "衛生院", "街道", "社区", "社區"),
    # generic words a plan names units by: 各有关单位, 各成员单位, 各级科协组织, 各新闻媒体
    *("单位", "單位", "部门", "部門", "机构", "機構", "企业", "企業", "媒体", "媒體", "组织", "組織"),
    # one character: 局 委 办 厅 部 …, and the last characters of 科协 妇联 团委 公司 小组
    *("局", "委", "办", "辦", "厅", "廳", "部", "会", "會", "院", "馆", "館", "站", "所", "处", "處"),
    *("署", "室", "队", "隊", "校", "社", "台", "臺", "司", "协", "協", "联", "聯", "团", "團", "组", "組"),
    *("镇", "鎮", "乡", "鄉", "园", "園"),
)

#: The modals among them: after 科协组织 a modal keeps 组织 in the name (各级科协组织要…).
MODALS = ("要", "将", "將", "应", "應", "须", "須", "需", "必须", "必須")
#: Words that follow a name standing as the subject of a sentence: a modal or a verb of doing.
SUBJECT_VERBS = (
    *MODALS,
    *("负责", "負責", "牵头", "牽頭"),
    *("主办", "主辦", "承办", "承辦", "协办", "協辦", "配合", "会同", "會同", "联合", "聯合", "共同"),
    *("分别", "分別", "组织", "組織", "开展", "開展", "举办", "舉辦", "举行", "舉行", "召开", "召開"),
    *("邀请", "邀請", "特邀", "特别", "特別", "在", "于", "於", "结合", "結合", "制定", "安排", "做好"),
    *("抓好", "落实", "落實", "利用", "围绕", "圍繞", "通过", "通過", "依托", "發揮", "发挥", "积极"),
    *("積極", "认真", "認真", "继续", "繼續", "进一步", "進一步", "加强", "加強", "推进", "推進"),
    *("推动", "推動", "深入", "广泛", "廣泛", "全面", "切实", "切實", "重点", "重點", "定期", "每年"),
    *("年内", "年內", "带头", "帶頭", "督促", "指导", "指導", "协调", "協調", "统筹", "統籌", "参加"),
    *("參加", "参与", "參與", "协助", "協助", "支持", "提供", "建立", "实施", "實施", "编印", "編印"),
    *("编制", "編制", "印发", "印發", "选派", "選派", "创建", "創建", "完成", "成立", "设立", "設立"),
    *("按照", "根据", "根據", "以", "把", "向", "对", "對", "为", "為", "派", "送", "特", "牵", "牽"),
    *("购买", "購買", "采购", "採購", "发放", "發放", "分发", "分發", "印制", "印製", "制作", "製作"),
    *("开设", "開設", "开放", "開放", "推出", "承担", "承擔", "筹备", "籌備", "筹办", "籌辦", "启动"),
    *("啟動", "动员", "動員", "发动", "發動", "宣传", "宣傳", "普及", "培训", "培訓", "评选", "評選"),
    *("表彰", "征集", "徵集", "编写", "編寫", "出版", "播出", "播放", "开辟", "開闢", "刊登", "报道"),
    *("報道", "拍摄", "拍攝", "设置", "設置", "更换", "更換", "建成", "打造", "召集", "带领", "帶領"),
    *("聘请", "聘請", "选送", "選送", "做", "搞", "办好", "辦好", "办", "辦", "抽调", "抽調", "主持"),
)
#: Words only a clause holds, never the body of a name (要 在 开展 …): a name is cut before them.
#: (Not 应 alone: 应急管理局.)
CLAUSE_WORDS = (
    *("要", "将", "將", "应当", "應當", "须", "須", "在", "到", "把", "从", "從", "被", "给", "給", "让"),
    *("讓", "的", "了", "着", "著", "于", "於", "开展", "開展", "举办", "舉辦", "邀请", "邀請", "制定"),
    *("安排", "负责", "負責", "牵头", "牽頭", "配合", "会同", "會同", "参加", "參加", "参与", "參與"),
    *("做好", "结合", "結合", "围绕", "圍繞", "通过", "通過", "利用", "进行", "進行", "积极", "積極"),
    *("认真", "認真", "深入", "广泛", "廣泛", "切实", "切實", "分别", "分別"),
)
#: Marks between names in a list: 市科协、市教育局和团市委 (和 及 与 only between two names).
LIST_MARKS = ("、", "，", ",", "和", "及", "与", "與", "以及", " ", "\u3000")
#: A tail that keeps a list open-ended: 市科技局等相关部门 (kept as written, part of the name).
OPEN_TAIL = re.compile(r"等(?:相关|有关|相關|有關|其他|其它)?(?:部门|单位|部門|單位|成员单位|成員單位)?")

Shape = Literal["known", "shaped", "weak"]

_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z0-9*＊×Ｘ_＿]")
#: A scope in brackets inside a name: 各县（市、区）科协
_SCOPE = re.compile(r"[（(][省市区县旗镇乡街道區縣鎮鄉、，,]{1,8}[）)]")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_SUFFIX_END = re.compile(rf"(?:{_alternation(INSTITUTION_SUFFIXES)})$")
_SUFFIX_ANY_END = re.compile(rf"(?:{_alternation(INSTITUTION_SUFFIXES)})")
_PREFIX = re.compile(rf"(?:{_alternation(ADMIN_PREFIXES)})")
_ADMIN_INSIDE = re.compile(rf"[^\s]+?(?:{_alternation(ADMIN_WORDS)})")
_VERB = re.compile(rf"(?:{_alternation(SUBJECT_VERBS)})")
#: 组织 宣传 are verbs too, but name a department before 部 (区委组织部, 市委宣传部).
_CLAUSE = re.compile(_alternation(CLAUSE_WORDS) + r"|(?:组织|組織|宣传|宣傳)(?![部])")
_BETWEEN = re.compile(r"和|及|与|與|以及")
#: A verb of two or more characters opening the text: what follows is a clause, not a name.
_LEADING_VERB = re.compile(
    _alternation(w for w in (*SUBJECT_VERBS, *CLAUSE_WORDS) if len(w) > 1 and w not in ("组织", "組織"))
)
#: 团市委 团区委: the youth league's committees, named by their level.
_YOUTH_LEAGUE = re.compile(r"[团團][省市区县區縣]")


def has_suffix(name: str) -> bool:
    """Whether `name` ends like an institution: 局 委 科协 中心 公司 …"""
    return _SUFFIX_END.search(name) is not None


def shape(name: str) -> Literal["shaped", "weak"] | None:
    """What the shape alone says: "shaped" (a prefix, a body and an institution suffix: 区教育局,
    各街道科协, 鲤城区科协), "weak" (a suffix without a prefix: 科技馆, 学校), None (no name)."""
    name = strip_tail(name)
    if not 2 <= len(name) <= MAX_NAME or not has_suffix(name):
        return None
    if not all(_NAME_CHAR.match(ch) or ch in "（）()、，," for ch in name):
        return None
    suffix = _SUFFIX_END.search(name)
    assert suffix is not None
    head = name[: suffix.start()]
    if _LEADING_VERB.match(name):  # 推动县级以上人民政府…: a clause, not a name
        return None
    if not head and not _YOUTH_LEAGUE.match(name):  # 组织, 学校, 中心 alone: a word, not a name
        return None
    if _PREFIX.match(name) or _YOUTH_LEAGUE.match(name) or (head and _ADMIN_INSIDE.match(head)):
        return "shaped"
    return "weak"


def strip_tail(name: str) -> str:
    """The name without its open tail: 市科技局等相关部门 → 市科技局."""
    for match in OPEN_TAIL.finditer(name):
        if match.end() == len(name) and match.start() > 0:
            return name[: match.start()]
    return name


class OrgNames:
    """Organisation names read from text: by shape, confirmed by the registry (`known`, a function
    answering whether a name resolves) and by the names this document has given (`learn`)."""

    def __init__(self, known: Callable[[str], bool] | None = None):
        self._registry_knows = known
        self.document: set[str] = set()

    def learn(self, names: Iterable[str]) -> None:
        """Names the document gave where a label or a role says they are units."""
        for name in names:
            name = strip_tail(name.strip())
            if name:
                self.document.add(name)

    def confirmed(self, name: str) -> bool:
        """Whether the registry or the document has this name (its open tail aside)."""
        bare = strip_tail(name)
        if bare in self.document or name in self.document:
            return True
        return self._registry_knows is not None and (self._registry_knows(name) or self._registry_knows(bare))

    def judge(self, name: str) -> Shape | None:
        """known (registry or document), shaped (prefix, body, suffix), weak (suffix only), None."""
        if self.confirmed(name):
            return "known"
        return shape(name)

    def name_at(self, text: str, start: int, follow: Callable[[str, int], bool]) -> int | None:
        """Where the longest organisation name starting at `start` ends, or None. The name ends
        with an institution suffix (or is confirmed), and `follow(text, end)` accepts what comes
        next; it holds no clause word and no second name joined by 和/及/与."""
        best = None
        end = start
        limit = min(len(text), start + MAX_NAME)
        while end < limit:
            scope = _SCOPE.match(text, end) if end > start else None
            if scope:
                end = scope.end()
                continue
            if not _NAME_CHAR.match(text, end):
                break
            end += 1
            candidate = text[start:end]
            if not (has_suffix(candidate) or self.confirmed(candidate)):
                continue
            tail = OPEN_TAIL.match(text, end)
            stop = tail.end() if tail and tail.end() > end else end
            if (
                follow(text, stop)
                and self._one_name(candidate)
                and not self._verb_run(text, start, best, end)
            ):
                best = stop
        return best

    def _verb_run(self, text: str, start: int, shorter: int | None, end: int) -> bool:
        """Whether text[shorter:end] is the verb of the shorter name, not the end of a longer one:
        区科协组织购买… is 区科协 + 组织购买 (a second verb follows), while 各级科协组织要… and
        …和科协组织、 keep 科协组织 (a modal or a list follows). A name the registry or the document
        confirms is always whole, and so is the last of a list (…、科技行政部门和科协组织联合开展…)."""
        if shorter is None or self.confirmed(text[start:end]):
            return False
        if start > 0 and text[start - 1] in "、和及与與，,":
            return False
        verb = _VERB.match(text, shorter)
        if verb is None or verb.end() != end:
            return False
        after = _VERB.match(text, end)
        return after is not None and after.group() not in MODALS

    def _one_name(self, candidate: str) -> bool:
        """No clause word inside (区科协组织志愿者送…), and not two names joined by 和/及/与
        (区科协和区教育局); one name holding 和 stays whole (市卫生和计划生育委员会)."""
        if self.confirmed(candidate):
            return True
        if _LEADING_VERB.match(candidate):  # 联合区教育局: a verb and its object
            return False
        suffix = _SUFFIX_END.search(candidate)
        body = len(candidate[: suffix.start()] if suffix else candidate)
        if any(m.start() < body for m in _CLAUSE.finditer(candidate)):
            return False
        for match in _BETWEEN.finditer(candidate):
            before = candidate[: match.start()]
            if has_suffix(before) or self.confirmed(before):
                return False
        return True

    def names_at(self, text: str, start: int, follow: Callable[[str, int], bool]) -> tuple[list[str], int]:
        """A list of names from `start` (市科协、市教育局和团市委), each accepted by `follow` or
        followed by a list mark and another name. ([], start) when no name starts there."""
        names: list[str] = []
        at = start

        def after(t: str, i: int) -> bool:  # the end of the list, or a mark and the next name
            return follow(t, i) or self._mark(t, i) is not None

        while True:
            end = self.name_at(text, at, after)
            if end is None:
                break
            names.append(text[at:end])
            at = end
            mark = self._mark(text, at)
            if mark is None or self.name_at(text, mark, after) is None:
                break
            at = mark
        return names, at

    def _mark(self, text: str, at: int) -> int | None:
        for mark in LIST_MARKS:
            if text.startswith(mark, at):
                return at + len(mark)
        return None

    def subject(self, text: str, start: int = 0) -> tuple[list[str], int] | None:
        """The names a sentence opens with, when a verb or modal follows them: 「区教育局要组织…」
        → ([区教育局], where 要 starts). None when the sentence does not open with names."""
        if text.startswith("由", start):  # 由区科协组织各镇…
            start += 1
        names, end = self.names_at(text, start, verb_follows)
        if names and verb_follows(text, end):
            return names, end
        return None

    def whole(self, text: str) -> list[str] | None:
        """The names of a text that is only names (a cell of a units column: 区教育局、区少年宫)."""
        text = text.strip()
        names, end = self.names_at(text, 0, lambda t, i: i == len(t))
        return names if names and end == len(text) else None


def verb_follows(text: str, at: int) -> bool:
    """Whether a verb or modal of SUBJECT_VERBS starts at `at`."""
    return _VERB.match(text, at) is not None


__all__ = ["MAX_NAME", "OrgNames", "has_suffix", "shape", "strip_tail", "verb_follows"]
