"""Every unit gets exactly the five standard columns, with the statutory sub-columns of Art. 20/21."""

from gongkai.catalog import columns as standard
from gongkai.catalog.services import ensure_standard_columns


def test_a_unit_has_exactly_the_five_standard_columns_in_the_seed_order(unit):
    top = list(unit.columns.filter(parent=None).order_by("position").values_list("name", flat=True))
    assert top == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
    ]


def test_proactive_disclosure_has_the_fifteen_items_of_article_20_and_article_21(unit):
    proactive = unit.columns.get(key=standard.PROACTIVE)
    children = list(proactive.children.order_by("position"))
    assert len(children) == 16
    assert children[0].name == "行政法规、规章和规范性文件"
    assert children[4].description == "《条例》第二十条第（五）项"
    assert children[14].key == "art20-15"
    assert children[15].key == "art21"


def test_creating_standard_columns_twice_changes_nothing(unit):
    before = unit.columns.count()
    ensure_standard_columns(unit)
    assert unit.columns.count() == before == len(standard.ALL)
