#!/usr/bin/env python
"""Memory of the "download all material" ZIP: an edition of 200 files totalling 500 MB is
streamed through the real view, and the process's peak RSS must stay under 100 MB.

Setup (one subprocess): migrate a fresh database, create a public event with 200 published
public documents, and write each one's file (random bytes, 2.5 MB) straight into a temporary
documents folder in 1 MB pieces, with its DocumentFile row (size and SHA-256 computed while
writing). The upload checks are skipped in this setup only: random bytes are no PDF, and the
checks are not what is measured.

Measure (a fresh subprocess): import the WSGI application and warm it up with one request to
the same address answered 304 (If-None-Match: *: the URLconf, the middleware and the view
are loaded and the member list read, no file), note the RSS, then GET
/events/<slug>/documents.zip through it as a server would (the middleware included), read
the body chunk by chunk and discard it, and report the peak RSS (getrusage ru_maxrss), the
RSS before streaming, the bytes streamed (checked against Content-Length) and the time.

The limit applies to what streaming costs, the peak minus the RSS before it: the loaded
project alone (every app, DRF and drf-spectacular, Celery, icalendar, lxml…) is about
100 MB before any file is read, in this process as in a gunicorn worker (Stripe's SDK and
fpdf2 load only when a card payment or a PDF needs them). Exit status 1 when the cost reaches the
limit, or when fewer bytes than announced were streamed.

    .venv/bin/python bench/documents_zip_rss.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_bench .venv/bin/python bench/documents_zip_rss.py
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLUG = "bench-documents"
LIMIT_MB = 100
PIECE = 1024 * 1024


def bench_env(db_url: str, storage: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "FORUM_STORAGE_URL": storage.as_uri(),
        "DJANGO_SETTINGS_MODULE": "forum.settings",
    }


def setup(files: int, total_mb: int) -> None:
    """The event, its documents and their files (run in its own process)."""
    import hashlib
    from datetime import date

    import django

    django.setup()
    from django.core.files.storage import storages

    from documents.models import Document, DocumentFile
    from events.models import Event

    Event.objects.filter(slug=SLUG).delete()
    event = Event.objects.create(
        name="Documents benchmark",
        slug=SLUG,
        host_city="Quito",
        host_country="EC",
        start_date=date(2031, 5, 12),
        end_date=date(2031, 5, 14),
        timezone="America/Guayaquil",
        languages=["en"],
        status="published",
    )
    folder = Path(storages["documents"].location)
    size = total_mb * 1024 * 1024 // files
    for i in range(files):
        document = Document.objects.create(
            event=event,
            kind="background_paper",
            title=f"Paper {i:03d}",
            title_en=f"Paper {i:03d}",
            audience="public",
            state="published",
        )
        name = f"{event.pk}/{document.code}/en-{secrets.token_urlsafe(12)}/paper-{i:03d}.pdf"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        sha, left = hashlib.sha256(), size
        with path.open("wb") as out:
            while left:
                piece = os.urandom(min(PIECE, left))
                sha.update(piece)
                out.write(piece)
                left -= len(piece)
        DocumentFile.objects.create(
            document=document,
            language="en",
            version=1,
            file=name,
            filename=f"paper-{i:03d}.pdf",
            content_type="application/pdf",
            size=size,
            sha256=sha.hexdigest(),
            uploaded_by="bench",
        )


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure() -> None:
    """Stream the edition ZIP through the WSGI application and print the figures as JSON."""
    import io
    import resource
    import time
    from wsgiref.util import setup_testing_defaults

    from forum.wsgi import application

    def environ(**headers):
        values = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": f"/events/{SLUG}/documents.zip",
            "HTTP_HOST": "testserver",
            "wsgi.input": io.BytesIO(b""),
            **headers,
        }
        setup_testing_defaults(values)
        return values

    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    loaded = rss_mb()
    warm_up = application(environ(HTTP_IF_NONE_MATCH="*"), start_response)
    assert answer["status"] == "304 Not Modified", answer
    warm_up.close()
    before = rss_mb()
    started = time.monotonic()
    streamed = chunks = 0
    result = application(environ(), start_response)
    try:
        for chunk in result:
            streamed += len(chunk)
            chunks += 1
    finally:
        getattr(result, "close", lambda: None)()
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(
        json.dumps(
            {
                "status": answer["status"],
                "content_length": int(answer["headers"].get("Content-Length", -1)),
                "streamed": streamed,
                "chunks": chunks,
                "seconds": seconds,
                "rss_loaded_mb": loaded,
                "rss_before_mb": before,
                "peak_rss_mb": peak,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--total-mb", type=int, default=500)
    parser.add_argument("--step", choices=["setup", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "setup":
        return setup(args.files, args.total_mb)
    if args.step == "measure":
        return measure()

    storage = Path(tempfile.mkdtemp(prefix="forum-bench-documents-"))
    sqlite = Path(tempfile.gettempdir()) / f"forum-bench-documents-{os.getpid()}.sqlite3"
    db_url = os.environ.get("DATABASE_URL") or f"sqlite:///{sqlite}"
    env = bench_env(db_url, storage)
    me = [sys.executable, str(Path(__file__).resolve())]
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [*me, "--step", "setup", "--files", str(args.files), "--total-mb", str(args.total_mb)],
            cwd=ROOT,
            env=env,
            check=True,
        )
        out = subprocess.run(
            [*me, "--step", "measure"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        shutil.rmtree(storage, ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
    figures = json.loads(out.strip().splitlines()[-1])
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    print(f"database            {engine}")
    print(f"files               {args.files} ({args.total_mb} MB of random bytes, stored)")
    print(f"HTTP status         {figures['status']}")
    print(
        f"bytes streamed      {figures['streamed']} in {figures['chunks']} chunks "
        f"(Content-Length {figures['content_length']})"
    )
    print(
        f"seconds             {figures['seconds']:.2f} "
        f"({figures['streamed'] / 1024 / 1024 / figures['seconds']:.0f} MB/s)"
    )
    cost = figures["peak_rss_mb"] - figures["rss_before_mb"]
    print(f"RSS, app imported   {figures['rss_loaded_mb']:.1f} MB")
    print(f"RSS before stream   {figures['rss_before_mb']:.1f} MB (after one 304 of the same view)")
    print(f"peak RSS            {figures['peak_rss_mb']:.1f} MB")
    print(f"streaming cost      {cost:.1f} MB (peak - before; limit {LIMIT_MB} MB)")
    ok = (
        figures["status"] == "200 OK"
        and figures["streamed"] == figures["content_length"]
        and figures["streamed"] > args.total_mb * 1024 * 1024
        and cost < LIMIT_MB
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
