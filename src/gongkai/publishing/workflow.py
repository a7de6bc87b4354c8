"""How an approved review ends: the approved revision is published (or scheduled).

Set as WAGTAIL_FINISH_WORKFLOW_ACTION. Wagtail's default checks that the last approver holds
the publish permission; in gongkai nobody holds it (so nobody can publish around the review)
and completion of the review is itself the authority to publish.
"""

from __future__ import annotations


def publish_approved(workflow_state, user=None) -> None:
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
