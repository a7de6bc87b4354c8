"""The rules of 留言, called directly: receipt and the working-day reply period, transfer,
reply, withholding, referral, conversion, the citizen's look-up, masking and statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from gongkai.interaction.messages import services
from gongkai.interaction.messages.models import (
    EventKind,
    Message,
    MessageEvent,
    MessageKind,
    MessageState,
)
from gongkai.publishing.roles import Role
from gongkai.requests import tracking
from tests.interaction.messages.conftest import RECEIVED, answer, submit

pytestmark = pytest.mark.django_db


def kinds(message) -> list[str]:
    return list(message.events.values_list("kind", flat=True))


# -- the reply period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, due",
    [
        # Received Tue 10 Feb 2026: 11, 12, 13, 14 (make-up Saturday), then the holiday
        # 15–23 Feb; 24 Feb is the 5th working day.
        (MessageKind.CONSULT, dt.date(2026, 2, 24)),
        # 10 working days: … 24, 25, 26, 27, 28 (make-up Saturday), 2 Mar = 10th.
        (MessageKind.SUGGEST, dt.date(2026, 3, 2)),
        (MessageKind.COMPLAINT, dt.date(2026, 3, 2)),
    ],
)
def test_the_reply_period_counts_working_days_across_the_spring_festival(edu, kind, due):
    message = submit(edu, kind=kind)
    assert message.received_on == dt.date(2026, 2, 10)
    assert message.due_on == due and not message.due_provisional
    assert message.state == MessageState.OPEN and kinds(message) == [EventKind.RECEIVED]


def test_the_period_per_kind_is_a_setting(edu, settings):
    settings.GONGKAI_MESSAGE_DAYS_CONSULT = 3
    assert submit(edu).due_on == dt.date(2026, 2, 13)


def test_a_message_received_on_a_holiday_counts_from_the_next_working_day(edu):
    message = submit(edu, at=RECEIVED.replace(day=17))  # Spring Festival
    assert message.received_on == dt.date(2026, 2, 17)
    # 24, 25, 26, 27 Feb and the make-up Saturday 28 Feb: the 5th working day.
    assert message.due_on == dt.date(2026, 2, 28)


def test_a_due_date_in_a_year_without_a_notice_is_marked_provisional(edu):
    message = submit(edu, at=RECEIVED.replace(year=2027, month=3, day=2))
    assert message.due_provisional
    assert services.status(message, on=dt.date(2027, 3, 2)).provisional


def test_status_counts_down_and_says_overdue(open_message):
    assert services.status(open_message, on=dt.date(2026, 2, 12)).days_left == 3
    assert services.status(open_message, on=dt.date(2026, 2, 24)).days_left == 0
    late = services.status(open_message, on=dt.date(2026, 2, 25))
    assert late.overdue and late.label == "已逾期"


def test_overdue_and_three_months_lists(open_message, edu):
    old = submit(edu, subject="三个多月前的留言", at=RECEIVED - dt.timedelta(days=100))
    everything = Message.objects.received()
    assert set(services.overdue(everything, dt.date(2026, 2, 25))) == {open_message, old}
    assert list(services.long_unanswered(everything, dt.date(2026, 2, 25))) == [old]


# -- receiving -----------------------------------------------------------------------------------


def test_each_message_gets_a_distinct_valid_tracking_code(edu):
    codes = {submit(edu).code for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        assert tracking.normalize(code) == code


def test_a_message_needs_a_phone_or_an_e_mail(edu):
    with pytest.raises(ValidationError):
        submit(edu, phone="", email="")
    assert not Message.objects.exists()


def test_with_e_mail_verification_the_unit_sees_nothing_until_the_code(edu, settings):
    settings.GONGKAI_MESSAGE_VERIFY = "email"
    message = submit(edu, phone="", email="wang@example.cn")
    assert message.state == MessageState.UNVERIFIED and message.received_on is None
    assert not Message.objects.received().exists() and not kinds(message)
    services.send_code(message)
    code = mail.outbox[-1].subject.split()[-1]
    assert len(code) == 6 and code not in Message.objects.get().verify_hash
    at = RECEIVED + dt.timedelta(days=1)
    assert services.verify(message, "000000" if code != "000000" else "111111", at=at)
    assert services.verify(message, code, at=at) == ""
    message.refresh_from_db()
    assert message.state == MessageState.OPEN and message.received_on == dt.date(2026, 2, 11)
    assert kinds(message) == [EventKind.RECEIVED]


def test_a_verification_code_expires_and_tires(edu, settings):
    settings.GONGKAI_MESSAGE_VERIFY = "email"
    message = submit(edu, phone="", email="wang@example.cn")
    services.send_code(message)
    code = mail.outbox[-1].subject.split()[-1]
    later = Message.objects.get().verify_sent_at + dt.timedelta(minutes=31)
    assert "过期" in services.verify(message, code, at=later)
    services.send_code(message)
    code = mail.outbox[-1].subject.split()[-1]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(services.VERIFY_TRIES):
        services.verify(message, wrong)
    assert "次数过多" in services.verify(message, code)
    assert Message.objects.get().state == MessageState.UNVERIFIED


# -- handling ------------------------------------------------------------------------------------


def test_a_transfer_moves_the_message_keeps_the_period_and_is_recorded(open_message, police, staff):
    due = open_message.due_on
    services.transfer(open_message, police, user=staff["edu_editor"], reason="属公安局职责")
    open_message.refresh_from_db()
    assert open_message.unit == police and open_message.addressed_to.name == "永昌县教育局"
    assert open_message.due_on == due
    event = open_message.events.get(kind=EventKind.TRANSFERRED)
    assert event.to_unit == police and event.note == "属公安局职责"
    assert event.user_name == "edu_editor"


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_transfer_needs_a_reason_and_another_unit(open_message, police, edu, reason):
    with pytest.raises(services.Refused):
        services.transfer(open_message, police, user=None, reason=reason)
    with pytest.raises(services.Refused):
        services.transfer(open_message, edu, user=None, reason="同一机构")
    assert kinds(open_message) == [EventKind.RECEIVED]


def test_a_published_reply_answers_the_message(open_message):
    reply = answer(open_message, at=RECEIVED + dt.timedelta(days=1))
    assert open_message.state == MessageState.ANSWERED
    assert open_message.closed_on == dt.date(2026, 2, 11)
    reply.refresh_from_db()
    assert reply.replied_on == dt.date(2026, 2, 11)
    assert kinds(open_message) == [EventKind.RECEIVED, EventKind.ANSWERED]


def test_an_answered_message_cannot_be_transferred_or_referred(open_message, police):
    answer(open_message)
    with pytest.raises(services.Refused, match="已答复"):
        services.transfer(open_message, police, user=None, reason="x")
    with pytest.raises(services.Refused):
        services.refer(open_message, user=None, note="x")


def test_a_reply_in_review_blocks_a_transfer(open_message, police, staff):
    reply = services.start_reply(open_message, user=staff["edu_editor"])
    reply.text = "答复"
    reply.save_revision()
    reply.get_workflow().start(reply, staff[Role.OFFICER])
    with pytest.raises(services.Refused, match="审核中"):
        services.transfer(open_message, police, user=None, reason="x")
    assert EventKind.REPLY_SUBMITTED in kinds(open_message)


def test_referral_closes_with_the_note_for_the_citizen(open_message):
    with pytest.raises(services.Refused):
        services.refer(open_message, user=None, note=" ")
    with services.clock(RECEIVED + dt.timedelta(days=1)):
        services.refer(open_message, user=None, note="已转县信访局办理。")
    assert open_message.state == MessageState.REFERRED and open_message.is_closed
    assert open_message.closing_note == "已转县信访局办理。"
    assert open_message.closed_on == dt.date(2026, 2, 11)


def test_withholding_needs_a_reason_and_keeps_the_message_off_the_public_list(open_message):
    answer(open_message)
    assert Message.objects.public().count() == 1
    with pytest.raises(services.Refused):
        services.withhold(open_message, user=None, reason="")
    services.withhold(open_message, user=None, reason="含有他人隐私")
    assert not Message.objects.public().exists()
    assert open_message.events.filter(kind=EventKind.WITHHELD, note="含有他人隐私").exists()


def test_only_answered_public_unwithheld_messages_are_public(edu):
    private = submit(edu, public=False)
    answer(private)
    unanswered = submit(edu)
    listed = submit(edu)
    answer(listed)
    assert list(Message.objects.public()) == [listed]
    assert unanswered not in Message.objects.public()


def test_the_timeline_is_append_only(open_message):
    event = open_message.events.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        MessageEvent.objects.update(note="x")
    with pytest.raises(PermissionError):
        MessageEvent.objects.all().delete()


def test_conversion_closes_with_the_requests_code(open_message, edu, staff):
    from gongkai.requests import services as request_services
    from gongkai.requests.taxonomy import Channel, Delivery, IdKind, PreferredForm

    fields = services.request_initial(open_message)
    fields.update(
        unit=edu,
        received_on=dt.date(2026, 2, 11),
        id_kind=IdKind.RESIDENT_ID,
        id_number="620321199001011233",
        preferred_form=PreferredForm.choices[0][0],
        delivery=Delivery.choices[0][0],
    )
    assert fields["channel"] == Channel.ONLINE and fields["applicant_name"] == "王建华"
    case = request_services.file_request(**fields)
    services.converted(open_message, case, user=staff[Role.EDITOR])
    assert open_message.state == MessageState.CONVERTED and open_message.request_case == case
    assert tracking.display(case.tracking_code) in open_message.closing_note


# -- the citizen's look-up and the public view ---------------------------------------------------


def test_the_citizen_finds_the_message_by_code_and_phone_or_e_mail(edu):
    message = submit(edu, email="Wang@example.cn")
    code = tracking.display(message.code)
    assert services.find(code, "5678").message == message
    assert services.find(code.lower(), "wang@example.cn").message == message
    wrong_phone = services.find(code, "1234")
    unknown_code = services.find(tracking.new_code(), "5678")
    assert wrong_phone.message is None and unknown_code.message is None
    assert wrong_phone.message_zh == unknown_code.message_zh  # a guesser learns nothing
    # A mistyped code (its check symbol fails) is told apart, so the citizen re-reads it.
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    assert services.find(typo, "5678").message_zh != unknown_code.message_zh


def test_the_public_view_masks_the_citizen_everywhere(open_message):
    answer(open_message, text="王建华您好，已回电13912345678告知。")
    shown = services.shown(open_message)
    assert shown.name == "王**"
    for text in (shown.text, shown.reply, shown.subject):
        assert "王建华" not in text and "13912345678" not in text
    assert "139****5678" in shown.text and "王**" in shown.reply


def test_statistics_per_unit_count_answers_on_time_and_average_working_days(edu, police):
    on_time = submit(edu)
    answer(on_time, at=RECEIVED + dt.timedelta(days=1))  # 1 working day
    late = submit(edu)
    answer(late, at=RECEIVED.replace(day=27))  # due 24 Feb: late, 8 working days
    submit(edu)  # still open, overdue on 1 Mar
    moved = submit(edu)
    services.transfer(moved, police, user=None, reason="属公安局职责")
    submit(edu, at=RECEIVED.replace(year=2025))  # another year
    rows = {r.unit.code: r for r in services.statistics(2026, on=dt.date(2026, 3, 1))}
    e = rows["620321003"]
    assert (e.received, e.answered, e.on_time, e.open, e.overdue) == (3, 2, 1, 1, 1)
    assert e.average_days == 4.5
    assert rows["620321004"].received == 1
