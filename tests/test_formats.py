"""Plans published as PDF, Word and web pages: the same records as from text, spans into the extracted text."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders import PlanParseError, parse, parse_dir, source_text
from loaders.layout import collapse

FORMATS = Path(__file__).resolve().parent / "data" / "formats"


def quoted(record, span) -> str:
    return collapse(source_text(record.path)[span.start:span.end])


@pytest.fixture(scope="module")
def pdf():
    return parse(FORMATS / "610100-xian-disability.pdf")


def test_pdf_plan_with_pages_and_a_table(pdf):
    assert (pdf.file, pdf.source_format, pdf.encoding) == ("610100-xian-disability.pdf", "pdf", "pdf")
    assert pdf.title == "西安市残疾人事业发展“十四五”规划" and pdf.region.code == "610100"
    assert (pdf.issuers, pdf.issued) == (["西安市人民政府办公厅"], "2021-10-08")
    assert pdf.title_span.page == 1
    assert [(i.name, i.target.text, i.target.comparator, i.target.value, i.attribute, i.span.page)
            for i in pdf.indicators] == [
        ("残疾人基本康复服务覆盖率", "90%以上", ">=", 90, "约束性", 2),
        ("困难残疾人生活补贴覆盖率", "100%", "=", 100, "约束性", 2),
        ("残疾人就业率", "60%", "=", 60, "预期性", 2)]
    assert pdf.tables[0].caption == "专栏 1 主要指标" and pdf.tables[0].span.page == 2
    measures = list(pdf.iter_measures())
    assert [(m.path, m.heading, m.span.page) for m in measures] == [
        ("2.1-m1", "完善残疾人两项补贴制度", 3), ("2.1-m2", "落实残疾人参保缴费资助", 3),
        ("2.2-m1", "开展职业技能培训", 3)]
    assert quoted(pdf, measures[2].span).startswith("开展职业技能培训。每年培训残疾人3000人次")
    goal = next(t for t in pdf.targets if t.section)
    assert (goal.subject, goal.value, goal.span.page) == ("残疾人基本康复服务覆盖率", 90, 1)


def test_docx_source_of_the_pdf_reads_the_same(pdf):
    docx = parse(FORMATS / "source" / "610100-xian-disability.docx")
    assert docx.source_format == "docx" and docx.title == pdf.title
    assert [(i.name, i.target.text) for i in docx.indicators] == [(i.name, i.target.text) for i in pdf.indicators]
    assert [m.text for m in docx.iter_measures()] == [m.text for m in pdf.iter_measures()]
    assert all(m.span.page is None for m in docx.iter_measures())


def test_docx_plan_with_notice_signature_indicator_and_task_tables():
    r = parse(FORMATS / "370200-qingdao-health.docx")
    assert (r.source_format, r.title, r.plan_type) == ("docx", "青岛市“十四五”残疾人健康服务规划", "残疾人健康服务规划")
    assert (r.issuers, r.issued) == (["青岛市卫生健康委员会"], "2021-12-20")
    assert [t.kind for t in r.tables] == ["indicators", "tasks"]
    assert [(i.no, i.name, i.baseline.text, i.target.text) for i in r.indicators] == [
        ("1", "残疾人基本康复服务覆盖率", "85%", "≥90%"), ("2", "残疾人辅助器具适配率", "90%", "≥95%"),
        ("3", "规范化残疾儿童康复机构覆盖率", "70%", "≥85%")]
    rows = [m for m in r.iter_measures() if m.kind == "task_row"]
    assert [(m.path, m.heading) for m in rows] == [("2.2-t2r1", "康复医院建设"), ("2.2-t2r2", "康复人才培养")]
    assert any(t.subject == "培训基层康复人员" and t.value == 500 and t.measure == "2.2-t2r2" for t in r.targets)
    assert quoted(r, r.indicators[1].span) == "2\t残疾人辅助器具适配率\t90%\t≥95%\t约束性"


def test_html_notice_page_without_the_site_around_it():
    r = parse(FORMATS / "640100-yinchuan-notice.html")
    assert (r.source_format, r.title) == ("html", "银川市“十四五”残疾人保障和发展规划")
    assert (r.issuers, r.issued, r.doc_number) == (["银川市人民政府办公室"], "2021-10-12", "银政办发〔2021〕96号")
    assert [s.title for s in r.sections] == ["主要目标", "主要任务"]
    assert [(i.name, i.target.text) for i in r.indicators] == [
        ("困难残疾人生活补贴覆盖率", "100%"), ("残疾人基本康复服务覆盖率", "≥90%")]
    assert [m.heading for m in r.iter_measures()] == ["完善社会救助制度", "推进无障碍环境建设", "提高特殊教育质量"]
    assert any(t.value == 300 and t.unit == "户" for t in r.targets)
    text = source_text(r.path)
    for noise in ("首页", "分享到", "版权所有", "相关文件", "索引号"):
        assert noise not in text


def test_folder_of_mixed_formats(tmp_path):
    for path in FORMATS.glob("*.*"):
        if path.suffix != ".py":
            shutil.copy(path, tmp_path)
    shutil.copy(FORMATS.parent / "layouts" / "320500-suzhou-rehab-action-plan.txt", tmp_path)
    (tmp_path / "notes.md").write_text("not a plan", encoding="utf-8")
    results = dict((p.name, r) for p, r in parse_dir(tmp_path))
    assert sorted(results) == ["320500-suzhou-rehab-action-plan.txt", "370200-qingdao-health.docx",
                               "610100-xian-disability.pdf", "640100-yinchuan-notice.html"]
    assert {r.source_format for r in results.values()} == {"text", "pdf", "docx", "html"}


@pytest.mark.parametrize("name, data, reason", [
    ("broken.pdf", b"%PDF-1.4\nthis is not a pdf body", "not a readable PDF"),
    ("broken.docx", b"PK\x03\x04 not a zip archive at all", "not a readable Word (.docx) file"),
    ("empty.html", b"   \n", "file is empty"),
    ("blank.docx", None, "holds no text"),
])
def test_bad_documents_name_the_file_and_the_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    if data is None:        # a Word file without a word in it
        import docx as python_docx

        python_docx.Document().save(path)
    else:
        path.write_bytes(data)
    with pytest.raises(PlanParseError) as caught:
        parse(path)
    assert str(caught.value).startswith(str(path)) and reason in str(caught.value)


def test_html_page_in_its_declared_gbk_charset(tmp_path):
    page = (FORMATS / "640100-yinchuan-notice.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gbk"')
    path = tmp_path / "640100-yinchuan-notice-gbk.html"
    path.write_bytes(page.encode("gbk"))
    r = parse(path)
    assert (r.title, r.issuers, len(r.indicators)) == ("银川市“十四五”残疾人保障和发展规划", ["银川市人民政府办公室"], 2)
