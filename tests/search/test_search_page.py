"""The search page and the search API, from a citizen's side."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import DocumentFactory, UnitFactory


@pytest.fixture
def docs(edu, police):
    made = {
        "enrol": DocumentFactory(
            unit=edu,
            title="永昌县教育局关于做好2024年义务教育招生入学工作的通知",
            doc_no="永教发〔2024〕12号",
            body="<p>城区义务教育学校招生坚持免试就近入学。</p>",
        ),
        "fees": DocumentFactory(
            unit=edu,
            title="关于义务教育阶段学校收费项目的公示",
            published_on=dt.date(2023, 5, 6),
            written_on=dt.date(2023, 5, 1),
            validity="expired",
            repealed_on=dt.date(2024, 1, 1),
        ),
        "traffic": DocumentFactory(unit=police, title="关于学校周边交通管制的通告"),
    }
    return made


def page(client, **params) -> str:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_results_show_marked_titles_snippets_and_facets(client, docs):
    html = page(client, q="义务教育")
    assert "找到 2 条" in html
    assert "<mark>义务教育</mark>招生入学" in html
    assert "免试就近入学" in html  # the snippet
    assert "永教发〔2024〕12号" in html
    assert "失效" in html  # the expired one says so
    assert 'href="?q=%E4%B9%89%E5%8A%A1%E6%95%99%E8%82%B2&amp;year=2023"' in html
    assert '永昌县教育局 <span class="n">2</span>' in html


def test_a_facet_link_narrows_the_results_and_can_be_cleared(client, docs):
    html = page(client, q="义务教育", year="2023")
    assert "找到 1 条" in html and "阶段学校收费项目" in html and "招生入学" not in html
    assert "不限发布年份" in html
    html = page(client, q="义务教育", validity="valid")
    assert "招生入学" in html and "阶段学校收费项目" not in html


def test_a_doc_no_in_any_brackets_finds_exactly_that_document(client, docs):
    for typed in ["永教发[2024]12号", "永教发(2024)12号", "永教发【2024】12号", "永教发2024年12号"]:
        html = page(client, q=typed)
        assert "找到 1 条" in html and "招生入学工作的通知" in html, typed


def test_nothing_found_gives_help_and_a_way_to_ask_for_the_information(client, docs):
    html = page(client, q="飞机场建设")
    assert "没有找到与“飞机场建设”有关的结果" in html
    assert 'href="/apply/"' in html and "检查有没有错别字" in html


def test_a_unit_name_with_a_typo_shows_the_results_for_the_right_name(client, docs):
    html = page(client, q="公按局")
    assert "您是不是要找" in html or "以下是" in html
    html = page(client, q="县公按局")
    assert "永昌县公安局" in html


def test_pages_go_on_and_a_page_beyond_the_end_says_so(client, edu):
    for n in range(23):
        DocumentFactory(unit=edu, title=f"关于第{n + 1}批校舍安全检查结果的通报")
    first, third = page(client, q="校舍安全"), page(client, q="校舍安全", page="3")
    assert "第 1 / 3 页" in first and 'rel="next"' in first
    assert third.count('class="hit-title"') == 3 and 'rel="prev"' in third
    assert "没有这一页" in page(client, q="校舍安全", page="99")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "教育", "year": "abcd"},
        {"q": "教育", "unit": "<script>"},
        {"q": "教育", "column": "../../etc"},
        {"q": "教育", "kind": "secret"},
        {"q": "教育", "validity": "x" * 300},
        {"q": "教育", "page": "-5"},
        {"q": "*" * 300},
        {"q": '" AND title : "x'},
        {"q": "NEAR(教育 OR"},
    ],
)
def test_odd_parameters_never_fail(client, docs, params):
    assert client.get("/search/", params).status_code == 200


def test_what_is_typed_and_what_is_stored_is_escaped(client, edu):
    DocumentFactory(unit=edu, title="关于<script>alert(1)</script>防范电信诈骗的提示")
    html = page(client, q="<img src=x onerror=alert(1)> 电信诈骗")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    html = page(client, q="电信诈骗")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_api_answers_q_best_first_with_snippets_marks_and_facets(client, docs):
    data = client.get("/api/v1/documents", {"q": "义务教育 招生"}).json()
    assert data["count"] == 1 and data["query"] == "义务教育 招生"
    [item] = data["items"]
    assert item["index_no"] == docs["enrol"].index_no
    for start, end in item["marks"]:
        assert item["snippet"][start:end] in {"义务教育", "招生"}
    assert data["facets"]["year"] == [{"value": "2024", "label": "2024年", "count": 1}]


def test_the_api_filters_q_by_unit_column_and_year(client, docs, police):
    get = client.get
    assert get("/api/v1/documents", {"q": "学校", "unit": police.code}).json()["count"] == 1
    assert get("/api/v1/documents", {"q": "学校", "column": "art20-01"}).json()["count"] == 3
    assert get("/api/v1/documents", {"q": "学校", "year": 2023}).json()["count"] == 1
    assert get("/api/v1/documents", {"q": "学校", "column": "guide"}).json()["count"] == 0


def test_only_documents_come_back_from_the_api(client, edu):
    UnitFactory(code="620321050", name="永昌县学校后勤服务中心", short_name="学后")
    data = client.get("/api/v1/documents", {"q": "学校后勤"}).json()
    assert data["count"] == 0 and data["items"] == []


def test_words_never_found_together_are_left_out_and_named(client, docs):
    html = page(client, q="义务教育 招生 飞机场")
    assert "以下结果不含：<s>飞机场</s>" in html and "入学工作的通知" in html


def test_a_typo_in_a_unit_name_that_occurs_nowhere_is_searched_as_the_right_name(client, docs):
    html = page(client, q="公按局")  # its three characters occur, the word does not
    assert "没有找到与“公按局”有关的结果，以下是“<strong>永昌县公安局</strong>”的结果" in html
    assert "学校周边交通管制" in html
