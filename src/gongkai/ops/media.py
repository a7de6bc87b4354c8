"""Where uploaded files live: MEDIA_ROOT on the app server, or a private object-storage bucket.

With GONGKAI_S3_BUCKET (settings.py) attachments and images go to an S3-compatible bucket
shared by every app node. Browsers never read the bucket: objects are written private, and
their URLs are the site's own /media/ addresses, served by the same views as files on disk
(a published document's attachments, image renditions). So an unpublished document's
attachment is no more reachable from the bucket than from the disk, and no page cached by
nginx carries a signed link that expires an hour later.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend with private objects and the site's own URLs."""

    default_acl = "private"
    # Never replace an object of the same name (FileSystemStorage's behaviour): another
    # document's attachment might be called 通知.pdf too.
    file_overwrite = False
    # Any URL boto3 makes itself (not the site's, below) is signed and expires.
    querystring_auth = True

    def url(self, name: str, parameters=None, expire=None, http_method=None) -> str:
        return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"


def on_disk() -> bool:
    """True when uploaded files are under MEDIA_ROOT (the default), False on object storage."""
    return isinstance(storages["default"], FileSystemStorage)


def where() -> str:
    """The bucket (and prefix) holding the uploaded files, for messages to the operator."""
    storage = storages["default"]
    if isinstance(storage, S3Storage):
        prefix = f"/{storage.location}" if storage.location else ""
        return f"s3://{storage.bucket_name}{prefix}"
    return str(settings.MEDIA_ROOT)
