"""Reminders to the handling unit (1 working day before the due date, once when overdue) and
the `gongkai messages` commands, called as an operator's cron would."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.interaction.messages import reminders, services
from gongkai.interaction.messages.models import Message, ReminderSent
from tests.interaction.messages.conftest import RECEIVED, answer, submit

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 2, 24)  # a 咨询 received Tue 10 Feb 2026 (test_services)


def test_the_units_message_staff_are_reminded_the_day_before_and_when_overdue(
    open_message, staff, police
):
    assert reminders.send_message_reminders.call("2026-02-13") == 0  # 2 working days left
    assert reminders.send_message_reminders.call("2026-02-14") == 1  # make-up Saturday: 1 left
    assert reminders.send_message_reminders.call("2026-02-23") == 0  # the same step: not twice
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["edu_editor@example.gov.cn", "officer@example.gov.cn"]
    assert "即将到期" in sent.subject and "2026年2月24日" in sent.body
    assert reminders.send_message_reminders.call("2026-02-25") == 1
    assert "已逾期" in mail.outbox[1].subject
    assert reminders.send_message_reminders.call("2026-02-26") == 0
    assert ReminderSent.objects.count() == 2


def test_answered_messages_get_no_reminder(open_message, staff):
    answer(open_message)
    assert reminders.send_message_reminders.call("2026-02-25") == 0
    assert not mail.outbox


def test_the_daily_job_settles_a_provisional_due_date(edu):
    from gongkai.workcalendar.models import CalendarYear

    message = submit(edu, at=RECEIVED.replace(year=2026, month=12, day=28))
    assert message.due_provisional
    CalendarYear.objects.create(
        year=2027,
        notice="国办发明电〔2026〕99号（测试）",
        holidays="元旦 2027-01-01 至 2027-01-03\n春节 2027-02-05 至 2027-02-11",
        makeup_days="",
    )
    services.refresh_due_dates()
    message.refresh_from_db()
    assert not message.due_provisional


def test_the_remind_command_runs_in_process(open_message, staff, capsys):
    call_command("messages", "remind", "--date", "2026-02-25")
    assert "已发送留言催办 1 条 / 1 sent" in capsys.readouterr().out


def test_the_overdue_command_lists_and_exits_1(open_message, edu, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("messages", "overdue", "--date", "2026-06-01", "--json")
    assert exit_.value.code == 1
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "code": open_message.code,
            "unit": "永昌县教育局",
            "subject": open_message.subject,
            "received_on": "2026-02-10",
            "due_on": "2026-02-24",
            "over_3_months": True,
        }
    ]


def test_the_overdue_command_is_quiet_when_nothing_is_late(open_message, capsys):
    call_command("messages", "overdue", "--date", "2026-02-24")
    assert "逾期留言 0 条 / 0 overdue" in capsys.readouterr().out


def test_a_bad_date_is_a_usage_error_in_both_languages(capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("messages", "overdue", "--date", "2026-13-01")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "日期格式" in err and "--date must be" in err
    assert not Message.objects.exists()


def test_the_daily_job_drops_week_old_unverified_messages_only(edu, settings):
    settings.GONGKAI_MESSAGE_VERIFY = "email"
    with services.clock(RECEIVED):
        old = submit(edu, email="wang@example.cn")
    fresh = submit(edu, email="li@example.cn", at=RECEIVED + dt.timedelta(days=6))
    settings.GONGKAI_MESSAGE_VERIFY = ""
    received = submit(edu)
    assert services.purge_unverified(at=RECEIVED + dt.timedelta(days=7, hours=1)) == 1
    assert set(Message.objects.all()) == {fresh, received} and old.pk
