"""Write the DOCX fixtures with python-docx and the PDF from one of them with LibreOffice (headless).

Run from this folder: ``python make_fixtures.py``. Needs python-docx (a project dependency) and, for
the PDF, ``libreoffice`` (Debian: libreoffice-writer-nogui) with a CJK font (fonts-wqy-microhei).
The outputs are committed, so the tests need neither; rerun this only to change the fixtures.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FONT = "WenQuanYi Micro Hei"


def _document():
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", FONT)
    return document


def _table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def _page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def qingdao_health():
    """A city health plan in Word: notice with signature above the plan, an indicator table, a task table."""
    d = _document()
    for text in ("青岛市卫生健康委员会关于印发青岛市“十四五”残疾人健康服务规划的通知",
                 "各区、市卫生健康局：",
                 "现将《青岛市“十四五”残疾人健康服务规划》印发给你们，请结合实际认真贯彻落实。",
                 "青岛市卫生健康委员会", "2021年12月20日",
                 "青岛市“十四五”残疾人健康服务规划",
                 "为提高残疾人健康水平，依据《山东省“十四五”残疾人保障和发展规划》，制定本规划。",
                 "一、主要指标"):
        d.add_paragraph(text)
    d.add_paragraph("表1 “十四五”残疾人健康服务主要指标")
    _table(d, [["序号", "指标", "2020年", "2025年", "属性"],
               ["1", "残疾人基本康复服务覆盖率", "85%", "≥90%", "约束性"],
               ["2", "残疾人辅助器具适配率", "90%", "≥95%", "约束性"],
               ["3", "规范化残疾儿童康复机构覆盖率", "70%", "≥85%", "预期性"]])
    for text in ("二、主要任务",
                 "（一）加强残疾预防",
                 "1.开展出生缺陷综合防治。孕前优生健康检查目标人群覆盖率达到90%以上，市妇幼保健院负责。",
                 "2.推进残疾儿童早期筛查。每年筛查0-6岁儿童10万人次。",
                 "（二）提升康复医疗服务"):
        d.add_paragraph(text)
    d.add_paragraph("表2 康复医疗重点任务")
    _table(d, [["序号", "项目", "要求"],
               ["1", "康复医院建设", "每个区、市建成1所康复医院或综合医院康复医学科。"],
               ["2", "康复人才培养", "每年培训基层康复人员500人次，市卫生健康委负责。"]])
    d.add_paragraph("三、保障措施")
    d.add_paragraph("（一）加强组织实施")
    d.add_paragraph("1.明确责任分工。各区、市卫生健康局制定具体实施方案。")
    d.save(HERE / "370200-qingdao-health.docx")


def xian_disability():
    """A city disability plan, three pages: head and goals, the indicator table, the tasks."""
    d = _document()
    for text in ("西安市残疾人事业发展“十四五”规划",
                 "西安市人民政府办公厅",
                 "2021年10月8日",
                 "为推进残疾人事业发展，根据《陕西省“十四五”残疾人保障和发展规划》，制定本规划。",
                 "一、发展目标",
                 "到2025年，残疾人基本康复服务覆盖率达到90%以上。"):
        d.add_paragraph(text)
    _page_break(d)
    d.add_paragraph("专栏 1 主要指标")
    _table(d, [["指标", "2025年", "属性"],
               ["残疾人基本康复服务覆盖率", "90%以上", "约束性"],
               ["困难残疾人生活补贴覆盖率", "100%", "约束性"],
               ["残疾人就业率", "60%", "预期性"]])
    _page_break(d)
    for text in ("二、主要任务",
                 "（一）加强残疾人社会保障",
                 "1.完善残疾人两项补贴制度。市民政局、市财政局负责。",
                 "2.落实残疾人参保缴费资助。城乡残疾人居民基本养老保险参保率达到95%以上。",
                 "（二）促进残疾人就业",
                 "1.开展职业技能培训。每年培训残疾人3000人次，市人力资源和社会保障局负责。"):
        d.add_paragraph(text)
    path = HERE / "source" / "610100-xian-disability.docx"
    d.save(path)
    return path


def to_pdf(path: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        raise SystemExit("libreoffice not found: apt-get install libreoffice-writer-nogui fonts-wqy-microhei")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(HERE), str(path)], check=True, timeout=300)


if __name__ == "__main__":
    qingdao_health()
    to_pdf(xian_disability())
