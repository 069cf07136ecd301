"""find_institutions and issuer_id on real plan sentences; the vocabulary documents every concept."""
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from loaders.institutions import SCHEME, VOCABULARY, find_institutions, issuer_id
from tests.plan_text import plan_text, sentence


def found(text: str) -> list[tuple[str, str]]:
    mentions = find_institutions(text)
    for m in mentions:
        assert text[m.start:m.end] == m.mention
    return [(m.id, m.mention) for m in mentions]


# (plan, text as printed in the plan, every body it names)
POSITIVE = [
    ("quzhou", "法院、检察院、公安、司法等单位和部门加强对残疾人司法保护", [
        ("court", "法院"), ("procuratorate", "检察院"), ("public-security", "公安"), ("justice", "司法")]),
    ("jiashan", "强化与教育、卫生健康部门合作", [("education", "教育"), ("health", "卫生健康部门")]),
    ("hangzhou", "各级法院、检察院、公安、司法、民政、人力资源和社会保障、教育、卫生、残联等部门密切配合", [
        ("court", "法院"), ("procuratorate", "检察院"), ("public-security", "公安"), ("justice", "司法"),
        ("civil-affairs", "民政"), ("human-resources-social-security", "人力资源和社会保障"),
        ("education", "教育"), ("health", "卫生"), ("disabled-persons-federation", "残联")]),
    ("hangzhou", "各区、县(市)残疾人联合会、发展改革部门", [
        ("disabled-persons-federation", "残疾人联合会"), ("development-reform", "发展改革部门")]),
    ("hangzhou", "根据《杭州市人民政府办公厅转发市发改委关于", [
        ("government-general-office", "人民政府办公厅"), ("development-reform", "发改委")]),
    ("wenzhou", "市政府残工委各部门根据本规划的相关指标", [("disability-work-committee", "政府残工委")]),
    ("quzhou", "浙江省人民政府残疾人工作委员会有关工作要求", [
        ("disability-work-committee", "人民政府残疾人工作委员会")]),
    ("wenzhou", "支持各级检察机关开展无障碍环境公益诉讼", [("procuratorate", "检察机关")]),
    ("hangzhou", "与工会、共青团、妇联等人民团体负责人", [
        ("trade-union", "工会"), ("communist-youth-league", "共青团"), ("womens-federation", "妇联")]),
    ("hangzhou", "充分发挥残疾人福利基金会、慈善总会等社会慈善机构", [
        ("disabled-welfare-foundation", "残疾人福利基金会"), ("charity-federation", "慈善总会")]),
    ("wenzhou", "抄送：市委各部门，市人大常委会、市政协办公室，温州军分区，市法院，市检察院。温州市人民政府办公室", [
        ("party-committee", "市委"), ("peoples-congress", "人大常委会"),
        ("political-consultative-conference", "政协办公室"), ("court", "法院"), ("procuratorate", "检察院"),
        ("government-general-office", "人民政府办公室")]),
    ("jiashan", "县委县政府高度重视残疾人工作", [("party-committee", "县委"), ("peoples-government", "县政府")]),
]


@pytest.mark.parametrize("plan, printed, expected", POSITIVE, ids=[p[1] for p in POSITIVE])
def test_bodies_named_in_real_text(plan, printed, expected):
    assert printed in plan_text(plan)
    assert found(printed) == expected


# Bare department words inside ordinary words or lists of policy fields: no body.
NEGATIVE = [
    ("wenzhou", "推进特殊教育融合"),
    ("jiashan", "完善扶持残疾人就业创业的财政、税收、金融等扶持政策"),
    ("jiashan", "将残疾人事业经费纳入本级财政预算"),
    ("hangzhou", "推进残健融合开展群众性体育健身活动"),
    ("hangzhou", "推动符合条件的康复机构纳入医保定点"),
    ("quzhou", "探索提高残疾人医保报销比例"),
    ("hangzhou", "应届残疾人大学毕业生就业率达 100%"),
    ("jiashan", "进一步推进跨部门大数据整合共享"),
    ("jiashan", "教育、就业、文化、体育、交通、旅游、辅具适配等领域协作合"),
    ("quzhou", "实残疾人免费乘坐城乡公共交通工具"),
    ("quzhou", "加大侵害残疾人权益案件查处"),
]


@pytest.mark.parametrize("plan, printed", NEGATIVE, ids=[n[1] for n in NEGATIVE])
def test_ordinary_words_are_no_bodies(plan, printed):
    assert printed in plan_text(plan)
    assert found(printed) == []


def test_司法保护_after_the_enumeration_is_not_a_body():
    text = sentence("quzhou", "等单位和部门加强对残疾人司法保护")
    mentions = find_institutions(text)
    protection = text.index("司法保护")
    assert all(not (m.start <= protection < m.end) for m in mentions)
    assert [m.mention for m in mentions if m.id == "justice"] == ["司法"]


def test_longest_name_wins_and_mentions_do_not_overlap():
    text = sentence("wenzhou", "市政府残工委要对规划实施情况")
    assert found(text) == [("disability-work-committee", "政府残工委")]
    for plan in ("hangzhou", "wenzhou", "yueqing", "jiashan", "quzhou"):
        mentions = find_institutions(plan_text(plan))
        assert mentions, plan
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


@pytest.mark.parametrize("plan, issuer, expected", [
    ("wenzhou", "温州市人民政府", "peoples-government"),
    ("wenzhou", "温州市人民政府办公室", "government-general-office"),
    ("quzhou", "衢州市发展和改革委员会", "development-reform"),
    ("quzhou", "衢州市残疾人联合会", "disabled-persons-federation"),
    ("hangzhou", "杭州市残疾人联合会", "disabled-persons-federation"),
    ("hangzhou", "杭州市发展和改革委员会", "development-reform"),
])
def test_issuer_id_of_real_issuers(plan, issuer, expected):
    assert issuer in plan_text(plan)
    assert issuer_id(issuer) == expected


def test_issuer_id_strips_any_region_generically():
    assert issuer_id("某某省某某自治州民政局") == "civil-affairs"
    assert issuer_id("某某市市场监督管理局") == "market-regulation"
    assert issuer_id("某某旗 人民政府") == "peoples-government"
    assert issuer_id("某某县狮子会") is None
    assert issuer_id("") is None


def test_every_concept_is_documented():
    graph = Graph().parse(VOCABULARY, format="turtle")
    scheme = URIRef(SCHEME)
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 30
    assert set(graph.subjects(SKOS.inScheme, scheme)) == concepts
    for concept in concepts:
        assert str(concept).startswith("https://w3id.org/plankg/id/institution/")
        labels = {label.language: label for label in graph.objects(concept, SKOS.prefLabel)}
        assert set(labels) == {"zh", "en"}, concept
        assert any(d.language == "en" for d in graph.objects(concept, SKOS.definition)), concept
        assert str(graph.value(concept, SKOS.notation)) == str(concept).rsplit("/", 1)[1]
    for label in graph.objects(None, SKOS.altLabel):
        assert label.language == "zh"
