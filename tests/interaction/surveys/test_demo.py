"""The demo surveys: loaded once, plausible, the closed one's results public."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.interaction.surveys import demo, services
from gongkai.interaction.surveys.models import Answer, Response, Survey
from tests.interaction.surveys.conftest import NOW

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once(edu):
    assert demo.load_demo({edu.code: edu}, now=NOW) == 2
    counts = Survey.objects.count(), Response.objects.count(), Answer.objects.count()
    assert demo.load_demo({edu.code: edu}, now=NOW) == 0
    assert (Survey.objects.count(), Response.objects.count(), Answer.objects.count()) == counts


def test_the_closed_demo_survey_shows_its_results_and_the_open_one_takes_answers(client, edu):
    demo.load_demo({edu.code: edu}, now=NOW)
    closed = Survey.objects.get(title=demo.CLOSED_TITLE)
    opened = Survey.objects.get(title=demo.OPEN_TITLE)
    assert services.phase(closed, NOW).value == "closed" and closed.live
    assert services.phase(opened, NOW).value == "open" and services.results_visible(opened, NOW)
    total, rows = services.tally(closed)
    assert total == 86 and rows[0].answered == 86
    assert all(r.submitted_at < closed.closes_at for r in closed.responses.all())
    page = client.get(reverse("surveys:results", args=[closed.pk])).content.decode()
    assert "共收到答卷 <strong data-total>86</strong> 份" in page and page.count("<svg") == 3


def test_no_demo_without_the_unit(db):
    assert demo.load_demo({}, now=NOW) == 0
