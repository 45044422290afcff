"""Documents in an S3 bucket: the project's storage settings against a real S3-protocol server
on loopback (moto's server, presigned URLs checked for expiry and signature as S3 does)."""

import hashlib
import io
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from documents.models import DocumentFile
from documents.services.documents import document_create, document_file_add, document_publish
from forum.settings import documents_storage_config
from forum.uploads import upload_check
from tests.documents.conftest import pdf_bytes, upload

ROOT = Path(__file__).resolve().parents[2]


def fetch(url: str):
    """GET ``url`` with a real HTTP client: (status, headers (case-insensitive), body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback URL
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def file_url(document, language="en", *, access="", version=None):
    kwargs = {"code": document.code, "language": language}
    if version:
        kwargs["version"] = version
    url = reverse("documents:file_version" if version else "documents:file", kwargs=kwargs)
    return f"{url}?access={access}" if access else url


def stored_object(client, bucket, key) -> tuple[bytes, str]:
    answer = client.get_object(Bucket=bucket, Key=key)
    return answer["Body"].read(), answer["ETag"]


@pytest.mark.django_db
def test_uploads_and_versions_are_objects_in_the_bucket(s3_documents, event):
    client, bucket, prefix = s3_documents
    v1, v2, french = pdf_bytes("First"), pdf_bytes("Second"), pdf_bytes("Premier")

    document = document_create(
        event=event,
        kind="background_paper",
        title={"en": "Paper"},
        language="en",
        upload=upload_check(upload("paper.pdf", v1)),
    )
    document_file_add(
        document=document, language="en", upload=upload_check(upload("paper.pdf", v2))
    )
    document_file_add(
        document=document, language="fr", upload=upload_check(upload("papier.pdf", french))
    )

    rows = list(document.files.order_by("language", "version"))
    assert [(row.language, row.version) for row in rows] == [("en", 1), ("en", 2), ("fr", 1)]
    listed = client.list_objects_v2(Bucket=bucket)["Contents"]
    assert sorted(item["Key"] for item in listed) == sorted(
        f"{prefix}/{row.file.name}" for row in rows
    )
    for row, content in zip(rows, (v1, v2, french), strict=True):
        body, etag = stored_object(client, bucket, f"{prefix}/{row.file.name}")
        assert body == content
        assert etag == f'"{hashlib.md5(content).hexdigest()}"'  # noqa: S324 - S3's own ETag
        assert row.sha256 == hashlib.sha256(content).hexdigest()
        assert row.file.name.startswith(f"{event.pk}/{document.code}/{row.language}-")


@pytest.mark.django_db
def test_public_file_is_served_from_the_bucket_with_its_etag(s3_documents, event, client):
    v1, v2 = pdf_bytes("First"), pdf_bytes("Second")
    document = document_create(
        event=event,
        kind="report",
        title={"en": "Report"},
        language="en",
        upload=upload_check(upload("report.pdf", v1)),
    )
    document_file_add(
        document=document, language="en", upload=upload_check(upload("report.pdf", v2))
    )
    document_publish(document=document)

    latest = client.get(file_url(document))
    first = client.get(file_url(document, version=1))

    assert latest.status_code == 200
    assert b"".join(latest.streaming_content) == v2
    assert latest["ETag"] == f'"{hashlib.sha256(v2).hexdigest()}"'
    assert latest["Content-Length"] == str(len(v2))
    assert latest["Content-Disposition"] == 'inline; filename="report.pdf"'
    assert b"".join(first.streaming_content) == v1
    assert first["ETag"] == f'"{hashlib.sha256(v1).hexdigest()}"'
    assert client.get(file_url(document), HTTP_IF_NONE_MATCH=latest["ETag"]).status_code == 304


@pytest.fixture
def paper_for_participants(s3_documents, event):
    content = pdf_bytes("For participants")
    document = document_create(
        event=event,
        kind="background_paper",
        title={"en": "Brief"},
        language="en",
        upload=upload_check(upload("brief.pdf", content)),
        audience="participants",
    )
    return document_publish(document=document), content


@pytest.mark.django_db
def test_participants_file_is_a_presigned_url_that_s3_serves(
    s3_server, paper_for_participants, participant_access, client
):
    document, content = paper_for_participants

    response = client.get(file_url(document, access=participant_access))
    status, headers, body = fetch(response["Location"])

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert response["Location"].startswith(f"{s3_server}/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["3600"]
    assert status == 200
    assert body == content
    assert headers["Content-Disposition"] == 'inline; filename="brief.pdf"'
    assert headers["Content-Type"] == "application/pdf"
    assert client.get(file_url(document)).status_code == 404
    assert client.get(file_url(document, access="forged")).status_code == 404


@pytest.mark.django_db
def test_presigned_url_and_access_value_expire(
    settings, paper_for_participants, participant_access, client
):
    settings.FORUM_DOCUMENT_LINK_MAX_AGE = 2
    document, content = paper_for_participants
    location = client.get(file_url(document, access=participant_access))["Location"]
    tampered = location.replace("brief", "brie%66", 1)

    fresh = fetch(location)
    forged = fetch(tampered)
    time.sleep(3.2)
    expired = fetch(location)

    assert parse_qs(urlsplit(location).query)["X-Amz-Expires"] == ["2"]
    assert (fresh[0], fresh[2]) == (200, content)
    assert forged[0] == 403
    assert b"<Code>AccessDenied</Code><Message>The request signature we calculated" in forged[2]
    assert expired[0] == 403
    assert b"<Message>Request has expired</Message>" in expired[2]
    # The forum no longer takes the registrant's access value either.
    assert client.get(file_url(document, access=participant_access)).status_code == 404


@pytest.mark.django_db
def test_edition_zip_streams_from_the_bucket(s3_documents, event, client, add_document):
    first, second = pdf_bytes("One"), pdf_bytes("Two")
    add_document(event, "One", {"en": ("one.pdf", first), "fr": ("un.pdf", second)})

    response = client.get(reverse("documents:edition_zip", kwargs={"event_slug": event.slug}))
    body = b"".join(response.streaming_content)

    assert response["Content-Length"] == str(len(body))
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.read(f"{event.slug}/en/one.pdf") == first
        assert archive.read(f"{event.slug}/fr/un.pdf") == second


@pytest.mark.django_db
def test_a_failed_write_leaves_no_object(s3_documents, event, monkeypatch):
    import documents.services.documents as services

    client, bucket, _prefix = s3_documents

    def refuse(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "audit_record", refuse)
    with pytest.raises(RuntimeError, match="audit log unavailable"):
        document_create(
            event=event,
            kind="report",
            title={"en": "Report"},
            language="en",
            upload=upload_check(upload("report.pdf", pdf_bytes())),
        )

    assert client.list_objects_v2(Bucket=bucket).get("Contents", []) == []
    assert DocumentFile.objects.count() == 0


# --- FORUM_STORAGE_URL ----------------------------------------------------------------------


def test_file_url_is_a_private_folder():
    assert documents_storage_config("file:///srv/forum/documents") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/forum/documents", "base_url": None},
    }


def test_s3_url_names_bucket_prefix_endpoint_and_credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")

    config = documents_storage_config(
        "s3://forum-files/documents/2031?endpoint_url=https://s3.example.org&region_name=eu-west-3"
    )

    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "forum-files"
    assert options["location"] == "documents/2031"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "eu-west-3"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "secret")
    assert options["addressing_style"] == "path"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    # A file read through django-storages is spooled to disk past this, not held in memory.
    assert options["max_memory_size"] == 2 * 1024 * 1024


def test_s3_url_without_endpoint_is_aws(monkeypatch):
    monkeypatch.delenv("AWS_S3_ENDPOINT_URL", raising=False)
    monkeypatch.delenv("AWS_S3_REGION_NAME", raising=False)

    options = documents_storage_config("s3://forum-files")["OPTIONS"]

    assert (options["bucket_name"], options["location"]) == ("forum-files", "")
    assert (options["endpoint_url"], options["region_name"]) == (None, None)
    assert options["addressing_style"] is None


@pytest.mark.parametrize(
    "url", ["s3://", "s3:///prefix", "ftp://host/documents", "/srv/forum/documents", ""]
)
def test_other_storage_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match=r"FORUM_STORAGE_URL must be file:///path"):
        documents_storage_config(url)


def settings_storage(**environ) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "FORUM_STORAGE"))}
    code = (
        "from django.conf import settings; s = settings.STORAGES['documents']; "
        "print(s['BACKEND'], s['OPTIONS'].get('bucket_name') or s['OPTIONS']['location'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "forum.settings", "DJANGO_DEBUG": "true", **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_aws_storage_bucket_name_alone_selects_s3():
    assert settings_storage(AWS_STORAGE_BUCKET_NAME="forum-prod") == (
        "storages.backends.s3.S3Storage forum-prod"
    )
    assert settings_storage() == (
        f"django.core.files.storage.FileSystemStorage {ROOT / 'var' / 'documents'}"
    )
    assert settings_storage(
        AWS_STORAGE_BUCKET_NAME="forum-prod", FORUM_STORAGE_URL="file:///srv/documents"
    ) == ("django.core.files.storage.FileSystemStorage /srv/documents")
