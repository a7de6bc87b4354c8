"""意见征集 in Chromium through the real back office: 教育局's information officer publishes a
draft for comment (reviewed by the information centre's editor and head), a citizen comments,
the officer approves the comment, and for a consultation whose period is over the feedback
summary is reviewed, published and shown on the public page.

The live server runs on the real clock, so the dates are set relative to the day the test
runs; the finished consultation is entered with dates in the past.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_review import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

OPEN_TITLE = "《永昌县中小学校园安全管理办法（征求意见稿）》公开征求意见"
DONE_TITLE = "《永昌县学生营养餐管理办法（征求意见稿）》公开征求意见"
COMMENT = "建议明确校门口上下学时段的交通疏导责任，联系电话13912345678。"


def press_action(page: Page, name: str | re.Pattern) -> None:
    """A button of the editor's action menu; secondary actions sit behind the toggle."""
    button = page.locator("footer").get_by_role("button", name=name).first
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="更多动作").click()
    button.click()


def draftail(page: Page, index: int, text: str, hidden: str) -> None:
    page.locator(".public-DraftEditor-content").nth(index).click()
    page.keyboard.type(text)
    # Draftail writes its hidden input a moment after typing stops.
    expect(page.locator(hidden)).to_have_value(re.compile(re.escape(text[:6])))


def create_and_submit(browser, site_url, title: str, starts_on: dt.date, ends_on: str) -> None:
    officer = log_in(browser, site_url, "xinxiyuan")
    officer.goto(site_url + "/admin/snippets/consultations/consultation/add/")
    officer.locator("#id_title").fill(title)
    officer.locator("#id_starts_on").fill(starts_on.isoformat())
    officer.keyboard.press("Escape")
    if ends_on:
        officer.locator("#id_ends_on").fill(ends_on)
        officer.keyboard.press("Escape")
    draftail(officer, 0, "第一条 为加强中小学校园安全管理，制定本办法。", "#id_draft")
    draftail(officer, 1, "根据有关法律法规，结合我县实际起草。", "#id_explanation")
    officer.locator("#id_email").fill("yjzj-jyj@example.cn")
    press_action(officer, re.compile("^提交给"))
    expect(officer.locator(".messages")).to_contain_text("已提交审核")


def review(browser, site_url, title: str, model: str) -> None:
    for username in ("bianji", "fuzeren"):
        page = log_in(browser, site_url, username)
        page.goto(f"{site_url}/admin/snippets/consultations/{model}/")
        page.get_by_role("link", name=title).first.click()
        press_action(page, re.compile("^通过"))
        expect(page.locator(".messages")).to_contain_text("已审核通过")


def test_a_consultation_from_draft_to_feedback(browser: Browser, site_url, artifacts):
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()

    # 1. The officer drafts the consultation; the end date is left to the 30-day default.
    create_and_submit(browser, site_url, OPEN_TITLE, today, "")
    citizen = browser.new_context(locale="zh-CN").new_page()
    citizen.goto(site_url + "/consultations/")
    expect(citizen.get_by_role("link", name=OPEN_TITLE)).to_have_count(0)  # in review: hidden

    # 2. Two levels of review publish it.
    review(browser, site_url, OPEN_TITLE, "consultation")

    # 3. A citizen finds it and comments.
    citizen.goto(site_url + "/consultations/")
    citizen.get_by_role("link", name=OPEN_TITLE).click()
    expect(citizen.locator(".days-left")).to_have_text("剩余 31 天")
    citizen.locator("#id_name").fill("赵丽")
    citizen.locator("#id_contact").fill("13912345678")
    citizen.locator("#id_text").fill(COMMENT)
    citizen.wait_for_timeout(3200)  # the abuse guard refuses forms sent faster than a person
    citizen.get_by_role("button", name="提交意见").click()
    expect(citizen.locator(".banner")).to_contain_text("意见已提交")
    expect(citizen.locator(".comment-list")).to_have_count(0)  # not before moderation

    # 4. The officer approves the comment; it appears masked.
    officer = log_in(browser, site_url, "xinxiyuan")
    officer.goto(site_url + "/admin/consultations/")
    row = officer.locator("section[aria-labelledby=pending-h] tr", has_text="交通疏导责任")
    expect(row).to_contain_text("13912345678")  # staff see the contact
    officer.screenshot(path=str(artifacts / "consultation-1-moderation.png"), full_page=True)
    row.get_by_role("button", name="通过").click()
    expect(officer.locator(".messages")).to_contain_text("意见已审核通过")
    citizen.reload()
    comments = citizen.locator(".comment-list")
    expect(comments).to_contain_text("赵**")
    expect(comments).to_contain_text("139****5678")
    expect(comments).not_to_contain_text("13912345678")
    citizen.screenshot(path=str(artifacts / "consultation-2-public.png"), full_page=True)

    # 5. A consultation entered with its period over gets its feedback summary, reviewed.
    starts = today - dt.timedelta(days=45)
    create_and_submit(
        browser, site_url, DONE_TITLE, starts, (today - dt.timedelta(days=15)).isoformat()
    )
    review(browser, site_url, DONE_TITLE, "consultation")
    officer.goto(site_url + "/admin/consultations/")
    overdue = officer.locator("section[aria-labelledby=overdue-h] tr", has_text=DONE_TITLE)
    expect(overdue).to_be_visible()  # the warning: ended without feedback
    overdue.get_by_role("button", name="起草采纳情况反馈").click()
    officer.locator("#id_received_count").fill("2")
    draftail(officer, 0, "征求意见期间共收到意见2条，均已认真研究。", "#id_summary")
    officer.get_by_role("button", name=re.compile("(增加|添加) ?意见")).click()
    officer.locator("#id_items-0-topic").fill("增加营养餐品种")
    officer.locator("#id_items-0-count").fill("2")
    officer.locator("#id_items-0-decision").select_option(label="部分采纳")
    officer.locator("#id_items-0-reason").fill("受补助标准限制，先在中心学校试行。")
    press_action(officer, re.compile("^提交给"))
    expect(officer.locator(".messages")).to_contain_text("已提交审核")
    review(browser, site_url, f"关于《{DONE_TITLE}》的意见采纳情况反馈", "feedbacksummary")

    # 6. The public page shows the summary.
    citizen.goto(site_url + "/consultations/?tab=answered")
    citizen.get_by_role("link", name=DONE_TITLE).click()
    feedback = citizen.locator(".feedback")
    expect(feedback).to_contain_text("本次征集共收到意见 2 条")
    expect(feedback).to_contain_text("部分采纳")
    expect(feedback).to_contain_text("受补助标准限制")
    citizen.screenshot(path=str(artifacts / "consultation-3-feedback.png"), full_page=True)
