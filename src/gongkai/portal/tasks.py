"""Static export as a task (django-tasks): re-export the pages a document change affects."""

from __future__ import annotations

from django_tasks import task


@task()
def export_document_pages(document_pk: int) -> dict:
    """Re-render a published, withdrawn or edited document's page and the lists, feeds and
    pages it shows on into GONGKAI_STATIC_EXPORT_DIR; the whole site if the document is gone."""
    import logging

    from django.conf import settings

    from gongkai.catalog.models import Document
    from gongkai.portal import static_export

    directory = settings.GONGKAI_STATIC_EXPORT_DIR
    if not directory:
        return {}
    document = Document.objects.select_related("unit").filter(pk=document_pk).first()
    if document is None:
        result = static_export.export_site(directory)
    elif document.is_public or static_export.was_exported(directory, document):
        result = static_export.export_document(directory, document)
    else:
        return {}  # a draft: nothing public changed
    log = logging.getLogger(__name__)
    for url, message in result.errors:
        log.error("static export: %s failed: %s", url, message)
    return {
        "written": len(result.written),
        "unchanged": result.unchanged,
        "deleted": len(result.deleted),
        "errors": len(result.errors),
    }
