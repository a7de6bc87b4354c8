"""The demo consultations: one open with approved comments, one answered; loading twice adds nothing."""

from __future__ import annotations

import pytest

from gongkai.interaction.consultations import demo, services
from gongkai.interaction.consultations.models import Consultation, FeedbackSummary
from tests.factories import DocumentFactory
from tests.interaction.consultations.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_is_complete_and_idempotent(edu, client):
    document = DocumentFactory(unit=edu, title="永昌县学前教育资助实施办法")
    assert demo.load_demo({edu.code: edu}, today=TODAY) == 2
    assert demo.load_demo({edu.code: edu}, today=TODAY) == 0
    assert Consultation.objects.count() == 2 and FeedbackSummary.objects.count() == 1
    open_one = Consultation.objects.get(title=demo.OPEN_TITLE)
    done = Consultation.objects.get(title=demo.DONE_TITLE)
    assert services.phase(open_one, TODAY) is services.Phase.OPEN
    assert len(services.shown_comments(open_one)) == 2
    assert services.phase(done, TODAY) is services.Phase.ANSWERED
    assert done.final_document == document
    html = client.get(done.get_absolute_url()).content.decode()
    assert "意见采纳情况反馈" in html and document.title in html


def test_the_demo_needs_its_unit():
    assert demo.load_demo({}) == 0
