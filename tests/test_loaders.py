"""The loaders on the five real plans: what the documents say, read back exactly."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders import parse
from loaders.layout import collapse

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"
QUZHOU = PLANS / "330800-quzhou-2021-2025.txt"
WENZHOU = PLANS / "330300-wenzhou-2021-2025.txt"
JIASHAN = PLANS / "330421-jiashan-2021-2025.txt"
YUEQING = PLANS / "330382-yueqing-2021-2025.txt"
HANGZHOU = PLANS / "330100-hangzhou-2021-2025.txt"
ALL = [QUZHOU, WENZHOU, JIASHAN, YUEQING, HANGZHOU]


@pytest.fixture(scope="module")
def plans():
    return {path.name.split("-")[1]: parse(path) for path in ALL}


def cells(values):
    return [(v.text, v.comparator, v.value, v.unit) for v in values]


def test_indicator_row_counts(plans):
    counts = {name: len(r.indicators) for name, r in plans.items()}
    assert counts == {"quzhou": 14, "wenzhou": 14, "jiashan": 14, "yueqing": 13, "hangzhou": 15}


def test_every_indicator_cell_is_the_printed_cell(plans):
    """Each baseline and target text must stand in the row's source text, in order."""
    for name, record in plans.items():
        source = Path(PLANS / record.file).read_text(encoding="utf-8")
        for ind in record.indicators:
            row = collapse(source[ind.span.start:ind.span.end]).replace(" ", "")
            for piece in (ind.no, ind.name, ind.attribute, ind.baseline.text, ind.target.text):
                assert piece.replace(" ", "") in row, (name, ind.no, piece, row)


def test_wenzhou_indicators_as_printed(plans):
    rows = {i.no: i for i in plans["wenzhou"].indicators}
    assert rows["1"].name == "残疾人家庭人均可支配收入年均增长"
    assert rows["1"].attribute == "预期性"
    assert rows["1"].baseline.text == ""
    assert rows["1"].target.text == "与 GDP增长同步"
    assert rows["1"].target.qualitative == "与 GDP增长同步"
    assert rows["4"].name == "“残疾人之家”覆盖率"
    assert cells([rows["4"].baseline, rows["4"].target]) == [("80%", "=", 80, "%"), ("≥90%", ">=", 90, "%")]
    assert cells([rows["5"].target]) == [("＞90%", ">", 90, "%")]
    assert [r.attribute for r in plans["wenzhou"].indicators].count("约束性") == 9
    assert [(i.baseline.text, i.target.text) for i in plans["wenzhou"].indicators][1:] == [
        ("98%", "＞99%"), ("98%", "＞99%"), ("80%", "≥90%"), ("55%", "＞90%"), ("40%", "＞90%"),
        ("99%", "≥99%"), ("99%", "＞99%"), ("60%", "≥61%"), ("88%", "≥90%"), ("95%", "≥99%"),
        ("98%", "≥99%"), ("90%", "≥95%"), ("90%", "≥95%")]


def test_quzhou_indicators_with_wrapped_cell(plans):
    rows = plans["quzhou"].indicators
    assert rows[0].baseline.text == "—" and rows[0].baseline.value is None
    assert rows[0].target.text == "与全市生产总值增长同步"
    assert [(i.baseline.text, i.target.text) for i in rows[1:]] == [
        ("98%", ">99%"), ("98%", ">99%"), ("90%", "≥92%"), ("80%", ">90%"), ("70%", "≥99%"),
        ("99%", "≥99%"), ("99%", "≥99%"), ("51%", "≥60%"), ("83%", "≥85%"), ("95%", "≥99%"),
        ("95%", "≥99%"), ("98%", "≥99%"), ("93%", "≥95%")]
    assert rows[0].span.start_line == 201 and rows[0].span.end_line == 203


def test_yueqing_one_cell_per_line_table(plans):
    rows = plans["yueqing"].indicators
    assert [i.name for i in rows][:4] == ["残疾人家庭人均可支配收入年均增长", "困难残疾人生活补贴覆盖率",
                                         "重度残疾人护理补贴覆盖率", "“残疾人之家”覆盖率"]
    assert rows[0].baseline.text == "" and rows[0].target.text == "与全市GDP增长同步"
    assert [(i.baseline.text, i.target.text) for i in rows[1:]] == [
        ("99%", "＞99%"), ("98%", "＞99%"), ("56%", "100%"), ("60%", "＞90%"), ("99%", "≥99%"),
        ("99%", "＞99%"), ("55%", "≥61%"), ("88%", "≥90%"), ("100%", "100%"), ("100%", "100%"),
        ("91%", "≥96%"), ("91%", "≥95%")]


