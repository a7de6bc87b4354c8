"""留言 in Chromium, from the citizen's side: a citizen on a phone leaves a message to 教育局,
keeps the 查询码 from the receipt, and after 教育局's information officer has written a reply
that the information centre's editor (审核) and head (签发) approved, reads the reply by code
and the last 4 digits of the phone; the public page shows it with the name and phone masked.
An empty form is refused with an error summary whose links take the focus to the fields.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_consultations import press_action
from tests.e2e.test_review import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SUBJECT = "孩子从河西堡转学到城关小学需要哪些手续"
NAME = "王建国"
PHONE = "13912345678"
TEXT = f"我是{NAME}，孩子今年从河西堡镇转学到城关小学，请问需要带哪些材料？我的电话{PHONE}。"
REPLY = f"{NAME}您好：请持转出学校出具的学籍信息表到城关小学教务处办理，电话{PHONE}已登记。"
GUARD_SECONDS = 3.2  # GONGKAI_FOI_FORM_MIN_SECONDS (3) and a margin
PHONE_SIZE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """The e2e machine can be slow: give expect() more than its 5 s before failing."""
    expect.set_options(timeout=30_000)
    yield
    expect.set_options(timeout=5_000)


def phone(browser: Browser) -> Page:
    return browser.new_context(locale="zh-CN", **PHONE_SIZE).new_page()


def wait_out_the_guard(page: Page, shown_at: float) -> None:
    """The form refuses a post sent faster than a person types (a signed timestamp): wait
    what is left of those seconds since the form was shown."""
    left = GUARD_SECONDS - (time.monotonic() - shown_at)
    if left > 0:
        page.wait_for_timeout(left * 1000)


def fits_the_screen(page: Page) -> None:
    """Nothing wider than the phone: no sideways scrolling."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


def textbox(page: Page, label: str):
    return page.get_by_role("textbox", name=re.compile("^" + re.escape(label)))


def look_up(page: Page, site_url: str, code: str, verifier: str) -> None:
    page.goto(site_url + "/messages/status/")
    textbox(page, "查询码").fill(code)
    textbox(page, "手机号码后4位").fill(verifier)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page.locator(".status-result")).to_be_visible()


def approve_as(browser: Browser, site_url: str, username: str) -> None:
    """A reviewer finds the message in 留言办理, opens the reply and approves it."""
    page = log_in(browser, site_url, username)
    page.get_by_role("link", name="留言办理").first.click()
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("main")).to_contain_text("审核中")
    page.get_by_role("link", name="打开答复").click()
    expect(page.locator("#id_text")).to_have_value(REPLY)
    press_action(page, re.compile("^通过"))
    expect(page.locator(".messages")).to_contain_text("已审核通过")
    page.context.close()


