"""The recogniser of organisation names (importing/orgnames.py): shape, subjects, lists, limits.

Examples written for these tests; the property tests build names from the recogniser's own parts
(an administrative prefix, a body, an institution suffix) and check that a list of them after a label
comes back whole through the real importer, and that a name never takes in the verb after it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kepu_plan.importing import import_source
from kepu_plan.importing.orgnames import MAX_NAME, OrgNames, shape
from kepu_plan.sources import read_source


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("区教育局", "shaped"),
        ("各街道科协", "shaped"),
        ("区电影公司", "shaped"),
        ("团市委", "shaped"),
        ("市委", "shaped"),
        ("鲤湖区科协", "shaped"),  # a place name ending in 区 before the body
        ("各县（市、区）科协", "shaped"),
        ("縣農業農村局", "shaped"),
        ("市林草局等相关部门", "shaped"),  # the open tail aside
        ("气象站", "weak"),  # a body and a suffix, no prefix
        ("学校", None),  # a suffix alone is a word, not a name
        ("组织", None),
        ("推动县级以上人民政府", None),  # opens with a verb: a clause
        ("全市科普工作", None),  # no institution suffix
        ("区" + "甲" * MAX_NAME + "局", None),  # too long
    ],
)
def test_the_shape_of_a_name(name, expected):
    assert shape(name) == expected


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("区卫健委要在社区开设健康课堂。", ["区卫健委"]),
        ("各镇农技站要组织技术员下田指导。", ["各镇农技站"]),
        ("区博物馆在暑假期间推出夜场讲解。", ["区博物馆"]),
        ("区科协特邀专家为干部授课。", ["区科协"]),
        ("开发区管委会科协要发动园区企业。", ["开发区管委会科协"]),  # the longer name, not 开发区管委会
        ("区委组织部负责干部科学素质培训。", ["区委组织部"]),  # not 区委 before 组织
        ("区科协组织志愿者把图书送到城东服务中心。", ["区科协"]),  # never as far as 中心
        ("区妇联和区总工会联合举办讲座。", ["区妇联", "区总工会"]),
        ("市卫生和计划生育委员会要开展义诊。", ["市卫生和计划生育委员会"]),  # one name holding 和
        ("区文旅局、区融媒体中心、团区委共同策划展览。", ["区文旅局", "区融媒体中心", "团区委"]),
        ("区农业农村局等有关部门要做好保障。", ["区农业农村局等有关部门"]),
        ("区文化馆组织采购一批科普挂图。", ["区文化馆"]),  # 组织 the verb before a second verb
        ("街道科协组织开展家庭科学实验。", ["街道科协"]),
        ("各级科协组织要做好本地宣传。", ["各级科协组织"]),  # 组织 the noun before a modal
    ],
)
def test_a_sentence_opening_with_names_and_a_verb_gives_them(sentence, names):
    found = OrgNames().subject(sentence)
    assert found is not None and found[0] == names


@pytest.mark.parametrize(
    "sentence",
    [
        "科技馆建设要加快推进。",
        "全区科普工作要上台阶。",
        "组织召开联席会议。",
        "各地要结合实际。",
        "进一步完善工作机制。",
    ],
)
def test_a_sentence_without_a_named_subject_gives_none(sentence):
    found = OrgNames().subject(sentence)
    assert found is None or all(shape(n) is None for n in found[0])


def test_the_registry_and_the_document_confirm_what_the_shape_leaves_unsure():
    names = OrgNames(known=lambda name: name == "科普中心")
    assert names.judge("科普中心") == "known"  # the registry has it
    assert names.judge("观象天文台") == "weak"
    names.learn(["观象天文台"])  # the document named it after a label
    assert names.judge("观象天文台") == "known"


# -- properties --------------------------------------------------------------------------------------

PREFIXES = ["市", "区", "县", "镇", "各", "各区", "省", "街道", "东湖区", "清河县"]
BODIES = ["科技", "教育", "农业农村", "文化旅游", "卫生健康", "应急管理", "生态环境", "融媒体", "青少年"]
SUFFIXES = ["局", "委", "办", "科协", "妇联", "中心", "馆", "协会", "学会", "公司", "学校", "管委会", "站"]
VERBS = ["要", "负责", "牵头", "组织", "开展", "在", "将", "会同"]

org_names = st.builds(
    lambda p, b, s: p + b + s, st.sampled_from(PREFIXES), st.sampled_from(BODIES), st.sampled_from(SUFFIXES)
)


def import_text(text: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.txt"
        path.write_text(text, encoding="utf-8")
        data, _ = import_source(read_source(path, path.name), None, path.name, 2025)
    return data


def first_task(data: dict) -> dict:
    return next(t for s in data["sections"] for g in s.get("groups", []) for t in g["tasks"])


@given(
    st.lists(org_names, min_size=1, max_size=6, unique=True),
    st.sampled_from(["责任单位", "責任單位", "承办单位"]),
)
def test_names_after_a_label_come_back_as_the_same_names(names, label):
    data = import_text(f"一、工作安排\n1. 举办一场科普讲座。（{label}：{'、'.join(names)}）\n")
    task = first_task(data)
    assert [n for group in task["units"] for n in group] == names


@given(
    st.lists(org_names, min_size=1, max_size=3, unique=True),
    st.sampled_from(VERBS),
    st.sampled_from(["、", "和"]),
)
def test_a_subject_never_takes_in_the_verb_after_it(names, verb, mark):
    sentence = f"{mark.join(names)}{verb}社区举办科普展览，邀请学校参加。"
    found = OrgNames().subject(sentence)
    assert found is not None
    assert found[0] == names
    assert all(verb not in name[len(name) - len(verb) :] for name in found[0])
    assert sentence[found[1] :].startswith(verb)


@given(org_names, st.text(alphabet="开展组织科普活动讲座进社区学校的要在和", min_size=0, max_size=40))
def test_a_name_is_bounded_and_holds_no_punctuation(name, rest):
    found = OrgNames().subject(f"{name}要{rest}。另一句。")
    assert found is not None
    assert all(len(n) <= MAX_NAME and not set(n) & set("，。；：、") for n in found[0])


def test_a_long_paragraph_of_many_clauses_is_read_in_linear_time():
    # every comma is a clause start; the clause before it is looked at in a bounded window only
    import time

    from kepu_plan.importing.subjects import SubjectReader

    reader = SubjectReader(OrgNames())
    started = time.process_time()
    units, _ = reader.subjects("区科协负责协调，" * 8000)
    assert units == ["区科协"] and time.process_time() - started < 10
