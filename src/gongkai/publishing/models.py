"""Review tasks, submission records (保密审查 declarations) and the append-only audit log."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import ClusterableModel
from wagtail.forms import TaskStateCommentForm
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TaskState,
    WorkflowMixin,
)

from gongkai.publishing import scope


class RejectForm(TaskStateCommentForm):
    comment = forms.CharField(
        label="退回意见",
        required=True,
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": "退回时必须填写意见，写明需要作者修改什么。"},
    )


class ApproveForm(TaskStateCommentForm):
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea({"rows": 2}))


class UnitScopedReview:
    """What every review level in gongkai adds to Wagtail's group approval task.

    Wagtail lets any member of the group act on any object; a county has one 责任编辑 group
    but each editor covers only some units. So a reviewer must also cover the object's unit
    (``obj.unit_id``; a model whose unit lies elsewhere says where with ``review_unit_lookup``,
    e.g. ``"consultation__unit_id"``), and returning an item needs a comment saying what to
    change.
    """

    def may_review(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        return self._user_in_groups(user) and scope.covers(user, getattr(obj, "unit_id", None))

    def user_can_access_editor(self, obj, user):
        return self.may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_review(obj, user)

    def get_actions(self, obj, user):
        if self.may_review(obj, user):
            return [
                ("reject", "退回修改", True),
                ("approve", "通过", False),
                ("approve", "通过并填写意见", True),
            ]
        return []

    def get_form_for_action(self, action):
        return RejectForm if action == "reject" else ApproveForm

    def refuse_unless_allowed(self, obj, user, action_name: str, comment: str | None) -> None:
        """Raise PermissionDenied for an action this user may not take on this object."""
        from django.core.exceptions import PermissionDenied

        if action_name in ("approve", "reject") and not self.may_review(obj, user):
            raise PermissionDenied
        if action_name == "reject" and not (comment or "").strip():
            raise PermissionDenied("退回时必须填写意见。")

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user.is_superuser or self._user_in_groups(user)):
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        ids = scope.unit_ids(user)
        if ids is None:
            return states
        # One condition per kind of object: ids of different models may coincide.
        from django.contrib.contenttypes.models import ContentType

        in_scope = models.Q(pk__in=[])
        kinds = states.values_list("workflow_state__base_content_type", flat=True).distinct()
        for content_type_id in kinds:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None:
                continue
            lookup = getattr(model, "review_unit_lookup", "unit_id")
            keys = (
                model._default_manager.filter(**{f"{lookup}__in": ids})
                .annotate(key=Cast("pk", output_field=CharField()))
                .values("key")
            )
            in_scope |= models.Q(
                workflow_state__base_content_type_id=content_type_id,
                workflow_state__object_id__in=keys,
            )
        return states.filter(in_scope)


class ReviewTask(UnitScopedReview, AbstractGroupApprovalTask):
    """One level of the documents' review (审核, 签发, 审签), done by a role within its units.

    Besides unit scope and the required comment (UnitScopedReview), documents need a step
    that applies only to important items, and approving runs the confidentiality gate again
    (before publication): a blocking finding turns the approval into a rejection.
    """

    only_important = models.BooleanField(
        "仅重要信息",
        default=False,
        help_text="勾选后，只有标记为“重要信息”的文件才需经过本步骤，其余自动跳过。",
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["only_important"]

    class Meta:
        verbose_name = "分级审核"
        verbose_name_plural = "分级审核"

    def applies_to(self, obj) -> bool:
        return not self.only_important or bool(getattr(obj, "important", False))

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        if self.applies_to(obj):
            return super().start(workflow_state, user=user)
        state = TaskState(workflow_state=workflow_state, task=self)
        state.revision = obj.get_latest_revision()
        state.status = TaskState.STATUS_SKIPPED
        state.finished_at = timezone.now()
        state.comment = "非重要信息，无需本步审签。"
        state.save()
        return state

    def on_action(self, task_state, user, action_name, **kwargs):
        # What would be published is the latest revision (reviewers may edit during review),
        # not necessarily the one the task started on: check that one.
        revision = task_state.workflow_state.content_object.get_latest_revision()
        obj = revision.as_object()
        self.refuse_unless_allowed(obj, user, action_name, kwargs.get("comment"))
        if action_name == "approve":
            from gongkai.publishing import gate

            problem = gate.refusal_before_publication(obj, revision)
            if problem:
                task_state.reject(user=user, comment=problem)
                gate.tell_current_user(problem)
                return None
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "所选用户组中、且负责该文件所属机构的人员可以审核本步骤。"


class InteractionReviewTask(UnitScopedReview, AbstractGroupApprovalTask):
    """One level of review of what 与民互动 publishes: surveys, consultations, their feedback
    summaries and replies to messages.

    The documents' ReviewTask records a 保密审查 declaration that only documents carry; these
    objects have the same unit scope and required comment without it. An object may refuse
    approval with ``approval_refusal(latest) -> str`` (a survey whose questions were answered
    may not change them); the message is shown to the reviewer and nothing is approved.
    """

    class Meta:
        verbose_name = "与民互动审核"
        verbose_name_plural = "与民互动审核"

    def on_action(self, task_state, user, action_name, **kwargs):
        from django.core.exceptions import PermissionDenied

        current = task_state.workflow_state.content_object
        latest = current.get_latest_revision().as_object()
        self.refuse_unless_allowed(latest, user, action_name, kwargs.get("comment"))
        if action_name == "approve" and hasattr(current, "approval_refusal"):
            problem = current.approval_refusal(latest)
            if problem:
                raise PermissionDenied(problem)
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "所选用户组中、且负责该事项所属机构的人员可以审核本步骤。"


class Reviewed(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """An object of 与民互动 that the public sees only after InteractionReviewTask's review:
    Wagtail's workflow, draft state (``live``), locking and revisions, with the generic
    relations Wagtail asks each such model to declare (named after the model)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="%(app_label)s_%(class)s"
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions


class SubmissionCheck(models.Model):
    """What the confidentiality gate found, and what the author declared, at a submission."""

    class Stage(models.TextChoices):
        SUBMIT = "submit", "提交审核"
        PUBLISH = "publish", "发布前复核"

    document = models.ForeignKey(
        "catalog.Document", on_delete=models.CASCADE, related_name="submission_checks"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    stage = models.CharField("环节", max_length=20, choices=Stage.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    secrecy_reviewer = models.CharField("保密审查人", max_length=50, blank=True)
    secrecy_reviewed_on = models.DateField("保密审查日期", null=True, blank=True)
    secrecy_result = models.CharField("保密审查结论", max_length=200, blank=True)
    privacy_justification = models.TextField("保留个人信息的理由", blank=True)
    findings = models.JSONField("扫描发现", default=list)
    passed = models.BooleanField("通过", default=False)

    class Meta:
        verbose_name = "保密审查记录"
        verbose_name_plural = "保密审查记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.get_stage_display()} {self.at:%Y-%m-%d %H:%M}"


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGOUT = "logout", "退出"
    CREATE = "create", "新建"
    EDIT = "edit", "修改"
    SUBMIT = "submit", "提交审核"
    APPROVE = "approve", "审核通过"
    REJECT = "reject", "退回"
    PUBLISH = "publish", "发布"
    SCHEDULE = "schedule", "定时发布"
    UNPUBLISH = "unpublish", "取消发布"
    WITHDRAW = "withdraw", "撤稿"
    DELETE = "delete", "删除"
    REDACT = "redact", "遮盖个人信息"
    GATE_REFUSED = "gate_refused", "保密审查拦截"
    PERMISSION = "permission", "权限变更"
    EXPORT = "export", "导出"
    OTHER = "other", "其他"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ARG002 - the log is append-only
        raise PermissionError("审计日志只能追加，不能修改。")

    def purge_older_than(self, cutoff) -> int:
        """Delete entries older than `cutoff`; the only way entries ever leave the log."""
        minimum = timezone.now() - timezone.timedelta(days=settings.GONGKAI_AUDIT_RETENTION_DAYS)
        if cutoff > minimum:
            raise ValueError(
                f"审计日志至少保留{settings.GONGKAI_AUDIT_RETENTION_DAYS}天，不能删除更新的记录。"
            )
        deleted, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return deleted

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除；过期记录请用 gongkai purge-audit。")


class AuditEntry(models.Model):
    """One staff action. Append-only: rows are never updated, and deleted only by the purge."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="用户",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="机构",
    )
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "-at"], name="audit_unit_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")