def test_jiashan_tab_table(plans):
    rows = plans["jiashan"].indicators
    assert rows[3].name == "残疾人之家覆盖率"
    assert cells([rows[3].baseline, rows[3].target]) == [("88.89%", "=", 88.89, "%"), ("100%", "=", 100, "%")]
    assert rows[0].target.text == "与 GDP 增长同步"
    assert plans["jiashan"].tables[0].caption == "专栏 2：“十四五”时期残疾人事业发展主要指标"


def test_hangzhou_indicators_and_remarks(plans):
    rows = plans["hangzhou"].indicators
    assert rows[3].name == "“残疾人之家”覆盖率"
    assert rows[3].target.text == "≥95%" and rows[3].baseline.text == "75%"
    assert rows[3].note == "乡镇(街道)均建有“残疾人之家”"
    assert rows[0].note == "全国指标"
    assert rows[11].name == "残疾人辅助器具服务率"
    assert rows[14].name == "乡镇(街道)残疾人服务机构覆盖率" and rows[14].note is None
    assert sum(1 for r in rows if r.note) == 14


def test_previous_period_tables(plans):
    quzhou = plans["quzhou"].previous_indicators
    hangzhou = plans["hangzhou"].previous_indicators
    assert len(quzhou) == 16 and len(hangzhou) == 16
    assert quzhou[10].name == "重度和精神、智力残疾目标人群机构托养、庇护照料服务比例"
    assert (quzhou[10].planned.text, quzhou[10].achieved.text) == ("≥80%", "99.28%")
    assert (quzhou[0].planned.comparator, quzhou[0].planned.value) == (">=", 8.5)
    # Hangzhou prints bare numbers under a (%) header and numbers each name "1. …"
    assert hangzhou[0].no == "1" and hangzhou[0].name == "低收入残疾人家庭精准帮扶率(%)"
    assert (hangzhou[1].planned.text, hangzhou[1].planned.unit, hangzhou[1].achieved.text) == ("≥8.5", "%", "9.1%")
    assert hangzhou[1].attribute == "预期性"
    assert plans["wenzhou"].previous_indicators == []


def test_hangzhou_projects(plans):
    projects = plans["hangzhou"].projects
    assert len(projects) == 7
    assert projects[0].name == "杭州市残疾人综合服务中心改(扩)建工程"
    assert (projects[0].floor_area_m2, projects[0].investment_wan_yuan, projects[0].level) == (25000, 18500, "市级")
    assert projects[5].floor_area_m2 == 1101.81
    assert sum(p.investment_wan_yuan for p in projects) == 79734
    kinds = [t.kind for t in plans["hangzhou"].tables]
    assert kinds == ["previous", "indicators", "projects"]


def main_tasks(record, title):
    chapter = next(s for s in record.sections if s.title == title)
    return chapter


def test_wenzhou_and_yueqing_main_tasks(plans):
    wz = main_tasks(plans["wenzhou"], "主要任务")
    yq = main_tasks(plans["yueqing"], "主要任务")
    assert (len(wz.children), sum(len(s.measures) for s in wz.children)) == (10, 40)
    assert (len(yq.children), sum(len(s.measures) for s in yq.children)) == (10, 41)
    assert [len(s.measures) for s in wz.children] == [4, 5, 4, 6, 5, 4, 3, 3, 3, 3]
    assert [len(s.measures) for s in yq.children] == [4, 5, 4, 6, 5, 4, 3, 4, 3, 3]
    m = wz.children[1].measures[4]
    assert (m.path, m.number, m.heading) == ("2.2-m5", "5", "开展残疾人职业技能培训")
    assert "每年培训残疾人2000 人次" in m.text
    assert yq.children[1].measures[4].heading == "开展残疾人职业技能培训"
    assert wz.children[0].title == "提升残疾人基本保障水平" and wz.children[0].number == "（一）"


def test_section_trees(plans):
    hz = plans["hangzhou"]
    assert [s.title for s in hz.sections] == ["规划背景", "指导思想、基本原则和发展目标", "主要任务", "主要机制和保障措施"]
    tasks = main_tasks(hz, "主要任务")
    numbers = [m.number for s in tasks.children for m in s.measures]
    assert numbers == [str(n) for n in range(1, 42)]          # numbered on across sections
    qz = plans["quzhou"]
    key = qz.sections[1].children[2]
    assert key.title == "重点任务" and len(key.measures) == 10
    js = plans["jiashan"]
    assert js.sections[1].children[3].title == "重点任务" and len(js.sections[1].children[3].measures) == 10
    assert len(main_tasks(js, "主要举措").children) == 10


