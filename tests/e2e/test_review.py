"""Four people in Chromium take an important document through the real back office to the
public page: 教育局's information officer drafts and submits it, the information centre's
editor approves it (审核), the centre's head signs it off (签发), and because it is marked
重要信息 the leader of 县政府办 signs it too (审签)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

TITLE = "永昌县教育局关于做好2026年秋季学期义务教育招生入学工作的通知"
PASSWORD = "gongkai-demo"  # the demo accounts created by `gongkai load-demo`


def log_in(browser: Browser, site_url: str, username: str) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(site_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page.get_by_role("heading", name="政府信息工作台")).to_be_visible()
    return page


def press_action(page: Page, name: str) -> None:
    """A button of the editor's action menu; secondary actions sit behind the toggle."""
    button = page.locator("footer").get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="更多动作").click()
    button.click()


def test_a_document_passes_three_levels_of_review_to_the_public_page(
    browser: Browser, site_url, artifacts
):
    # 1. The information officer drafts and submits.
    officer = log_in(browser, site_url, "xinxiyuan")
    officer.goto(site_url + "/admin/snippets/catalog/document/add/")
    officer.locator("#id_title").fill(TITLE)
    officer.locator("#id_doc_no").fill("永教发[2026]15号")
    officer.locator("#id_written_on").fill("2026-11-20")
    officer.keyboard.press("Escape")
    # The classifier suggests the column; the officer accepts the suggestion.
    suggestion = officer.locator(".gk-suggest")
    expect(suggestion).to_contain_text("扶贫、教育、医疗")
    suggestion.get_by_role("button", name="选中此栏目").first.click()
    officer.locator(".public-DraftEditor-content").first.click()
    officer.keyboard.type(
        "各乡镇中心学校、县直各学校：现将2026年秋季学期招生入学工作有关事项通知如下。"
    )
    # Draftail writes its hidden input a moment after typing stops.
    expect(officer.locator("#id_body")).to_have_value(re.compile("招生入学工作有关事项"))
    officer.locator("#id_important").check()
    officer.locator("#id_secrecy_result").select_option(index=1)
    officer.locator("#id_secrecy_confirmed").check()
    officer.screenshot(path=str(artifacts / "review-1-officer-form.png"), full_page=True)
    press_action(officer, "提交给三级审核")
    expect(officer.locator(".messages")).to_contain_text("已提交审核")

    # 2. The editor finds it on the dashboard and approves it.
    editor = log_in(browser, site_url, "bianji")
    waiting = editor.locator(".gk-dashboard")
    expect(waiting).to_contain_text("等待我审核")
    editor.screenshot(path=str(artifacts / "review-2-editor-dashboard.png"), full_page=True)
    waiting.get_by_role("link", name=TITLE).first.click()
    press_action(editor, "通过")
    expect(editor.locator(".messages")).to_contain_text("已审核通过")

    # 3. The head signs it off; it is important, so it waits for the leader.
    head = log_in(browser, site_url, "fuzeren")
    head.locator(".gk-dashboard").get_by_role("link", name=TITLE).first.click()
    press_action(head, "通过")
    expect(head.locator(".messages")).to_contain_text("已审核通过")
    head.goto(site_url + "/u/620321003/")
    expect(head.get_by_role("link", name=TITLE)).to_have_count(0)  # not public yet

    # 4. The leader of 县政府办 signs it; now it is published.
    leader = log_in(browser, site_url, "shenqian")
    leader.locator(".gk-dashboard").get_by_role("link", name=TITLE).first.click()
    press_action(leader, "通过并发布")
    expect(leader.locator(".messages")).to_contain_text("已审核通过")

    # 5. A citizen finds it in 教育局's column, with the number normalised.
    citizen = browser.new_context(locale="zh-CN").new_page()
    citizen.goto(site_url + "/u/620321003/")
    citizen.get_by_role(
        "link", name="扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
    ).first.click()
    citizen.get_by_role("link", name=TITLE).first.click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(citizen.locator(".doc-meta")).to_contain_text("永教发〔2026〕15号")
    expect(citizen.locator(".doc-body")).to_contain_text("招生入学工作有关事项通知如下")
    citizen.screenshot(path=str(artifacts / "review-4-public-page.png"), full_page=True)
