from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "发布审核"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from gongkai.catalog.models import Document
        from gongkai.publishing import audit, signals  # noqa: F401 - connects receivers
        from gongkai.publishing.policies import DocumentPermissionPolicy

        audit.connect_wagtail_log()
        audit.connect_group_permissions()
        audit.connect_memberships()
        register_permission_policy(Document, DocumentPermissionPolicy(Document))
