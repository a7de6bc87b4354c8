"""Signals of the catalog for other apps (the search index listens)."""

from django.dispatch import Signal

# Sent at the end of Document.save(), once the document's columns and attachments are saved
# too, with instance=the document. Not sent for partial saves that change nothing shown.
document_saved = Signal()
