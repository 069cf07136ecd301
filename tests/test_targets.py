"""extract_targets on sentences of the real plans: exact targets where stated, nothing elsewhere."""
import pytest

from loaders.targets import extract_targets
from loaders.values import UNITS
from tests.plan_text import plan_text, sentence


def found(text: str) -> list[tuple]:
    targets = extract_targets(text)
    for target in targets:
        assert text[target.start:target.end] == target.text
    return [(t.subject, t.comparator, t.value, t.unit, t.qualifier) for t in targets]


# (plan, fragment that locates the sentence, every target of that sentence)
POSITIVE = [
    ("wenzhou", "残疾人意外伤害保险参保率达到 95%", [
        ("残疾人意外伤害保险参保率", "=", 95, "%", None),
        ("具有独立法人资格的残疾人服务机构综合保险参保率", "=", 90, "%", None)]),
    ("wenzhou", "每年培训残疾人2000 人次", [("培训残疾人", "=", 2000, "人次", "每年")]),
    ("yueqing", "每年培训残疾人200人次", [("培训残疾人", "=", 200, "人次", "每年")]),
    ("quzhou", "全市新建残疾人之家 20 家", [
        ("新建残疾人之家", "=", 20, "家", "全市"),
        ("建成三星级及以上残疾人之家", "=", 60, "家", None),
        ("五星级", "=", 6, "家", None)]),
    ("wenzhou", "实施残疾人家庭无障碍改造 3000户以上", [("实施残疾人家庭无障碍改造", ">=", 3000, "户", None)]),
    ("wenzhou", "培训残疾人维权工作人员不少于 2000人次", [("培训残疾人维权工作人员", ">=", 2000, "人次", None)]),
    ("wenzhou", "注册志愿者不少于 4000人", [("注册志愿者", ">=", 4000, "人", None)]),
    ("wenzhou", "惠残事项覆盖率 100%", [("惠残事项覆盖率", "=", 100, "%", None)]),
    ("wenzhou", "乡镇（街道）残联理事长配备率 100%", [
        ("乡镇（街道）残联理事长配备率", "=", 100, "%", None),
        ("残疾人工作专职委员配备率", "=", 100, "%", None)]),
    ("wenzhou", "创建 50个省级无障碍社区", [("创建省级无障碍社区", "=", 50, "个", None)]),
    ("hangzhou", "残疾人就业率达90%以上", [("有劳动能力和就业愿望的残疾人就业率", ">=", 90, "%", "全市")]),
    ("hangzhou", "职业培训人数不少于 5000 人次", [("开展残疾人职业培训人数", ">=", 5000, "人次", "全市每年")]),
    ("hangzhou", "每年助学4000人(户)以上", [("助学", ">=", 4000, "人", "每年")]),
    ("hangzhou", "助残社会组织数量增长 30% 以上", [("助残社会组织数量增长", ">=", 30, "%", "到2025年底全市")]),
    ("hangzhou", "都拥有1个残疾人专业康复设施", [(
        "杭州市级和萧山区、余杭区、临平区、富阳区、临安区、三县(市)都拥有残疾人专业康复设施和专业托养设施",
        "=", 1, "个", "到2025年")]),
    ("hangzhou", "孤独症儿童服务覆盖率100%", [
        ("有康复需求和适应指征的0—6周岁残疾儿童和孤独症儿童服务覆盖率", "=", 100, "%", None)]),
    ("jiashan", "力争我县劳动年龄段残疾人就业率达到68%", [("劳动年龄段残疾人就业率", "=", 68, "%", "我县")]),
    ("jiashan", "大病医疗保险参保率达到95%以上", [("残疾人意外伤害保险、大病医疗保险参保率", ">=", 95, "%", None)]),
    ("jiashan", "12385 残疾人维权服务热线", [("信访事项办结率", ">=", 98, "%", None)]),
    ("quzhou", "市政府残工委各成员单位至少安排 1名残疾人", [("市政府残工委各成员单位安排残疾人", ">=", 1, "名", None)]),
    ("quzhou", "1.0-6周岁残疾儿童康复服务与补贴比例达到 100%", [("0-6周岁残疾儿童康复服务与补贴比例", "=", 100, "%", None)]),
    ("quzhou", "残疾人城乡居民基本医疗保险参保率保持在 99%以上", [("残疾人城乡居民基本医疗保险参保率", ">=", 99, "%", None)]),
    ("quzhou", "盲人医疗按摩人员队伍扩大到 40人以上", [
        ("盲人保健按摩机构", ">=", 80, "家", None),
        ("盲人医疗按摩人员队伍", ">=", 40, "人", None)]),
    ("wenzhou", "“2名挂职副理事长、1名兼职副理事长”配备率 100%", [
        ("市县两级残联领导班子“2名挂职副理事长、1名兼职副理事长”配备率", "=", 100, "%", None)]),
]


