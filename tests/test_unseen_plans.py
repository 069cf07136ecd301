"""Plans the loaders were not written against: other encodings, layouts, levels and plan types."""
from __future__ import annotations

from pathlib import Path

from loaders import parse

PLANS = Path(__file__).resolve().parent / "data" / "plans"


def test_gb18030_county_elder_care_plan():
    r = parse(PLANS / "330523-anji-eldercare-gb18030.txt")
    assert r.encoding == "gb18030"
    assert r.title == "安吉县养老服务业发展“十四五”规划" and r.draft
    assert (r.region.name, r.region.code, r.region.level, r.region.parent.name) == ("安吉县", "330523", "county", "湖州市")
    assert r.plan_type == "养老服务业发展规划"
    assert (r.period_start, r.period_end, r.outlook_year) == (2021, 2025, 2035)
    assert [b.title for b in r.basis] == ["湖州市养老服务业发展“十四五”规划",
                                         "安吉县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"]
    beds = r.indicators[0]
    assert (beds.name, beds.baseline.text, beds.target.text) == ("每千名老年人拥有养老机构床位数", "38 张", "≥40 张")
    assert (beds.target.comparator, beds.target.value, beds.target.unit) == (">=", 40, "张")
    assert r.indicators[2].target.text == "与全省平均水平同步" and r.indicators[2].baseline.text == "—"
    assert [s.title for s in r.sections] == ["发展基础", "总体要求", "主要任务", "保障措施"]
    tasks = r.sections[2]
    assert [c.title for c in tasks.children] == ["完善居家社区养老服务", "提升机构养老服务水平"]
    meal = tasks.children[0].measures[1]
    assert meal.heading == "发展老年助餐服务" and [i.number for i in meal.items] == ["1", "2"]
    assert meal.items[0].path == "3.1-m2-i1"
    assert any(t.subject == "培训助餐服务人员" and t.value == 300 and "每年" in t.qualifier for t in r.targets)
    assert {"civil-affairs", "health"} <= {i.id for i in r.institutions}


def test_provincial_plan_with_pipe_table_and_split_title():
    r = parse(PLANS / "360000-jiangxi-2021-2025-bom.txt")
    assert r.encoding == "utf-8-sig"
    assert r.title == "江西省残疾人事业发展“十四五”规划"
    assert (r.region.code, r.region.level, r.region.parent.code) == ("360000", "provincial", "000000")
    assert (r.doc_number, r.issued, r.issuers) == ("赣府厅发〔2021〕30号", "2021-09-30", ["江西省人民政府办公厅"])
    assert not r.draft
    assert [(i.name, i.baseline.text, i.target.text) for i in r.indicators] == [
        ("困难残疾人生活补贴覆盖率", "98%", "≥99%"), ("残疾人就业率", "50%", "≥55%"), ("残疾人辅助器具适配率", "90%", "≥95%")]
    assert r.basis[0].issuer == "国务院" and r.basis[0].title == "“十四五”残疾人保障和发展规划"
    measures = list(r.iter_measures())
    assert [m.path for m in measures] == ["3.1-m1", "3.1-m2", "3.2-m1"]
    assert any(t.subject == "培训残疾人" and t.value == 3000 for t in r.targets)


def test_utf16_plan_without_indicator_table():
    r = parse(PLANS / "330900-zhoushan-no-indicators-utf16.txt")
    assert r.encoding == "utf-16"
    assert r.indicators == [] and r.tables == []
    assert r.region.code == "330900" and (r.period_start, r.period_end) == (2021, 2025)
    assert [m.heading for m in r.iter_measures()] == ["实施精准康复服务", "加强残疾儿童康复", "实施家庭无障碍改造"]
    assert any(t.value == 800 and t.unit == "户" and t.comparator == ">=" for t in r.targets)


def test_plan_cut_off_inside_a_table():
    r = parse(PLANS / "330483-tongxiang-truncated.txt")
    assert len(r.indicators) == 3
    last = r.indicators[2]
    assert (last.name, last.baseline.text, last.target.text, last.target.value) == ("残疾人就业率", "5", "", None)
    assert r.tables[0].rows == 3
