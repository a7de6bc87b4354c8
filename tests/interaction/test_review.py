"""The review shared by surveys, consultations and (soon) message replies: each reviewer's
queue holds only items of their units, whatever kind of object they are."""

from __future__ import annotations

import pytest
from wagtail.models import TaskState

from gongkai.publishing.models import InteractionReviewTask
from gongkai.publishing.roles import Role
from tests.interaction.consultations.conftest import make_consultation
from tests.interaction.surveys.conftest import make_survey
from tests.publishing.conftest import (  # noqa: F401 - fixtures
    county,
    edu,
    make_staff,
    police,
    staff,
)

pytestmark = pytest.mark.django_db

SAME_ID = 4242


def in_review(obj, user):
    obj.get_workflow().start(obj, user)
    return obj


def queue(user) -> set[tuple[str, str]]:
    states = TaskState.objects.none()
    for task in InteractionReviewTask.objects.all():
        states = states | task.get_task_states_user_can_moderate(user)
    return {
        (s.workflow_state.base_content_type.model, s.workflow_state.object_id)
        for s in states.select_related("workflow_state__base_content_type")
    }


def test_a_reviewer_sees_only_their_units_items_even_when_ids_coincide(staff, edu, police):  # noqa: F811
    officer = staff[Role.OFFICER]
    in_review(make_consultation(edu, live=False, id=SAME_ID), officer)
    in_review(make_survey(police, live=False, id=SAME_ID), staff["police_officer"])

    assert queue(staff["edu_editor"]) == {("consultation", str(SAME_ID))}
    # The county's editor covers both units and sees both.
    assert queue(staff[Role.EDITOR]) == {
        ("consultation", str(SAME_ID)),
        ("survey", str(SAME_ID)),
    }
    assert queue(staff[Role.OFFICER]) == set()  # officers are in no review group