def test_quzhou_task_tables_are_measures(plans):
    qz = plans["quzhou"]
    rows = [m for m in qz.iter_measures() if m.kind == "task_row"]
    assert len(rows) == 48
    tasks = [t for t in qz.tables if t.kind == "tasks"]
    assert [t.rows for t in tasks] == [6, 4, 6, 4, 5, 7, 3, 6, 5, 2]
    by_path = {m.path: m for m in rows}
    assert by_path["3.1-t3r5"].heading == "托养机构建设和服务能力提升"
    assert by_path["3.2-t4r2"].text == "1.全市建设国家级残疾人培训基地 3家以上。2.每年培训残疾人 1600人次。"
    assert by_path["3.6-t8r3"].heading == "无障碍环境指导促进组织、督导队伍建设"
    assert by_path["3.4-t6r4"].heading == "助力精准助残服务"


def test_measure_spans_point_at_their_text(plans):
    for name, record in plans.items():
        source = Path(PLANS / record.file).read_text(encoding="utf-8")
        for m in record.iter_measures():
            printed = collapse(source[m.span.start:m.span.end]).replace(" ", "")
            if m.kind == "task_row":
                assert printed == (m.number + m.heading + m.text).replace(" ", ""), (name, m.path)
            else:
                assert printed == m.text.replace(" ", ""), (name, m.path)
            assert source.count("\n", 0, m.span.start) + 1 == m.span.start_line
            assert source.count("\n", 0, m.span.end - 1) + 1 == m.span.end_line


def test_metadata(plans):
    wz, yq, js, hz, qz = (plans[k] for k in ("wenzhou", "yueqing", "jiashan", "hangzhou", "quzhou"))
    assert wz.title == "温州市残疾人事业发展“十四五”规划"
    assert (wz.doc_number, wz.issued, wz.issuers, wz.draft) == ("温政发〔2021〕13号", "2021-08-31", ["温州市人民政府"], False)
    assert (hz.doc_number, hz.issued) == ("杭残联〔2021〕28号", "2021-06-18")
    assert hz.issuers == ["杭州市残疾人联合会", "杭州市发展和改革委员会"]
    assert (qz.doc_number, qz.issued) == ("衢发改发〔2021〕47号", None)
    assert qz.issuers == ["衢州市发展和改革委员会", "衢州市残疾人联合会"]
    for draft in (yq, js):
        assert draft.draft and draft.doc_number is None and draft.issuers == [] and draft.issued is None
    for r in plans.values():
        assert (r.period_start, r.period_end, r.outlook_year) == (2021, 2025, 2035)
        assert r.plan_type == "残疾人事业发展规划"
        assert r.title.endswith("残疾人事业发展“十四五”规划")


def test_regions(plans):
    def chain(region):
        out = []
        while region:
            out.append((region.name, region.code, region.level))
            region = region.parent
        return out

    assert chain(plans["yueqing"].region) == [("乐清市", "330382", "county"), ("温州市", "330300", "prefecture"),
                                              ("浙江省", "330000", "provincial"), ("中华人民共和国", "000000", "national")]
    assert chain(plans["jiashan"].region)[:2] == [("嘉善县", "330421", "county"), ("嘉兴市", "330400", "prefecture")]
    assert plans["quzhou"].region.code == "330800" and plans["hangzhou"].region.code == "330100"


def test_basis_documents(plans):
    js = plans["jiashan"]
    assert [(b.title, b.kind) for b in js.basis] == [
        ("“十四五”残疾人保障和发展规划", "plan"),
        ("浙江省残疾人事业发展“十四五”规划", "plan"),
        ("嘉兴市残疾人事业发展“十四五”规划", "plan"),
        ("嘉善县国民经济和社会发展的第十四个五年规划和二〇三五年远景目标纲要", "outline"),
        ("嘉善深化新发展阶段“双示范”建设共同富裕县域典范行动方案", "policy"),
    ]
    assert js.basis[0].issuer == "国务院"
    yq = plans["yueqing"]
    assert [b.title for b in yq.basis][:2] == ["浙江省残疾人事业发展“十四五”规划", "温州市残疾人事业发展“十四五”规划"]
    assert yq.basis_other == ["市人民政府残疾人工作委员会有关工作要求"]
    assert plans["quzhou"].basis_other == ["浙江省人民政府残疾人工作委员会有关工作要求"]
    assert [b.kind for b in plans["quzhou"].basis] == ["outline"]
    hz = plans["hangzhou"]
    assert [b.title for b in hz.basis] == ["杭州市国民经济和社会发展的第十四个五年规划和二〇三五年远景目标纲要",
                                          "浙江省残疾人事业发展“十四五”规划"]
    source = (PLANS / js.file).read_text(encoding="utf-8")
    for b in js.basis:
        assert collapse(source[b.span.start:b.span.end]) == f"《{b.title}》"


