"""网上调查 in Chromium: a citizen answers the demo county's open survey (results shown live),
is told when a required question is missing, cannot answer twice, and sees the chart on the
results page; the information officer finds the survey's results and exports in the back office.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_review import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

OPEN_TITLE = "永昌县农村学校校车服务需求调查"  # ops/demo.py → interaction/surveys/demo.py


def test_a_citizen_answers_an_open_survey_and_sees_the_chart(browser: Browser, site_url, artifacts):
    citizen = browser.new_context(locale="zh-CN").new_page()
    citizen.goto(site_url + "/")
    citizen.get_by_role("link", name="网上调查").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("网上调查")
    citizen.get_by_role("link", name=OPEN_TITLE).click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(OPEN_TITLE)
    citizen.goto(citizen.url.rstrip("/") + "/results/")
    before = int(citizen.locator("[data-total]").inner_text())
    citizen.go_back()

    # The second question forgotten: the error sits next to it and the first answer is kept.
    first = citizen.get_by_role("group", name=re.compile("孩子就读的学段"))
    first.get_by_label("初中").check()
    citizen.get_by_role("group", name=re.compile("最关心")).get_by_label("乘车安全").check()
    citizen.get_by_label(re.compile("建议增设的校车站点")).fill("河西堡镇中心小学门口")
    citizen.wait_for_timeout(3200)  # the abuse guard refuses forms sent faster than a person
    citizen.get_by_role("button", name="提交答卷").click()
    expect(citizen.locator(".error-summary")).to_contain_text("第2题：此题为必答题，请选择一项。")
    second = citizen.get_by_role("group", name=re.compile("接送孩子单程"))
    expect(second.locator(".error-message")).to_be_visible()
    expect(first.get_by_label("初中")).to_be_checked()
    expect(citizen.get_by_label(re.compile("建议增设的校车站点"))).to_have_value(
        "河西堡镇中心小学门口"
    )
    citizen.screenshot(path=str(artifacts / "survey-1-error.png"), full_page=True)

    second.get_by_label("15至30分钟").check()
    citizen.wait_for_timeout(3200)
    citizen.get_by_role("button", name="提交答卷").click()
    expect(citizen.get_by_role("status")).to_contain_text("答卷已提交，感谢您的参与")
    expect(citizen.get_by_role("button", name="提交答卷")).to_have_count(0)  # once per person

    citizen.get_by_role("link", name="查看调查结果").first.click()
    expect(citizen.locator("[data-total]")).to_have_text(str(before + 1))
    chart = citizen.locator("figure.chart svg").first
    expect(chart).to_be_visible()
    expect(citizen.get_by_role("table").first).to_contain_text("初中")
    expect(citizen.locator("body")).not_to_contain_text(
        "河西堡镇中心小学门口"
    )  # free text stays in
    citizen.screenshot(path=str(artifacts / "survey-2-results.png"), full_page=True)


def test_the_officer_sees_the_free_text_and_the_export(browser: Browser, site_url, artifacts):
    officer = log_in(browser, site_url, "xinxiyuan")
    officer.goto(site_url + "/admin/snippets/surveys/survey/")
    expect(officer.get_by_role("link", name=OPEN_TITLE).first).to_be_visible()
    officer.screenshot(path=str(artifacts / "survey-3-admin-list.png"), full_page=True)
    officer.get_by_role("link", name="调查结果").first.click()
    expect(officer.get_by_role("link", name="导出答卷（Excel）")).to_be_visible()
    officer.screenshot(path=str(artifacts / "survey-4-admin-results.png"), full_page=True)
    with officer.expect_download() as download:
        officer.get_by_role("link", name="导出答卷（Excel）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
