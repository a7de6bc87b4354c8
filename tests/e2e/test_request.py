"""A disclosure request from the citizen's phone to the answer letter and back: the citizen
files it on 教育局's 依申请公开 column, the information officer asks for a correction and
records it, the centre's head approves the extension, the officer answers 部分公开 and makes
the letter, and the citizen reads the outcome on the status page."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.test_review import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

UNIT = "620321003"  # 永昌县教育局
PHONE = "13893540021"


def record(page: Page, kind: str, **fields: str) -> None:
    page.locator("#id_kind").select_option(label=kind)
    for name, value in fields.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"已登记“{kind}”")


def test_a_citizen_files_and_staff_answer_through_correction_and_extension(
    browser: Browser, site_url, artifacts
):
    # 1. The citizen, on a phone, finds the form on the unit's 依申请公开 column.
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 800}, is_mobile=True
    ).new_page()
    phone.goto(f"{site_url}/u/{UNIT}/c/request/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("依申请公开")
    phone.get_by_role("link", name=re.compile("在线申请|网上申请|在线填写")).first.click()
    phone.locator("input[name=applicant_type][value=natural_person]").check()
    phone.locator("#id_applicant_name").fill("刘芳")
    phone.locator("input[name=id_kind][value=resident_id]").check()
    phone.locator("#id_id_number").fill("620321199203041019")
    phone.locator("#id_phone").fill(PHONE)
    phone.locator("#id_description").fill("永昌县第二小学2026年校舍改造工程的预算和验收报告")
    phone.locator("input[name=preferred_form][value=electronic]").check()
    phone.locator("input[name=delivery][value=online]").check()
    phone.locator("#id_confirm").check()
    phone.wait_for_timeout(3200)  # the abuse guard refuses forms sent faster than a person
    phone.get_by_role("button", name="提交申请").click()
    code = phone.locator(".tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]", code)
    phone.screenshot(path=str(artifacts / "request-1-receipt.png"), full_page=True)

    # 2. The officer finds it on the dashboard and asks for a correction, then records it.
    officer = log_in(browser, site_url, "xinxiyuan")
    officer.locator(".gk-requests").get_by_role("link", name=code).click()
    expect(officer.get_by_role("heading", name=f"申请 {code}")).to_be_visible()
    record(
        officer, "告知补正", correction_what="请写明所需验收报告的年份", correction_by="2026-12-31"
    )
    expect(officer.locator(".gk-box")).to_contain_text("等待补正")
    record(officer, "收到补正后的申请")

    # 3. The officer may not extend; the head of the information centre approves it.
    head = log_in(browser, site_url, "fuzeren")
    head.goto(officer.url)
    record(head, "批准延期答复", approver="信息中心负责人 张志强", extension_days="20")
    expect(head.locator(".gk-box")).to_contain_text("40 个工作日")

    # 4. The officer answers 部分公开 and makes the letter.
    officer.reload()
    record(
        officer,
        "作出答复",
        outcome="partial",
        reason="验收报告中含施工人员个人信息，已作区分处理",
        legal_basis="《中华人民共和国政府信息公开条例》第十五条、第三十七条",
    )
    officer.locator("#letter-kind").select_option("partial")
    officer.get_by_role("button", name="制作告知书").click()
    body = officer.locator("#id_body")
    expect(body).to_have_value(re.compile("刘芳|永昌县第二小学"))
    body.fill(body.input_value().replace("＿＿＿＿", "见上"))
    officer.locator("#id_number").fill("永教依复〔2026〕1号")
    officer.screenshot(path=str(artifacts / "request-2-letter.png"), full_page=True)
    officer.get_by_role("button", name="保存告知书").click()
    with officer.expect_download() as download:
        officer.get_by_role("link", name="PDF").first.click()
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages
    )
    squeezed = re.sub(r"\s+", "", text)
    assert "永教依复〔2026〕1号" in squeezed and "刘芳" in squeezed
    assert "部分公开" in squeezed and "永昌县教育局" in squeezed
    officer.screenshot(path=str(artifacts / "request-3-case.png"), full_page=True)

    # 5. The citizen checks the status with the code and the last 4 digits of the phone.
    status = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800}).new_page()
    status.goto(f"{site_url}/apply/status/")
    status.locator("#id_code").fill(code.lower().replace("-", " "))
    status.locator("#id_verifier").fill(PHONE[-4:])
    status.get_by_role("button", name=re.compile("查询")).click()
    result = status.locator(".status-result")
    expect(result).to_contain_text("部分公开")
    expect(result).to_contain_text("告知补正")
    expect(result).to_contain_text("批准延期答复")
    expect(result).to_contain_text("刘*")
    expect(result).not_to_contain_text("验收报告中含施工人员个人信息")  # staff reasons stay inside
    status.screenshot(path=str(artifacts / "request-4-status.png"), full_page=True)