def test_citations(plans):
    qz = {c.title: c for c in plans["quzhou"].citations}
    assert qz["残疾预防和残疾人康复条例"].kind == "regulation"
    assert qz["无障碍环境建设条例"].kind == "regulation" and qz["无障碍环境建设条例"].count == 2
    assert qz["全市残联系统法治宣传教育第八个五年规划（2021-2025年）"].kind == "plan"
    hz = {c.title: c for c in plans["hangzhou"].citations}
    assert hz["中华人民共和国残疾人保障法"].kind == "law"
    basis_titles = {b.title for r in plans.values() for b in r.basis}
    for r in plans.values():
        assert not basis_titles & {c.title for c in r.citations if c.title in {b.title for b in r.basis}}


def test_targets_in_measures(plans):
    wz = plans["wenzhou"]
    training = [t for t in wz.targets if t.measure == "2.2-m5"]
    assert [(t.subject, t.comparator, t.value, t.unit, t.qualifier) for t in training] == [
        ("培训残疾人", "=", 2000, "人次", "每年")]
    insurance = next(t for t in wz.targets if t.subject == "残疾人意外伤害保险参保率")
    assert (insurance.comparator, insurance.value, insurance.unit) == ("=", 95, "%")
    yq = plans["yueqing"]
    assert any(t.subject == "培训残疾人" and t.value == 200 and t.unit == "人次" for t in yq.targets)
    qz = plans["quzhou"]
    homes = next(t for t in qz.targets if t.subject == "新建残疾人之家")
    assert (homes.value, homes.unit, homes.measure) == (20, "家", "3.1-t3r4")
    for record in plans.values():
        source = (PLANS / record.file).read_text(encoding="utf-8")
        for t in record.targets:
            assert collapse(source[t.span.start:t.span.end]) == t.text.replace("\n", ""), (record.file, t)


def test_institutions(plans):
    wz = plans["wenzhou"]
    issuers = [i for i in wz.institutions if i.role == "issuer"]
    assert [i.mention for i in issuers] == ["温州市人民政府"]
    hz = plans["hangzhou"]
    assert [(i.mention, i.id) for i in hz.institutions if i.role == "issuer"] == [
        ("杭州市残疾人联合会", "disabled-persons-federation"), ("杭州市发展和改革委员会", "development-reform")]
    involved = {i.id for i in hz.institutions if i.role == "involved"}
    # 各级法院、检察院、公安、司法、民政、人力资源和社会保障、教育、卫生、残联等部门密切配合
    assert {"court", "procuratorate", "public-security", "justice", "civil-affairs", "education",
            "disabled-persons-federation"} <= involved
    for record in plans.values():
        source = (PLANS / record.file).read_text(encoding="utf-8")
        for i in record.institutions:
            assert collapse(source[i.span.start:i.span.end]) == i.mention, (record.file, i)


def test_json_contract(plans):
    data = json.loads(json.dumps(plans["hangzhou"].to_dict(), ensure_ascii=False))
    for key in ("file", "title", "region", "period_start", "period_end", "outlook_year", "issuers", "doc_number",
                "issued", "draft", "plan_type", "basis", "basis_other", "citations", "sections", "indicators",
                "previous_indicators", "tables", "projects", "targets", "institutions"):
        assert key in data
    assert set(data["region"]) >= {"name", "code", "level", "parent"}
    assert set(data["region"]["parent"]) >= {"name", "code"}
    assert set(data["indicators"][0]) >= {"no", "name", "attribute", "baseline", "target", "note", "span"}
    assert set(data["indicators"][0]["target"]) >= {"text", "comparator", "value", "unit"}
    assert set(data["sections"][0]) >= {"number", "title", "span", "children", "measures"}
    assert set(data["sections"][2]["children"][0]["measures"][0]) >= {"number", "heading", "text", "span"}
    assert set(data["previous_indicators"][0]) >= {"no", "name", "planned", "achieved"}
    assert set(data["tables"][0]) >= {"caption", "rows"}
    assert set(data["projects"][0]) == {"no", "name", "floor_area_m2", "investment_wan_yuan", "content", "level", "span"}
    assert set(data["indicators"][0]["span"]) == {"start_line", "end_line", "start", "end", "page"}
    assert data["indicators"][0]["span"]["page"] is None and data["source_format"] == "text"


def test_section_and_table_spans(plans):
    for name, record in plans.items():
        source = (PLANS / record.file).read_text(encoding="utf-8")
        for s in record.iter_sections():
            printed = collapse(source[s.span.start:s.span.end]).replace(" ", "")
            assert s.title.replace(" ", "") in printed[: len(s.title) + 8], (name, s.path, printed[:30])
        for t in record.tables:
            printed = collapse(source[t.span.start:t.span.end])
            assert printed.startswith(t.caption), (name, t.caption, printed[:40])
        assert collapse(source[record.title_span.start:record.title_span.end]).replace(" ", "") == record.title
