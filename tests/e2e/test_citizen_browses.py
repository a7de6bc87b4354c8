"""A citizen in Chromium: home → unit → 年报 → the 2014 report; a leader's profile dialog;
accessibility (axe-core) and a 375px phone viewport."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

COUNTY = "620321000"


def test_citizen_finds_the_2014_annual_report_from_the_home_page(page: Page, site_url, artifacts):
    page.goto(site_url + "/")
    expect(page.get_by_role("heading", name="县市信息公开平台")).to_be_visible()
    page.get_by_role("link", name="永昌县人民政府", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("永昌县人民政府")
    page.get_by_role("link", name="政府信息公开年报").click()
    page.get_by_label("年份").select_option("2015")
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name="永昌县2014年政府信息公开工作年度报告").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "永昌县2014年政府信息公开工作年度报告"
    )
    expect(page.get_by_role("heading", name="一、概述")).to_be_visible()
    expect(page.locator(".doc-meta")).to_contain_text("索引号")
    expect(page.locator(".doc-body")).to_contain_text("主动公开政府信息3860余条")
    page.screenshot(path=str(artifacts / "annual-report-2014.png"), full_page=True)


def test_leader_profile_opens_in_a_dialog_that_closes_with_the_button_and_with_escape(
    page: Page, site_url, artifacts
):
    page.goto(f"{site_url}/u/{COUNTY}/")
    leader_link = page.locator("a[data-dialog]").first
    name = leader_link.inner_text()
    leader_link.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(name)
    expect(dialog).to_contain_text("简历")
    expect(dialog).to_contain_text("工作分工")
    page.screenshot(path=str(artifacts / "leader-dialog.png"))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(leader_link).to_be_focused()
    leader_link.click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="关闭").click()
    expect(dialog).to_be_hidden()


def _pages(site_url: str, page: Page) -> list[str]:
    page.goto(f"{site_url}/u/{COUNTY}/c/art20-01/")
    document = page.locator(".doclist a").first.get_attribute("href")
    return [
        "/",
        f"/u/{COUNTY}/",
        f"/u/{COUNTY}/c/art20-01/",
        f"/u/{COUNTY}/c/annual_report/",
        document,
        "/search/?q=最低生活保障",
        "/search/?q=没有这个词",
        "/no-such-page/",
    ]


def test_pages_have_no_serious_or_critical_accessibility_violations(page: Page, site_url):
    axe = Axe()
    failures = []
    for path in _pages(site_url, page):
        page.goto(site_url + path)
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        failures += [(path, v["id"], v["help"], len(v["nodes"])) for v in bad]
    assert failures == []


def test_pages_fit_a_375px_phone_screen(browser, site_url, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page = context.new_page()
    for path in _pages(site_url, page):
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 375, f"{path} is {overflow}px wide on a 375px screen"
    page.goto(f"{site_url}/u/{COUNTY}/c/art20-01/")
    page.screenshot(path=str(artifacts / "column-375px.png"), full_page=False)
    context.close()


def test_large_text_mode_is_remembered(page: Page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("button", name="大字模式").click()
    page.goto(f"{site_url}/u/{COUNTY}/")
    expect(page.locator("html")).to_have_class("large")
    expect(page.get_by_role("button", name="大字模式")).to_have_attribute("aria-pressed", "true")


def test_a_budget_documents_table_downloads_and_opens_as_a_real_workbook(page: Page, site_url):
    import io
    import urllib.request

    from openpyxl import load_workbook

    page.goto(f"{site_url}/u/{COUNTY}/c/art20-07/?q=预算")
    page.locator(".doclist a").first.click()
    link = page.locator(".attachments a").first
    expect(page.locator(".attachments")).to_contain_text("XLSX")
    with urllib.request.urlopen(site_url + link.get_attribute("href")) as response:
        workbook = load_workbook(io.BytesIO(response.read()))
    rows = list(workbook.active.iter_rows(min_row=4, values_only=True))
    *items, total = rows
    assert total[0] == "支出合计"
    assert abs(sum(r[1] for r in items) - total[1]) < 0.05
