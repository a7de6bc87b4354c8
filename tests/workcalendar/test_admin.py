"""The 工作日历 back office by HTTP: list, preview, enter, correct, delete, and who may."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.urls import reverse

from gongkai.publishing.roles import Role
from gongkai.workcalendar import services, views
from gongkai.workcalendar.models import CalendarYear

pytestmark = pytest.mark.django_db

HOLIDAYS_2027 = """元旦 2027-01-01 至 2027-01-03
春节 2027-02-05 至 2027-02-13
清明节 2027-04-03 至 2027-04-05
劳动节 2027-05-01 至 2027-05-05
端午节 2027-06-09
中秋节 2027-09-15
国庆节 2027-10-01 至 2027-10-07"""
MAKEUP_2027 = "2027-02-20、2027-04-25（星期日）"


def form(**overrides) -> dict:
    data = {
        "year": "2027",
        "notice": "国办发明电[2026]9号",
        "holidays": HOLIDAYS_2027,
        "makeup_days": MAKEUP_2027,
        "note": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def denied(response) -> bool:
    """403/404, or Wagtail's way of refusing: back to the dashboard with an error message."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_the_list_shows_every_year_with_its_source(login, office):
    response = login(office).get(reverse("workcalendar:index"))
    assert response.status_code == 200
    page = text_of(response)
    for year in range(2013, 2027):
        assert f"{year}年" in page
    assert "国务院办公厅通知（内置）：国办发明电〔2025〕7号" in page
    assert "春节 2月15日至23日（9天）" in page


def test_the_list_says_next_year_is_provisional_until_entered(login, office, monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: date(2026, 11, 25))
    client = login(office)
    page = text_of(client.get(reverse("workcalendar:index")))
    assert "2027年的放假安排尚未录入" in page
    assert "暂定（按《全国年节及纪念日放假办法》推算）" in page
    client.post(reverse("workcalendar:add"), form())
    page = text_of(client.get(reverse("workcalendar:index")))
    assert "尚未录入" not in page
    assert "后台录入：国办发明电〔2026〕9号" in page


def test_the_menu_shows_the_calendar_to_the_disclosure_office_only(login, office, officer):
    assert reverse("workcalendar:index") in text_of(login(office).get("/admin/"))
    assert reverse("workcalendar:index") not in text_of(login(officer).get("/admin/"))


def test_entering_a_year_with_mistakes_shows_chinese_errors_and_keeps_the_text(login, office):
    typed = HOLIDAYS_2027.replace("清明节 2027-04-03", "清明节 2027-04-31")
    response = login(office).post(
        reverse("workcalendar:add"), form(holidays=typed, makeup_days="2027-02-22")
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "尚未保存" in page
    assert "第3行“清明节 2027-04-31 至 2027-04-05”：日期“2027-04-31”不存在。" in page
    assert "第1行2027年2月22日是星期一：调休上班日只能是星期六或星期日" in page
    assert typed in page  # the textarea keeps what was typed, mistakes included
    assert "2027-02-22" in page
    assert not CalendarYear.objects.exists()


def test_a_notice_number_of_the_wrong_year_is_refused(login, office):
    response = login(office).post(reverse("workcalendar:add"), form(notice="国办发明电〔2020〕9号"))
    assert "文号“国办发明电〔2020〕9号”是2020年的通知" in text_of(response)
    assert not CalendarYear.objects.exists()


def test_preview_shows_the_month_grid_and_saves_nothing(login, office):
    response = login(office).post(reverse("workcalendar:add"), form(action="preview"))
    assert response.status_code == 200
    page = text_of(response)
    assert "预览（尚未保存）" in page
    assert "<caption>2027年2月</caption>" in page
    assert "春节 放假" in page  # each day off says so in text, not only in colour
    assert "调休上班" in page and "图例" in page
    assert "全年工作日" in page
    assert not CalendarYear.objects.exists()


def test_saving_a_good_year_records_it_with_who_and_when(login, office):
    response = login(office).post(reverse("workcalendar:add"), form())
    assert response.status_code == 302
    assert response["Location"] == reverse("workcalendar:year", args=[2027])
    row = CalendarYear.objects.get(year=2027)
    assert row.notice == "国办发明电〔2026〕9号"  # brackets normalised
    assert row.updated_by == office
    assert not services.official_calendar().is_provisional(date(2027, 3, 1))
    page = text_of(login(office).get(response["Location"]))
    assert "后台录入：国办发明电〔2026〕9号，县政务公开办 陈静" in page
    assert "录入" in page and "修改记录" in page


def test_the_year_page_shows_a_built_in_year_as_a_grid_with_a_legend(login, office):
    page = text_of(login(office).get(reverse("workcalendar:year", args=[2026])))
    assert "内置通知" in page
    assert page.count('<table class="wc-month">') == 12
    assert "图例" in page and "休" in page and "班" in page
    assert "更正内置数据" in page


def test_correcting_a_built_in_year_starts_from_its_data(login, office):
    page = text_of(login(office).get(reverse("workcalendar:add") + "?year=2026"))
    assert "春节 2026-02-15 至 2026-02-23" in page
    assert "2026-02-14（星期六）" in page
    assert "国办发明电〔2025〕7号" in page


def test_editing_keeps_the_year_and_logs_the_change(login, office):
    client = login(office)
    client.post(reverse("workcalendar:add"), form())
    response = client.post(
        reverse("workcalendar:edit", args=[2027]), form(year="2030", makeup_days="2027-02-20")
    )
    assert response.status_code == 302
    row = CalendarYear.objects.get()
    assert (row.year, row.makeup_days) == (2027, "2027-02-20")
    page = text_of(client.get(reverse("workcalendar:year", args=[2027])))
    assert "调休上班日期" in page  # the changed field, in the history


def test_an_entered_year_cannot_be_entered_twice(login, office):
    client = login(office)
    client.post(reverse("workcalendar:add"), form())
    assert client.get(reverse("workcalendar:add") + "?year=2027")["Location"] == reverse(
        "workcalendar:edit", args=[2027]
    )
    response = client.post(reverse("workcalendar:add"), form())
    assert "这一年已经录入过了" in text_of(response)


def test_deleting_a_year_returns_it_to_provisional(login, office):
    client = login(office)
    client.post(reverse("workcalendar:add"), form())
    response = client.post(reverse("workcalendar:delete", args=[2027]))
    assert response.status_code == 302
    assert not CalendarYear.objects.exists()
    assert services.official_calendar().is_provisional(date(2027, 3, 1))


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "workcalendar:index", []),
        ("get", "workcalendar:year", [2026]),
        ("get", "workcalendar:add", []),
        ("post", "workcalendar:add", []),
        ("get", "workcalendar:edit", [2027]),
        ("post", "workcalendar:edit", [2027]),
        ("get", "workcalendar:delete", [2027]),
        ("post", "workcalendar:delete", [2027]),
    ],
)
def test_a_unit_information_officer_is_refused_everywhere(
    login, office, officer, method, name, args
):
    login(office).post(reverse("workcalendar:add"), form())
    client = login(officer)
    response = getattr(client, method)(
        reverse(name, args=args), form(makeup_days="") if method == "post" else None
    )
    assert denied(response), response.status_code
    row = CalendarYear.objects.get()
    assert row.makeup_days == MAKEUP_2027  # untouched


def test_the_system_administrator_may_keep_the_calendar(login, make_staff, county):
    admin = make_staff("xitong", Role.ADMIN, county)
    assert login(admin).get(reverse("workcalendar:index")).status_code == 200


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("workcalendar:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
