"""parse_value and is_value_token on cells and quantities printed in the real plans."""
import re
from pathlib import Path

import pytest

from loaders.records import Value
from loaders.values import is_value_token, parse_value

PLANS = Path(__file__).resolve().parent.parent / "data" / "plans"


def plan_lines(name: str) -> list[str]:
    (path,) = PLANS.glob(f"*{name}*.txt")
    return path.read_text(encoding="utf-8").splitlines()


def plan_text(name: str) -> str:
    """The plan with its hard wraps (and the blank lines between them) joined."""
    return re.sub(r"[ \t]*\n\s*", "", "\n".join(plan_lines(name)))


# (plan, printed cell or quantity, comparator, value, unit)
NUMERIC = [
    ("wenzhou", "＞99%", ">", 99, "%"),
    ("wenzhou", "≥90%", ">=", 90, "%"),
    ("wenzhou", "98%", "=", 98, "%"),
    ("jiashan", ">99%", ">", 99, "%"),
    ("jiashan", "88.89%", "=", 88.89, "%"),
    ("hangzhou", "≥8.5", ">=", 8.5, None),
    ("hangzhou", "9.1%", "=", 9.1, "%"),
    ("hangzhou", "≥98", ">=", 98, None),
    ("hangzhou", "25000", "=", 25000, None),
    ("hangzhou", "1101.81", "=", 1101.81, None),
    ("hangzhou", "不少于 5000 人次", ">=", 5000, "人次"),
    ("hangzhou", "1608 万元", "=", 1608, "万元"),
    ("hangzhou", "2 万人以上", ">=", 20000, "人"),
    ("hangzhou", "5.4 万名", "=", 54000, "名"),
    ("hangzhou", "28 万平方米", "=", 280000, "平方米"),
    ("quzhou", "1万人以上", ">=", 10000, "人"),
    ("quzhou", "99%以上", ">=", 99, "%"),
    ("quzhou", "≥8.5%", ">=", 8.5, "%"),
    ("jiashan", "21174.37 万元", "=", 21174.37, "万元"),
    ("wenzhou", "不少于 4000人", ">=", 4000, "人"),
]


@pytest.mark.parametrize("plan, printed, comparator, value, unit", NUMERIC)
def test_numeric_values_from_the_plans(plan, printed, comparator, value, unit):
    assert printed in plan_text(plan)
    parsed = parse_value(printed)
    assert (parsed.text, parsed.comparator, parsed.value, parsed.unit, parsed.qualitative) == (
        printed, comparator, pytest.approx(value), unit, None)


@pytest.mark.parametrize("plan, printed", [
    ("wenzhou", "与 GDP增长同步"),
    ("yueqing", "与全市GDP增长同步"),
    ("quzhou", "与全市生产总值增长同步"),
    ("hangzhou", "与GDP增长同步"),
])
def test_qualitative_statements(plan, printed):
    assert printed in plan_text(plan)
    parsed = parse_value(f" {printed} ")
    assert parsed.text == printed
    assert parsed.qualitative == printed
    assert (parsed.comparator, parsed.value, parsed.unit) == (None, None, None)


def test_dash_cell_of_quzhou_indicator_table():
    assert "预期性 — 与全市生产总值增长同步" in plan_text("quzhou")
    assert parse_value("—") == Value(text="—")
    for empty in ("—", "-", "", "  "):
        parsed = parse_value(empty)
        assert parsed.text == empty.strip()
        assert (parsed.comparator, parsed.value, parsed.unit, parsed.qualitative) == (None,) * 4


@pytest.mark.parametrize("printed, comparator, value, unit", [
    ("0.5万人", "=", 5000, "人"),
    ("2 万元", "=", 2, "万元"),
    ("1.5亿元", "=", 1.5, "亿元"),
    ("≧90", ">=", 90, None),
    ("⩾95%", ">=", 95, "%"),
    ("≤5%", "<=", 5, "%"),
    ("＜1%", "<", 1, "%"),
    ("超过 80%", ">", 80, "%"),
    ("低于 2%", "<", 2, "%"),
    ("不超过 10 家", "<=", 10, "家"),
    ("20%以内", "<=", 20, "%"),
    ("至少 1 个", ">=", 1, "个"),
    ("不低于15%", ">=", 15, "%"),
    ("１００％", "=", 100, "%"),
    ("一万人", "=", 10000, "人"),
    ("两千人次", "=", 2000, "人次"),
    ("三千五百户", "=", 3500, "户"),
    ("5 个百分点", "=", 5, "个百分点"),
    ("100 m²", "=", 100, "m²"),
])
def test_comparators_multipliers_and_chinese_numerals(printed, comparator, value, unit):
    parsed = parse_value(printed)
    assert (parsed.comparator, parsed.value, parsed.unit) == (comparator, pytest.approx(value), unit)


def test_value_tokens_of_a_space_separated_indicator_row():
    row = next(line for line in plan_lines("wenzhou") if "约束性 98% ＞99%" in line)
    tokens = row.split()
    # the row number is a bare number too; the table parser knows the first column is 序号
    assert [t for t in tokens if is_value_token(t)] == ["2", "98%", "＞99%"]
    assert not any(is_value_token(t) for t in ("约束性", "预期性", "困难残疾人生活补贴覆盖率", "2020年"))


@pytest.mark.parametrize("token", ["≥99%", "98%", "—", "100", "＞90%", ">99%", "≥8.5", "99.92%", "1101.81"])
def test_is_value_token_accepts_printed_values(token):
    assert is_value_token(token)


@pytest.mark.parametrize("token", ["", "指标", "属性", "与", "GDP增长同步", "全国指标", "一", "2025年", "序号"])
def test_is_value_token_refuses_words(token):
    assert not is_value_token(token)
