"""Plans in layouts the corpus does not use: periods, signatures, extracts, heading styles, plan kinds."""
from __future__ import annotations

from pathlib import Path

import pytest

from loaders import parse, source_text
from loaders.layout import collapse

LAYOUTS = Path(__file__).resolve().parent / "data" / "layouts"


def plan(name: str):
    (path,) = LAYOUTS.glob(f"*{name}*")
    return parse(path)


def quoted(record, span) -> str:
    """The original text of a span, the way records show it."""
    return collapse(source_text(record.path)[span.start:span.end])


def test_every_layout_fixture_parses():
    files = sorted(LAYOUTS.glob("*.txt"))
    assert len(files) == 8
    for path in files:
        record = parse(path)
        assert record.region is not None and record.region.code == path.name[:6], path.name
        assert list(record.iter_measures()), path.name


def test_action_plan_with_bracketed_period_and_signed_notice():
    r = plan("suzhou")
    assert r.title == "苏州市残疾人康复服务行动计划（2022—2025年）"
    assert (r.period_start, r.period_end) == (2022, 2025)
    assert r.plan_type == "残疾人康复服务行动计划"
    assert (r.issuers, r.issued) == (["苏州市人民政府办公室"], "2022-03-01")
    assert [s.title for s in r.sections] == ["总体目标", "重点任务", "保障措施"]
    goals = [t for t in r.targets if t.section == "1"]
    assert [(t.subject, t.comparator, t.value, t.unit) for t in goals] == [
        ("残疾人基本康复服务覆盖率", ">=", 90, "%"), ("残疾人辅助器具适配率", ">=", 95, "%")]
    assert quoted(r, goals[0].span) == "残疾人基本康复服务覆盖率达到90%以上"


def test_short_issuer_name_gets_the_region_and_keeps_the_printed_form():
    r = plan("guangzhou")
    assert r.title == "广州市特殊教育发展规划(2021-2025年)"
    assert (r.period_start, r.period_end, r.doc_number) == (2021, 2025, "穗府〔2021〕12号")
    assert (r.issuers, r.issuers_printed, r.issued) == (["广州市人民政府"], ["市人民政府"], "2021-11-05")
    issuer = next(i for i in r.institutions if i.role == "issuer")
    assert (issuer.id, issuer.mention, quoted(r, issuer.span)) == ("peoples-government", "市人民政府", "市人民政府")


def test_indicator_box_with_target_year_and_attribute_columns():
    r = plan("guangzhou")
    assert r.tables[0].caption == "专栏 1 主要指标" and r.tables[0].kind == "indicators"
    assert [(i.name, i.target.text, i.target.comparator, i.target.value, i.attribute) for i in r.indicators] == [
        ("适龄残疾儿童少年义务教育入学率", "97%以上", ">=", 97, "约束性"),
        ("残疾儿童学前教育入园率", "85%", "=", 85, "预期性"),
        ("特殊教育学校专任教师持证率", "100%", "=", 100, "约束性")]


def test_half_width_punctuation_reads_like_full_width():
    r = plan("guangzhou")
    first = r.sections[1].children[0].measures[0]
    assert (first.number, first.heading) == ("1", "扩大学前特殊教育资源")
    assert [m.heading for m in r.sections[1].children[1].measures] == ["提高生均公用经费标准"]
    assert [c.title for c in r.sections[1].children] == ["完善特殊教育体系", "提升保障水平"]


def test_extract_named_by_its_running_header():
    r = plan("guangxi")
    assert r.title == "广西残疾人事业发展“十四五”规划"
    assert (r.region.name, r.region.code, r.region.level) == ("广西壮族自治区", "450000", "provincial")
    assert r.issuers == ["广西壮族自治区人民政府"] and r.plan_type == "残疾人事业发展规划"
    assert quoted(r, r.title_span) == "广西残疾人事业发展“十四五”规划" and r.title_span.start_line == 1
    assert [(s.path, s.title) for s in r.iter_sections()] == [
        ("0", ""), ("0.2", "促进残疾人就业"), ("3", "保障措施"), ("3.1", "加强组织领导"), ("3.2", "加强经费保障")]
    assert [m.heading for m in r.iter_measures()] == [
        "实施残疾人职业技能提升计划", "扶持残疾人自主创业", "完善工作机制", "加大财政投入"]
    assert not any("Page" in m.text for m in r.iter_measures())
    federation = next(i for i in r.institutions if i.id == "disabled-persons-federation")
    assert (federation.level, federation.region.name) == ("provincial", "广西壮族自治区")


def test_provincial_plan_with_chapters_and_numbered_items():
    r = plan("sichuan")
    assert [s.title for s in r.sections] == ["发展环境", "总体要求", "主要任务", "保障措施"]
    tasks = r.sections[2]
    assert [c.title for c in tasks.children] == ["健全多层次社会保障体系", "促进残疾人就业"]
    assert [(m.number, m.heading) for m in tasks.children[1].measures] == [
        ("1", "实施就业促进行动"), ("2", "开展残疾人职业培训"), ("3", "扶持残疾人辅助性就业")]
    assert tasks.children[1].measures[2].path == "3.2-m3"
    goals = [(t.subject, t.value) for t in r.targets if t.section]
    assert goals == [("残疾人基本康复服务覆盖率", 90), ("困难残疾人生活补贴覆盖率", 100)]
    assert any(t.subject == "新增残疾人就业" and t.value == 8000 and "每年" in t.qualifier for t in r.targets)


