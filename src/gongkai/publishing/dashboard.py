"""The staff home page: what waits for me, my units' drafts, returned items, Art. 26 deadlines."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState, WorkflowState

from gongkai.catalog.models import Disclosure, Document
from gongkai.publishing import scope, timeliness
from gongkai.workcalendar.services import official_calendar

LIMIT = 20


def _edit_url(user, obj) -> str:
    from wagtail.admin.admin_url_finder import AdminURLFinder

    return AdminURLFinder(user).get_edit_url(obj) or ""


class PublishingPanel(Component):
    name = "gongkai_publishing"
    order = 50
    template_name = "publishing/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def waiting_other(self, document_type) -> list[tuple]:
        """Surveys, consultations, feedback summaries and message replies waiting for me:
        (task state, object, edit URL), oldest first."""
        states = (
            TaskState.objects.reviewable_by(self.request.user)
            .exclude(workflow_state__base_content_type=document_type)
            .select_related("workflow_state", "task")
            .order_by("started_at")[:LIMIT]
        )
        rows = []
        for state in states:
            obj = state.workflow_state.content_object
            if obj is not None:
                rows.append((state, obj, _edit_url(self.request.user, obj)))
        return rows

    def get_context_data(self, parent_context=None):
        user = self.request.user
        documents = scope.filter_units(user, Document.objects.select_related("unit"))
        ct = ContentType.objects.get_for_model(Document)
        ids = documents.annotate(key=Cast("pk", output_field=CharField())).values("key")

        waiting = [
            state
            for state in TaskState.objects.reviewable_by(user)
            .filter(workflow_state__base_content_type=ct)
            .select_related("workflow_state", "task")
            .order_by("started_at")[:LIMIT]
        ]
        waiting_docs = {
            d.pk: d
            for d in Document.objects.filter(
                pk__in=[int(s.workflow_state.object_id) for s in waiting]
            ).select_related("unit")
        }
        in_flight = WorkflowState.objects.filter(
            base_content_type=ct, object_id__in=ids, status=WorkflowState.STATUS_IN_PROGRESS
        ).values_list("object_id", flat=True)
        drafts = (
            documents.filter(live=False, withdrawn_at__isnull=True)
            .exclude(pk__in=[int(i) for i in in_flight])
            .order_by("-updated_at")
        )
        returned_states = WorkflowState.objects.filter(
            base_content_type=ct, object_id__in=ids, status=WorkflowState.STATUS_NEEDS_CHANGES
        ).order_by("-created_at")[:LIMIT]
        returned_docs = documents.in_bulk([int(wf.object_id) for wf in returned_states])
        returned = []
        for wf in returned_states:
            doc = returned_docs.get(int(wf.object_id))
            last = (
                TaskState.objects.filter(workflow_state=wf, status=TaskState.STATUS_REJECTED)
                .select_related("finished_by", "task")
                .order_by("-finished_at")
                .first()
            )
            if doc is not None:
                returned.append((doc, last))
        today = timezone.localdate()
        calendar = official_calendar().official
        deadlines = []
        for doc in documents.filter(
            live=False, disclosure=Disclosure.PROACTIVE, withdrawn_at__isnull=True
        ).order_by("written_on")[:500]:
            result = timeliness.assess(doc.due_from, None, today, calendar)
            if result.state == timeliness.State.OVERDUE or (
                result.state == timeliness.State.PENDING
                and result.left is not None
                and result.left <= timeliness.SOON_WORKING_DAYS
            ):
                deadlines.append((doc, result))
        return {
            "waiting": [(s, waiting_docs.get(int(s.workflow_state.object_id))) for s in waiting],
            "waiting_other": self.waiting_other(ct),
            "drafts": drafts[:LIMIT],
            "draft_count": drafts.count(),
            "returned": returned,
            "deadlines": deadlines[:LIMIT],
            "deadline_count": len(deadlines),
        }