@pytest.mark.parametrize("plan, fragment, expected", POSITIVE, ids=[p[1] for p in POSITIVE])
def test_targets_of_real_sentences(plan, fragment, expected):
    assert found(sentence(plan, fragment)) == expected


# Years, ages, ordinals, ranges, hotlines, document numbers, idioms, modifiers: no target.
NEGATIVE = [
    ("wenzhou", "规划期限为 2021-2025年，展望至 2035年"),
    ("wenzhou", "温政发〔2021〕13号"),
    ("hangzhou", "2022年举办杭州市第十一届全市残疾人运动会"),
    ("quzhou", "加大 7-18周岁残疾儿童“明天计划”"),
    ("hangzhou", "培养储备 50 人-100 人左右"),
    ("quzhou", "全市每年为 3000至 5000名“三瘫一截”等残疾人"),
    ("jiashan", "残疾人50人以上村（社区）开展残疾人工作专职委员"),
    ("hangzhou", "预留10%点位支持残疾人就业"),
    ("wenzhou", "确保全市残疾人在打造高质量建设"),
    ("hangzhou", "体育工作者三支队伍"),
    ("quzhou", "充分发挥“12385”"),
]


@pytest.mark.parametrize("plan, fragment", NEGATIVE, ids=[n[1] for n in NEGATIVE])
def test_no_target_in_real_sentences(plan, fragment):
    assert found(sentence(plan, fragment)) == []


def test_clause_fragments_without_targets():
    # a count opening a clause reports a fact, not a target
    fragment = "194名残疾学生进入高等院校学习"
    assert fragment in plan_text("quzhou")
    assert found(fragment) == []
    fragment = "充分发挥网上信访、12385 残疾人维权服务热线作用"
    assert fragment in plan_text("jiashan")
    assert found(fragment) == []


def test_offsets_point_into_the_searched_text():
    text = sentence("wenzhou", "每年培训康复专业人才 100人次以上")
    (target,) = extract_targets(text)
    assert text[target.start:target.end] == target.text == "每年培训康复专业人才 100人次以上"
    assert (target.subject, target.comparator, target.value, target.unit, target.qualifier) == (
        "培训康复专业人才", ">=", 100, "人次", "每年")


def test_every_plan_yields_targets_with_a_unit_and_a_subject():
    for plan in ("hangzhou", "wenzhou", "yueqing", "jiashan", "quzhou"):
        targets = extract_targets(plan_text(plan))
        assert targets, plan
        for target in targets:
            assert target.unit in UNITS and len(target.subject) >= 2, target


@pytest.mark.parametrize("made_up, expected", [
    # hand-made edge cases: numbers written in Chinese, 提高至, a deadline two clauses back
    ("每年培训残疾人两千人次。", [("培训残疾人", "=", 2000, "人次", "每年")]),
    ("新增就业一万人以上。", [("新增就业", ">=", 10000, "人", None)]),
    ("残疾人就业率提高至 65%。", [("残疾人就业率", "=", 65, "%", None)]),
    ("到2025年，残疾人就业率达到90%以上，托养服务率达到85%。", [
        ("残疾人就业率", ">=", 90, "%", "到2025年"), ("托养服务率", "=", 85, "%", "到2025年")]),
    ("到2025年，每年培训助餐服务人员 300 人次。", [("培训助餐服务人员", "=", 300, "人次", "每年")]),
    ("建设一个残疾人之家。", []),
    ("第 3 次会议", []),
])
def test_edge_cases(made_up, expected):
    assert found(made_up) == expected