def test_outline_with_parts_chapters_sections_and_articles():
    r = plan("shanghai")
    assert r.title == "上海市“十四五”卫生健康发展纲要" and r.plan_type == "卫生健康发展纲要"
    assert [(s.path, s.level, s.title) for s in r.iter_sections()] == [
        ("1", 1, "总体要求"), ("1.1", 2, "发展基础"), ("1.2", 2, "发展目标"), ("1.2.1", 3, "主要目标"),
        ("2", 1, "主要任务"), ("2.3", 2, "完善公共卫生体系"), ("2.3.1", 3, "加强疾病预防控制"),
        ("2.3.2", 3, "完善医疗救治体系"), ("2.4", 2, "发展健康服务业"), ("2.4.1", 3, "促进社会办医")]
    assert [(m.path, m.heading) for m in r.iter_measures()] == [
        ("2.3.1-m1", "建设现代化疾病预防控制体系"), ("2.3.1-m2", "提升监测预警能力"),
        ("2.3.2-m3", "建设区域医疗中心"), ("2.4.1-m4", "支持社会力量举办医疗机构")]
    assert any(t.subject == "社会办医床位占比" and t.value == 20 for t in r.targets)


def test_traditional_characters_read_through_opencc_with_spans_into_the_original():
    r = plan("fujian")
    assert r.script == "traditional"
    assert r.title == "福建省“十四五”养老服务体系规划" and r.plan_type == "养老服务体系规划"
    assert (r.period_start, r.period_end) == (2021, 2025)
    assert [b.title for b in r.basis] == ["国家积极应对人口老龄化中长期规划"]
    first = r.sections[1].children[0].measures[0]
    assert first.heading == "建设社区养老服务设施"
    assert quoted(r, first.span).startswith("建設社區養老服務設施。")
    coverage = r.targets[0]
    assert (coverage.subject, coverage.comparator, coverage.value, coverage.unit) == ("社区养老服务设施覆盖率", ">=", 90, "%")
    assert quoted(r, coverage.span) == "社區養老服務設施覆蓋率達到９０％以上"
    assert {"civil-affairs", "health"} <= {i.id for i in r.institutions}


def test_implementation_plan_with_enumerations_local_titles_and_levelled_mentions():
    r = plan("wuhan")
    assert r.title == "武汉市“十四五”时期残疾人托养服务实施方案" and r.plan_type == "残疾人托养服务实施方案"
    assert (r.period_start, r.period_end) == (2021, 2025)
    supply = r.sections[1].children[0]
    assert [(m.number, m.path, m.kind) for m in supply.measures] == [
        ("一", "2.1-e1", "measure"), ("二", "2.1-e2", "measure"), ("三", "2.1-e3", "measure")]
    assert supply.measures[1].text == "发展居家托养服务，市民政局会同市残联组织实施；"
    assert quoted(r, supply.measures[2].span) == "培育社会组织，争取省残联项目资金支持。"
    assert [m.heading for m in r.sections[2].measures] == ["加强组织领导", "加强经费保障，市财政局统筹安排资金"]
    feds = [(i.measure, i.level, i.region.name) for i in r.institutions if i.id == "disabled-persons-federation"]
    assert feds == [("2.1-e2", "prefecture", "武汉市"), ("2.1-e3", "provincial", "湖北省")]
    local = {d.title: d.region.code for d in r.basis + r.citations if d.local}
    assert local == {"全市残疾人托养服务工作方案": "420100", "全市残疾人托养机构评估办法": "420100"}
    assert any(t.section == "1" and t.value == 120 and t.unit == "家" for t in r.targets)


def test_employment_plan_with_bare_year_period_in_its_title():
    r = plan("hebei")
    assert r.title == "河北省2022—2025年残疾人就业促进计划"
    assert (r.period_start, r.period_end, r.plan_type) == (2022, 2025, "残疾人就业促进计划")
    assert (r.issuers, r.doc_number, r.issued) == (["河北省人民政府办公厅"], "冀政办字〔2022〕8号", "2022-02-15")
    assert [(t.subject, t.value, t.unit) for t in r.targets if t.section] == [("城乡新增残疾人就业", 50000, "人")]


@pytest.mark.parametrize("name", ["suzhou", "guangzhou", "wuhan", "shanghai"])
def test_measure_spans_quote_their_text(name):
    r = plan(name)
    for m in r.iter_measures():
        assert m.text[:4] in quoted(r, m.span), (m.path, m.text)


def test_short_names_complete_with_the_region_of_their_level():
    from loaders.issuers import full_name
    from loaders.regions import resolve

    county = resolve("乐清市残疾人事业发展规划")
    assert full_name("市政府办公厅", county) == "温州市人民政府办公厅"
    assert full_name("省政府办公厅", county) == "浙江省人民政府办公厅"
    assert full_name("市人民政府", resolve("广州市特殊教育发展规划")) == "广州市人民政府"
    assert full_name("县人民政府", resolve("广州市特殊教育发展规划")) == "县人民政府"      # no county above a city
    assert full_name("苏州市人民政府办公室", None) == "苏州市人民政府办公室"
