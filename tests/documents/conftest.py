"""Document fixtures: real files made with the project's own PDF and image tools."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from fpdf import FPDF
from PIL import Image


def pdf_bytes(text: str = "Background paper", pages: int = 1) -> bytes:
    pdf = FPDF()
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(text=f"{text} - page {number + 1}")
    return bytes(pdf.output())


def png_bytes(*, with_text_chunk: str = "") -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    if with_text_chunk:
        info.add_text("Author", with_text_chunk)
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def pdf_upload():
    def make(name="paper.pdf", text="Background paper", pages=1):
        return upload(name, pdf_bytes(text, pages), "application/pdf")

    return make


@pytest.fixture
def add_document():
    """add_document(event, title, files={lang: (name, bytes)}, session=, audience=, publish=)
    -> the document, created and given its files through the real services."""
    from documents.services.documents import document_create, document_file_add, document_publish
    from forum.uploads import upload_check

    def make(
        event,
        title="Background paper",
        files=None,
        *,
        session=None,
        audience="public",
        kind="background_paper",
        publish=True,
    ):
        files = files or {"en": ("paper.pdf", pdf_bytes(title))}
        (language, (name, content)), *others = files.items()
        document = document_create(
            event=event,
            kind=kind,
            title={"en": title},
            language=language,
            upload=upload_check(upload(name, content)),
            session=session,
            audience=audience,
        )
        for language, (name, content) in others:
            document_file_add(
                document=document, language=language, upload=upload_check(upload(name, content))
            )
        if publish:
            document = document_publish(document=document)
        return document

    return make


@pytest.fixture
def participant_access(event):
    """An approved registration's signed access value for ``event``'s documents."""
    from documents.access import participant_access as access_for
    from tests.factories import CategoryFactory, register

    now = timezone.now()
    event.registration_opens_at = now - timedelta(days=1)
    event.registration_closes_at = now + timedelta(days=30)
    event.save(update_fields=["registration_opens_at", "registration_closes_at"])
    registration, _token = register(CategoryFactory(event=event))
    value = access_for(registration)
    assert value, registration.state
    return value


# --- S3: a real S3-protocol server on loopback --------------------------------------------

S3_KEY_ID = "forum-test-key"
S3_SECRET = "forum-test-secret"


def _presigned_refusal(environ, *, secret: str) -> str | None:
    """Why S3 would refuse this presigned (query-string signed) request, or None.

    moto serves any presigned URL, expired or forged; S3 checks both. This is S3's check:
    the date plus X-Amz-Expires not passed, and the Signature V4 of the request recomputed
    with the secret key."""
    import hashlib
    import hmac
    from datetime import UTC, datetime, timedelta
    from urllib.parse import parse_qs

    raw_query = environ.get("QUERY_STRING", "")
    params = {k: v[0] for k, v in parse_qs(raw_query, keep_blank_values=True).items()}
    if "X-Amz-Signature" not in params:
        return None  # signed in a header: the SDK's own requests
    signed_at = datetime.strptime(params["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    if datetime.now(UTC) > signed_at + timedelta(seconds=int(params["X-Amz-Expires"])):
        return "Request has expired"
    pairs = sorted(
        pair.split("=", 1) if "=" in pair else (pair, "")
        for pair in raw_query.split("&")
        if not pair.startswith("X-Amz-Signature=")
    )
    canonical = "\n".join(
        [
            environ["REQUEST_METHOD"],
            environ.get("RAW_URI", environ["PATH_INFO"]).split("?")[0],
            "&".join(f"{k}={v}" for k, v in pairs),
            f"host:{environ['HTTP_HOST']}\n",
            "host",
            "UNSIGNED-PAYLOAD",
        ]
    )
    _key_id, day, region, service, _end = params["X-Amz-Credential"].split("/")
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            params["X-Amz-Date"],
            scope,
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    key = f"AWS4{secret}".encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, params["X-Amz-Signature"]):
        return "The request signature we calculated does not match the signature you provided."
    return None


def _checking_presigned_urls(app, *, secret: str):
    """moto's WSGI app behind S3's presigned URL check (403 AccessDenied, as S3 answers)."""

    def checked(environ, start_response):
        refusal = _presigned_refusal(environ, secret=secret)
        if refusal is None:
            return app(environ, start_response)
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
            f"<Message>{refusal}</Message></Error>"
        ).encode()
        start_response(
            "403 Forbidden",
            [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return checked


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server in a thread on 127.0.0.1, on a port the system picks (suites running
    side by side never collide), presigned URLs checked as S3 does. Yields its endpoint URL."""
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from moto.server import ThreadedMotoServer
    from werkzeug.serving import make_server

    class CheckingMotoServer(ThreadedMotoServer):
        def _server_entry(self) -> None:
            app = DomainDispatcherApplication(create_backend_app)
            self._server = make_server(
                self._ip_address,
                self._port,
                _checking_presigned_urls(app, secret=S3_SECRET),
                True,
                request_handler=MotoRequestHandler,
            )
            self._server_ready_event.set()
            self._server.serve_forever()

    server = CheckingMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_documents(s3_server, settings, monkeypatch):
    """``STORAGES["documents"]`` in a new bucket of the loopback S3 server, configured by the
    project's own ``documents_storage_config``. Yields (boto3 client, bucket, prefix)."""
    import secrets

    import boto3

    from forum.settings import documents_storage_config

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", S3_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    bucket = f"forum-{secrets.token_hex(6)}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id=S3_KEY_ID,
        aws_secret_access_key=S3_SECRET,
    )
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": documents_storage_config(
            f"s3://{bucket}/documents?endpoint_url={s3_server}&region_name=us-east-1"
        ),
    }
    yield client, bucket, "documents"
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)