def test_a_message_is_answered_through_review_and_published_masked(
    browser: Browser, site_url, artifacts
):
    # 1. A citizen on a phone leaves a message.
    citizen = phone(browser)
    citizen.goto(site_url + "/messages/new/")
    shown_at = time.monotonic()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("我要留言")
    fits_the_screen(citizen)
    citizen.get_by_role("combobox", name=re.compile("^留言对象")).select_option(
        label="永昌县教育局"
    )
    citizen.get_by_role("group", name=re.compile("^留言类型")).get_by_label("咨询").check()
    textbox(citizen, "标题").fill(SUBJECT)
    textbox(citizen, "留言内容").fill(TEXT)
    expect(citizen.locator("#id_text-counter")).to_contain_text(f"已输入 {len(TEXT)} 字")
    textbox(citizen, "姓名").fill(NAME)
    textbox(citizen, "手机号码").fill(PHONE)
    citizen.get_by_role("radio", name=re.compile("^同意公开")).check()
    wait_out_the_guard(citizen, shown_at)
    citizen.get_by_role("button", name="提交留言").click()

    # 2. The receipt gives the 查询码; the name is masked even here.
    expect(citizen).to_have_url(re.compile(r"/messages/sent/$"))
    receipt = citizen.locator(".receipt")
    expect(receipt.get_by_role("heading", level=1)).to_have_text("留言已提交")
    expect(receipt).to_contain_text("永昌县教育局")
    expect(receipt).to_contain_text(SUBJECT)
    expect(receipt).to_contain_text("王**")
    expect(receipt).not_to_contain_text(NAME)
    code = receipt.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", code), code
    fits_the_screen(citizen)
    citizen.screenshot(path=str(artifacts / "messages-2-receipt.png"), full_page=True)

    # 3. 教育局's officer finds it in the queue, with the citizen's contact, and replies.
    officer = log_in(browser, site_url, "xinxiyuan")
    officer.get_by_role("link", name="留言办理").first.click()
    row = officer.locator("table.gk-table tr", has_text=SUBJECT)
    expect(row).to_contain_text(NAME)  # staff see the name
    expect(row).to_contain_text("办理中")
    row.get_by_role("link", name=SUBJECT).click()
    expect(officer).to_have_url(re.compile(r"/admin/messages/\d+/$"))
    pk = int(re.search(r"/admin/messages/(\d+)/$", officer.url).group(1))
    details = officer.locator("main")
    expect(details).to_contain_text(code)
    expect(details).to_contain_text(PHONE)
    expect(details).to_contain_text(TEXT)
    officer.get_by_role("button", name="撰写答复").click()
    expect(officer).to_have_url(re.compile(r"/admin/snippets/citizen_messages/messagereply/edit/"))
    expect(officer.get_by_role("heading", name=f"答复：{SUBJECT}")).to_be_visible()
    officer.locator("#id_text").fill(REPLY)
    press_action(officer, re.compile("^提交给"))
    expect(officer.locator(".messages")).to_contain_text("已提交审核")
    officer.goto(f"{site_url}/admin/messages/{pk}/")
    expect(details).to_contain_text("审核中")
    expect(officer.locator(".gk-timeline")).to_contain_text("答复提交审核")
    officer.screenshot(path=str(artifacts / "messages-3-backoffice-detail.png"), full_page=True)

    # 4. In review: not public, and the citizen is told the reply is being reviewed.
    citizen.goto(site_url + "/messages/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("留言")
    expect(citizen.get_by_role("link", name=SUBJECT)).to_have_count(0)
    response = citizen.goto(f"{site_url}/messages/{pk}/")
    assert response is not None and response.status == 404
    look_up(citizen, site_url, code, PHONE[-4:])
    result = citizen.locator(".status-result")
    expect(result.get_by_role("heading", level=2)).to_have_text(f"{SUBJECT}：办理中")
    expect(result).to_contain_text("正在审核")
    expect(result).not_to_contain_text(REPLY)
    citizen.screenshot(path=str(artifacts / "messages-4-status-in-review.png"), full_page=True)

    # 5. The editor approves (审核), then the head (签发), which publishes the reply.
    approve_as(browser, site_url, "bianji")
    look_up(citizen, site_url, code, PHONE[-4:])
    expect(result).to_contain_text("正在审核")  # one level is not enough
    approve_as(browser, site_url, "fuzeren")

    # 6. The citizen reads the reply by code and the last 4 digits of the phone.
    look_up(citizen, site_url, code, PHONE[-4:])
    expect(result.get_by_role("heading", level=2)).to_have_text(f"{SUBJECT}：已答复")
    expect(result).to_contain_text(REPLY)  # their own reply, unmasked, for them only
    expect(result).not_to_contain_text("正在审核")
    fits_the_screen(citizen)
    citizen.screenshot(path=str(artifacts / "messages-5-status-answered.png"), full_page=True)

    # 7. The public list shows it; its page masks the name and the phone everywhere.
    citizen.goto(site_url + "/messages/")
    item = citizen.locator(".message-list li", has_text=SUBJECT)
    expect(item).to_contain_text("王**")
    expect(item).to_contain_text("永昌县教育局")
    expect(citizen.locator("body")).not_to_contain_text(NAME)
    item.get_by_role("link", name=SUBJECT).click()
    expect(citizen).to_have_url(f"{site_url}/messages/{pk}/")
    article = citizen.locator("article.message")
    expect(article.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(article).to_contain_text("王**")
    expect(article).to_contain_text("139****5678")
    expect(article.locator("section", has_text="留言内容")).to_contain_text(
        "我是王**，孩子今年从河西堡镇转学到城关小学"
    )
    expect(article.locator("section.reply")).to_contain_text("王**您好：请持转出学校")
    expect(article.locator("section.reply")).to_contain_text("电话139****5678已登记")
    page_text = citizen.locator("html")
    expect(page_text).not_to_contain_text(PHONE)
    expect(page_text).not_to_contain_text(NAME)
    assert PHONE not in citizen.content() and NAME not in citizen.content()  # nor in the markup
    fits_the_screen(citizen)
    citizen.screenshot(path=str(artifacts / "messages-6-public-detail.png"), full_page=True)

    # 8. The officer's page records the answer and links the public page.
    officer.goto(f"{site_url}/admin/messages/{pk}/")
    expect(officer.locator(".gk-timeline")).to_contain_text("答复发布")
    expect(details).to_contain_text("已在网站公开")
    expect(officer.get_by_role("button", name=re.compile("撰写答复"))).to_have_count(0)


def test_an_empty_message_form_is_refused_with_an_error_summary(
    browser: Browser, site_url, artifacts
):
    officer = log_in(browser, site_url, "xinxiyuan")
    officer.goto(site_url + "/admin/messages/?state=all")
    counted = officer.get_by_role("status").filter(has_text=re.compile(r"共 \d+ 条"))
    before = counted.inner_text()

    citizen = phone(browser)
    citizen.goto(site_url + "/messages/new/")
    shown_at = time.monotonic()
    expect(citizen.get_by_role("button", name="提交留言")).to_be_visible()
    wait_out_the_guard(citizen, shown_at)  # so the refusal is the form's, not the guard's
    citizen.get_by_role("button", name="提交留言").click()

    # The same page again, saying how many problems, each a link, in the form's order.
    expect(citizen).to_have_title(re.compile("^请修改后提交：我要留言"))
    expect(citizen).to_have_url(re.compile(r"/messages/new/$"))
    summary = citizen.locator(".error-summary")
    expect(summary).to_be_focused()  # a screen reader reads it first
    expect(summary.get_by_role("heading")).to_have_text("还有 7 处需要修改，请逐项修改后再提交")
    links = summary.get_by_role("link")
    expected = [
        ("请选择向哪个机构留言。", "#id_unit"),
        ("请选择留言类型：咨询、建议或投诉。", "#id_kind_0"),
        ("请填写标题，用一句话概括留言内容。", "#id_subject"),
        ("请填写留言内容。", "#id_text"),
        ("请填写您的姓名。", "#id_name"),
        ("请至少留下一种联系方式：手机号码或电子邮箱。", "#id_phone"),
        ("请选择答复后是否同意公开您的留言。", "#id_public_0"),
    ]
    expect(links).to_have_text([text for text, _ in expected])
    expect(citizen.locator(".banner")).to_have_count(0)  # not the "too fast" notice
    fits_the_screen(citizen)
    citizen.screenshot(path=str(artifacts / "messages-1-form-errors.png"), full_page=True)

    # Each link takes the focus to its field, which says what is wrong.
    for text, anchor in expected:
        links.filter(has_text=text).click()
        field = citizen.locator(anchor)
        expect(field).to_be_focused()
        expect(field).to_be_in_viewport()
    for name in ("unit", "subject", "text", "name", "phone"):
        expect(citizen.locator(f"#id_{name}")).to_have_attribute("aria-invalid", "true")
        expect(citizen.locator(f"#id_{name}-error")).to_be_visible()
    for group in ("留言类型", "答复后是否公开"):
        expect(
            citizen.get_by_role("group", name=re.compile("^" + group)).locator(".error-message")
        ).to_be_visible()

    # Nothing was stored: no receipt in this browser, nothing new in the queue.
    citizen.goto(site_url + "/messages/sent/")
    expect(citizen.get_by_role("heading", level=1)).to_have_text("没有可显示的留言回执")
    officer.reload()
    expect(counted).to_have_text(before)
