"""The request office's back office, driven over HTTP as each role: the register, a case's
timeline, the deadline shown, letter templates, the XLSX register, reminders, the dashboard."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.publishing.roles import Role
from gongkai.requests import reminders, services
from gongkai.requests.models import CaseEvent, LetterTemplate, ReminderSent, RequestCase
from gongkai.requests.taxonomy import EventKind, Outcome
from gongkai.workdays import PROVISIONAL_CALENDAR
from tests.publishing.test_roles import denied
from tests.requests.test_cases import APPLICANT

pytestmark = pytest.mark.django_db


@pytest.fixture
def edu_case(edu):
    return services.file_request(unit=edu, received_on=date(2024, 3, 1), **APPLICANT)


@pytest.fixture
def police_case(police):
    return services.file_request(
        unit=police, received_on=date(2024, 3, 4), **{**APPLICANT, "applicant_name": "李警"}
    )


def record(client, case, **fields):
    data = {"on": "2024-03-05", **fields}
    return client.post(reverse("foi_admin:case", args=[case.pk]), data)


# Scope and permissions ----------------------------------------------------------------------


def test_an_officer_sees_only_the_cases_of_their_unit(login, staff, edu_case, police_case):
    client = login(staff[Role.OFFICER])
    page = client.get(reverse("foi_admin:list"), {"state": "all"}).content.decode()
    assert edu_case.code in page and "王小明" in page
    assert police_case.code not in page and "李警" not in page
    assert client.get(reverse("foi_admin:case", args=[police_case.pk])).status_code == 404
    assert client.get(reverse("foi_admin:case", args=[edu_case.pk])).status_code == 200
    # Posting a step to another unit's case is refused as well, and records nothing.
    response = record(client, police_case, kind="accepted")
    assert response.status_code == 404
    assert not police_case.events.filter(kind="accepted").exists()


def test_the_disclosure_office_sees_the_whole_county(login, staff, edu_case, police_case):
    page = login(staff[Role.OFFICE]).get(reverse("foi_admin:list"), {"state": "all"})
    assert edu_case.code in page.content.decode() and police_case.code in page.content.decode()


def test_a_leader_reads_every_case_but_records_nothing(login, staff, edu_case):
    client = login(staff[Role.LEADER])
    page = client.get(reverse("foi_admin:case", args=[edu_case.pk])).content.decode()
    assert "王小明" in page and "登记办理事项" not in page
    assert denied(record(client, edu_case, kind="accepted"))
    assert denied(client.get(reverse("foi_admin:register")))
    assert not edu_case.events.filter(kind="accepted").exists()


def test_the_system_administrator_does_not_see_applicants(login, staff, edu_case):
    client = login(staff[Role.ADMIN])
    assert denied(client.get(reverse("foi_admin:list")))
    assert denied(client.get(reverse("foi_admin:case", args=[edu_case.pk])))


def test_the_public_cannot_reach_the_back_office(client, edu_case):
    response = client.get(reverse("foi_admin:case", args=[edu_case.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_register_export_holds_only_my_units(login, staff, edu_case, police_case):
    response = login(staff[Role.OFFICER]).get(
        reverse("foi_admin:list"), {"state": "all", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("查询码", "受理机关", "申请方式", "收到申请日期")
    assert [r[0] for r in rows[1:]] == [edu_case.code]
    assert rows[1][1] == "永昌县教育局" and rows[1][5] == "王小明"
    assert rows[1][3].date() == date(2024, 3, 1)


# Registering a paper request ------------------------------------------------------------------


def register_data(edu, **overrides):
    return {
        "unit": edu.pk,
        "channel": "post",
        "received_on": "2024-05-06",
        "applicant_type": "business",
        "applicant_name": "永昌县某某商贸有限公司",
        "id_kind": "credit_code",
        "id_number": "91350100M000100Y43",
        "phone": "0935-7521234",
        "email": "",
        "address": "永昌县北海子路1号",
        "description": "本局2023年校舍维修项目的招标文件和中标结果",
        "purpose": "",
        "preferred_form": "paper",
        "delivery": "post",
        **overrides,
    }


def test_an_officer_registers_a_request_received_by_post(login, staff, edu):
    client = login(staff[Role.OFFICER])
    response = client.post(reverse("foi_admin:register"), register_data(edu))
    case = RequestCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("foi_admin:case", args=[case.pk])
    assert case.channel == "post" and case.received_on == date(2024, 5, 6)
    assert case.handler == staff[Role.OFFICER]
    assert list(case.events.values_list("kind", flat=True)) == ["received"]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"id_number": "91350100M000100Y44"}, "id_number", "统一社会信用代码校验不通过"),
        (
            {"id_kind": "resident_id", "id_number": "620321199001011234"},
            "id_number",
            "法人或其他组织",
        ),
        ({"phone": "12345"}, "phone", "手机号码应为11位"),
        ({"received_on": "2099-01-01"}, "received_on", "不能晚于今天"),
        ({"description": ""}, "description", "请填写“所需政府信息的名称"),
    ],
)
def test_a_bad_registration_says_why_and_keeps_what_was_typed(
    login, staff, edu, overrides, field, message
):
    client = login(staff[Role.OFFICER])
    response = client.post(reverse("foi_admin:register"), register_data(edu, **overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "永昌县北海子路1号" in response.content.decode()
    assert not RequestCase.objects.exists()


def test_an_officer_cannot_register_for_another_unit(login, staff, edu, police):
    client = login(staff[Role.OFFICER])
    response = client.post(reverse("foi_admin:register"), register_data(police))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not RequestCase.objects.exists()


# The timeline over HTTP -------------------------------------------------------------------------


def test_correction_extension_and_partial_answer_through_the_case_page(login, staff, edu_case):
    officer = login(staff[Role.OFFICER])
    # 补正 needs what and by when.
    response = record(officer, edu_case, kind="correction_requested")
    assert "须填写“需要补正的事项”" in response.content.decode()
    record(
        officer,
        edu_case,
        kind="correction_requested",
        correction_what="请写明学校名称",
        correction_by="2024-03-20",
    )
    status = services.status(edu_case, today=date(2024, 3, 6))
    assert status.label == "等待补正" and status.days_left is None
    assert services.late_correction_notice(edu_case, date(2024, 3, 5)) == ""
    assert "第8个工作日" in services.late_correction_notice(edu_case, date(2024, 3, 13))
    record(officer, edu_case, kind="corrected", on="2024-03-11")
    # Counting restarts on 11 March: the 20th working day after it is 9 April 2024
    # (清明 4–6 April off, Sunday 7 April a make-up working day, counted).
    assert services.deadline(edu_case).due == date(2024, 4, 9)

    # An officer may not approve an extension (Art. 33: the office head does).
    response = record(
        officer,
        edu_case,
        kind="extension_approved",
        on="2024-04-01",
        approver="officer",
        extension_days=20,
    )
    assert "您没有此权限" in response.content.decode()
    assert not edu_case.events.filter(kind="extension_approved").exists()
    head = login(staff[Role.HEAD])
    record(
        head,
        edu_case,
        kind="extension_approved",
        on="2024-04-01",
        approver="局长 张三",
        extension_days=20,
    )
    extended = services.deadline(edu_case)
    # 20 more: Sunday 28 April (make-up) counts, 1–5 May (劳动节) do not.
    assert extended.working_days == 40 and extended.due == date(2024, 5, 9)
    # The one extension cannot be approved twice.
    response = record(
        head,
        edu_case,
        kind="extension_approved",
        on="2024-04-02",
        approver="局长 张三",
        extension_days=5,
    )
    assert "答复期限只能延长一次" in response.content.decode()

    officer = login(staff[Role.OFFICER])
    response = record(
        officer,
        edu_case,
        kind="answered",
        on="2024-04-20",
        outcome="",
    )
    assert "请选择办理结果" in response.content.decode()
    record(
        officer,
        edu_case,
        kind="answered",
        on="2024-04-20",
        outcome=Outcome.PARTIAL,
        reason="部分内容涉及第三方商业秘密",
        legal_basis="条例第十五条、第三十七条",
    )
    edu_case.refresh_from_db()
    assert edu_case.outcome == Outcome.PARTIAL and edu_case.answered_on == date(2024, 4, 20)
    record(officer, edu_case, kind="delivered", on="2024-04-22")
    record(officer, edu_case, kind="closed", on="2024-04-22")
    record(
        officer,
        edu_case,
        kind="reconsideration",
        on="2024-05-10",
        appeal_organ="永昌县人民政府",
        appeal_result="pending",
    )
    record(
        officer,
        edu_case,
        kind="reconsideration",
        on="2024-06-30",
        appeal_organ="永昌县人民政府",
        appeal_number="永政复〔2024〕3号",
        appeal_result="upheld",
    )
    kinds = list(edu_case.events.values_list("kind", flat=True))
    assert kinds == [
        "received",
        "correction_requested",
        "corrected",
        "extension_approved",
        "answered",
        "delivered",
        "closed",
        "reconsideration",
        "reconsideration",
    ]
    page = officer.get(reverse("foi_admin:case", args=[edu_case.pk])).content.decode()
    assert "批准人：局长 张三；延长20个工作日" in page
    assert "永政复〔2024〕3号；结果维持" in page
    assert "已办结" in page


def test_a_fee_above_the_standard_is_refused(login, staff, edu_case):
    officer = login(staff[Role.OFFICER])
    response = record(
        officer,
        edu_case,
        kind="fee_notice_sent",
        fee_method="pages",
        fee_quantity=150,
        fee_amount=5000,
        pay_by="2024-03-25",
    )
    assert "收费金额不能高于按标准计算的" in response.content.decode()
    record(
        officer,
        edu_case,
        kind="fee_notice_sent",
        fee_method="pages",
        fee_quantity=150,
        fee_amount=10,
        pay_by="2024-03-25",
    )
    event = edu_case.events.get(kind="fee_notice_sent")
    # 31–100 pages at 10 yuan, 101–150 at 20 yuan (国办函〔2020〕109号 按量计收).
    assert event.data["amount"] == 10 and event.data["proposed"] == 70 * 10 + 50 * 20
    status = services.status(edu_case, today=date(2024, 3, 12))
    assert status.waiting_for == "收费通知至缴费" and status.label.startswith("暂停计时")


def test_steps_out_of_order_are_refused_with_a_reason(login, staff, edu_case):
    officer = login(staff[Role.OFFICER])
    response = record(officer, edu_case, kind="closed")
    assert response.status_code == 200
    assert (
        "办结前须先登记答复" in response.content.decode()
        or "kind" in response.context["form"].errors
    )
    assert not edu_case.events.filter(kind="closed").exists()


def test_the_timeline_is_append_only(edu_case):
    event = edu_case.events.get()
    event.note = "changed"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert CaseEvent.objects.get().note == ""


def test_a_running_pause_moves_the_due_date_day_by_day(edu_case):
    services.record_event(
        edu_case, EventKind.CONSULTATION_SENT, on=date(2024, 3, 4), data={"party": "某公司"}
    )
    first = services.deadline(edu_case, today=date(2024, 3, 5)).due
    later = services.deadline(edu_case, today=date(2024, 3, 12)).due
    assert later > first
    services.record_event(edu_case, EventKind.CONSULTATION_ANSWERED, on=date(2024, 3, 12))
    assert services.deadline(edu_case, today=date(2024, 6, 1)).due == later


# Templates ----------------------------------------------------------------------------------------


def test_the_office_edits_a_template_and_unit_staff_cannot(login, staff):
    url = reverse("foi_admin:template_edit", args=["correction"])
    assert denied(login(staff[Role.OFFICER]).get(url))
    office = login(staff[Role.OFFICE])
    response = office.post(url, {"title": "补正告知书", "body": "{申请人}：请补正{不存在}。"})
    assert response.status_code == 200 and "不存在" in response.content.decode()
    assert not LetterTemplate.objects.exists()
    office.post(url, {"title": "补正告知书", "body": "{申请人}：请于{补正期限}补正{补正内容}。"})
    assert LetterTemplate.objects.get(kind="correction").updated_by == staff[Role.OFFICE]


# Reminders and the dashboard --------------------------------------------------------------------


def working_days_before(due: date, n: int) -> date:
    day = due
    while PROVISIONAL_CALENDAR.working_days_between(day, due).days < n:
        day -= timedelta(days=1)
    return day


def test_reminders_go_to_the_handler_at_5_and_1_working_days_once_each(staff, edu_case):
    RequestCase.objects.filter(pk=edu_case.pk).update(handler=staff[Role.OFFICER])
    due = services.deadline(edu_case).due
    five = working_days_before(due, 5)
    assert reminders.send_deadline_reminders.call(five.isoformat()) == 1
    assert reminders.send_deadline_reminders.call(five.isoformat()) == 0  # not twice
    assert mail.outbox[0].to == ["officer@example.gov.cn"]
    assert "还剩5个工作日" in mail.outbox[0].subject and edu_case.code in mail.outbox[0].body
    one = working_days_before(due, 1)
    assert reminders.send_deadline_reminders.call(one.isoformat()) == 1
    assert len(mail.outbox) == 2 and ReminderSent.objects.count() == 2


def test_without_a_handler_the_units_request_staff_are_reminded(staff, edu_case, police_case):
    due = services.deadline(edu_case).due
    reminders.send_deadline_reminders.call(working_days_before(due, 5).isoformat())
    assert mail.outbox[0].to == ["edu_editor@example.gov.cn", "officer@example.gov.cn"]


def test_the_remind_command_runs_the_task_in_process(staff, edu_case, capsys):
    from django.core.management import call_command

    due = services.deadline(edu_case).due
    call_command("foi", "remind", "--date", working_days_before(due, 1).isoformat())
    assert "已发送到期提醒 1 件" in capsys.readouterr().out


def test_the_dashboard_lists_open_cases_overdue_in_red(login, staff, edu_case, police_case):
    page = login(staff[Role.OFFICER]).get(reverse("wagtailadmin_home")).content.decode()
    assert "依申请公开办理" in page and edu_case.code in page and police_case.code not in page
    assert 'class="gk-bad">已逾期' in page


def test_a_year_entered_in_the_back_office_makes_a_deadline_certain(edu):
    from gongkai.workcalendar.models import CalendarYear

    case = services.file_request(unit=edu, received_on=date(2026, 12, 21), **APPLICANT)
    before = services.deadline(case)
    assert before.provisional and before.provisional_years == (2027,)
    CalendarYear.objects.create(
        year=2027,
        notice="国办发明电〔2026〕99号（测试）",
        holidays="元旦 2027-01-01 至 2027-01-03\n春节 2027-02-05 至 2027-02-11",
        makeup_days="",
    )
    after = services.deadline(case)
    assert not after.provisional and after.due == before.due  # same days off in January


@pytest.mark.parametrize("outcome", Outcome.values)
def test_every_outcome_of_the_report_can_be_recorded(login, staff, edu_case, outcome):
    response = record(login(staff[Role.OFFICER]), edu_case, kind="answered", outcome=outcome)
    assert response.status_code == 302
    edu_case.refresh_from_db()
    assert edu_case.outcome == outcome and edu_case.answered_on == date(2024, 3, 5)


def test_every_step_can_be_recorded_through_the_case_page(login, staff, edu_case):
    head = login(staff[Role.HEAD])  # a 负责人 may record every step, the extension too
    steps = [
        ("accepted", {}),
        ("correction_requested", {"correction_what": "写明年份", "correction_by": "2024-03-10"}),
        ("corrected", {}),
        ("consultation_sent", {"party": "某某公司"}),
        ("consultation_answered", {}),
        ("other_organ_sent", {"party": "县财政局"}),
        ("other_organ_answered", {}),
        ("extension_approved", {"approver": "张三", "extension_days": 10}),
        (
            "fee_notice_sent",
            {"fee_method": "items", "fee_quantity": 12, "fee_amount": 100, "pay_by": "2024-03-20"},
        ),
        ("fee_paid", {"fee_amount": 100}),
        ("answered", {"outcome": Outcome.DISCLOSED}),
        ("delivered", {}),
        ("closed", {}),
        ("reconsideration", {"appeal_organ": "永昌县人民政府", "appeal_result": "corrected"}),
        ("litigation", {"appeal_organ": "永昌县人民法院", "appeal_result": "pending"}),
    ]
    for kind, fields in steps:
        response = record(head, edu_case, kind=kind, **fields)
        assert response.status_code == 302, (kind, response.context["form"].errors)
    recorded = set(edu_case.events.values_list("kind", flat=True))
    assert recorded == set(EventKind.values) - {"fee_expired"}
    assert services.deadline(edu_case).working_days == 30


def test_an_unpaid_fee_ends_the_pause_and_the_request_is_not_processed(login, staff, edu_case):
    officer = login(staff[Role.OFFICER])
    record(
        officer,
        edu_case,
        kind="fee_notice_sent",
        fee_method="pages",
        fee_quantity=40,
        fee_amount=100,
        pay_by="2024-03-20",
    )
    record(officer, edu_case, kind="fee_expired", on="2024-03-21")
    assert services.status(edu_case, today=date(2024, 3, 22)).waiting_for == ""
    record(officer, edu_case, kind="answered", on="2024-03-22", outcome=Outcome.OTHER_2)
    edu_case.refresh_from_db()
    assert edu_case.outcome == "other_2"
