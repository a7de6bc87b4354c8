"""Path traversal in every address that names a file: attachments of documents and
consultations, image renditions, Wagtail's document serving, static files, and uploads. Each
answers 400 or 404 (the back office may also send the public to its login, 302/403), and a
file outside the media root, or a private one inside it, never comes back.

Already covered elsewhere, not repeated here:
- tests/portal/test_pages.py::test_a_leaders_photo_is_shown... (original uploads are 404);
- tests/portal/test_pages.py::test_unpublished_documents_and_their_attachments_are_404...;
- tests/portal/test_fuzz.py::test_a_nul_anywhere_in_the_url_is_a_clear_400.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents.models import Document as UploadedFile

from gongkai.catalog.models import DocumentAttachment
from gongkai.interaction.consultations.models import ConsultationAttachment
from gongkai.publishing.roles import Role
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

SECRET = "绝密-媒体目录之外-7f3a9c"
PRIVATE = "原始上传-不公开-b41e07"
RENDITION = b"\x89PNG\r\n\x1a\n rendition of a leader's photo"


@pytest.fixture
def files(tmp_path):
    """A secret next to the media root, a private original inside it, a public rendition."""
    media = Path(settings.MEDIA_ROOT)
    assert media.parent == tmp_path  # tests/conftest.py puts the media root in tmp
    (tmp_path / "secret.txt").write_text(SECRET)
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "li.png").write_text(PRIVATE)
    (media / "images").mkdir()
    (media / "images" / "li.width-200.png").write_bytes(RENDITION)
    return tmp_path


@pytest.fixture
def published(edu, files):
    doc = DocumentFactory(unit=edu, title="永昌县教育局关于做好春季学期开学工作的通知")
    upload = UploadedFile(title="实施细则")
    upload.file.save("shishi-xize.pdf", ContentFile(b"%PDF-1.4\n%demo\n"), save=False)
    upload.save()
    return DocumentAttachment.objects.create(document=doc, file=upload, title="实施细则")


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def nothing_private(response) -> None:
    content = body(response)
    assert SECRET.encode() not in content and PRIVATE.encode() not in content


TRAVERSALS = [
    "../secret.txt",
    "../../secret.txt",
    "..%2fsecret.txt",
    "..%2f..%2fsecret.txt",
    "%2e%2e%2fsecret.txt",
    "%2e%2e/%2e%2e/secret.txt",
    "..%5csecret.txt",
    "..%5c..%5csecret.txt",
    "%252e%252e%252fsecret.txt",  # encoded twice
    "%c0%ae%c0%ae%2fsecret.txt",  # overlong UTF-8 dots
    "..",
    "%2e%2e",
    ".",
    "%2fetc%2fpasswd",
    "/etc/passwd",
    "....//secret.txt",
    "..%00/secret.txt",
    "li.width-200.png%00.txt",
    "..%2foriginal_images%2fli.png",
    "../original_images/li.png",
]


@pytest.mark.parametrize("part", TRAVERSALS)
def test_image_renditions_reach_no_file_outside_their_folder(client, files, part):
    response = client.get(f"/media/images/{part}")
    assert response.status_code in (400, 404)
    nothing_private(response)


def test_the_rendition_address_does_serve_a_rendition(client, files):
    response = client.get("/media/images/li.width-200.png")
    assert response.status_code == 200 and body(response) == RENDITION


@pytest.mark.parametrize(
    "url",
    [
        "/media/secret.txt",
        "/media/../secret.txt",
        "/media/%2e%2e/secret.txt",
        "/media/original_images/li.png",
        "/media/images/../original_images/li.png",
        "/static/../secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
    ],
)
def test_nothing_else_under_media_or_static_is_served(client, files, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    nothing_private(response)


@pytest.mark.parametrize("part", TRAVERSALS)
def test_a_document_attachment_address_names_only_its_own_file(client, published, part):
    base = published.get_absolute_url().rsplit("/", 1)[0]
    response = client.get(f"{base}/{part}")
    assert response.status_code in (400, 404)
    nothing_private(response)
    assert b"%PDF" not in body(response)


def test_the_attachment_address_does_serve_its_file(client, published):
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200 and body(response).startswith(b"%PDF")


@pytest.mark.parametrize("part", TRAVERSALS)
def test_a_consultation_attachment_address_names_only_its_own_file(
    client, open_consultation, files, part
):
    upload = UploadedFile(title="征求意见稿全文")
    upload.file.save("draft.pdf", ContentFile(b"%PDF-1.4 draft"), save=False)
    upload.save()
    item = ConsultationAttachment.objects.create(consultation=open_consultation, file=upload)
    assert body(client.get(item.get_absolute_url())).startswith(b"%PDF")
    base = item.get_absolute_url().rsplit("/", 1)[0]
    response = client.get(f"{base}/{part}")
    assert response.status_code in (400, 404)
    nothing_private(response)


@pytest.mark.parametrize("part", TRAVERSALS)
def test_wagtail_document_serving_follows_no_path(client, staff, login, published, part):
    pk = published.file.pk
    response = client.get(f"/documents/{pk}/{part}")
    assert response.status_code in (302, 400, 403, 404)
    nothing_private(response)
    officer = login(staff[Role.OFFICER])  # staff of the document's unit
    response = officer.get(f"/documents/{pk}/{part}")
    assert response.status_code in (400, 404)
    nothing_private(response)


# -- uploads: a file name never chooses where the file is written ------------------------------


def multipart(filename: str, content: bytes, **fields: str) -> tuple[bytes, str]:
    """A multipart body written by hand: the test client would strip the path off the name."""
    boundary = "----gongkai-boundary-7f3a"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: text/plain\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    "filename",
    [
        "../../secret.txt",
        "../secret.txt",
        "..\\..\\secret.txt",
        "/tmp/secret.txt",
        "....//....//secret.txt",
        "%2e%2e%2fsecret.txt",
    ],
)
def test_an_uploaded_file_lands_inside_the_media_root_whatever_its_name(
    staff, login, files, filename
):
    officer = login(staff[Role.OFFICER])
    data, content_type = multipart(
        filename, "上传的内容".encode(), title="上传测试", collection="1"
    )
    response = officer.post("/admin/documents/add/", data, content_type=content_type)
    assert response.status_code == 302
    assert (files / "secret.txt").read_text() == SECRET  # not overwritten
    stored = Path(UploadedFile.objects.get().file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve()), stored
    assert stored.read_bytes() == "上传的内容".encode()


def test_an_upload_with_a_plain_name_is_stored(staff, login, files):
    officer = login(staff[Role.OFFICER])
    data, content_type = multipart(
        "plan.txt", "上传的内容".encode(), title="上传测试", collection="1"
    )
    response = officer.post("/admin/documents/add/", data, content_type=content_type)
    assert response.status_code == 302
    assert Path(UploadedFile.objects.get().file.path).read_bytes() == "上传的内容".encode()
