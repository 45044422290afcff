"""Concurrency: organisers uploading new versions of one file at the same moment each get a
version number of their own; none fails and none is lost.

``slow_write`` makes the service sleep after it read the last version number, before it
inserts the new row, so a missing lock shows up every time (the negative control, which reads
the document without locking it, proves it: two uploads take the same number).
"""

import time
from collections import Counter

import pytest
from django.db import connection

from documents.models import DocumentFile
from documents.services import documents as service
from forum.uploads import upload_check
from tests.concurrency import race, read_without_lock
from tests.documents.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True)
on_postgres = connection.vendor == "postgresql"


@pytest.fixture
def slow_write(monkeypatch):
    write = service._file_row

    def slowly(**kwargs):
        time.sleep(0.05)
        return write(**kwargs)

    monkeypatch.setattr(service, "_file_row", slowly)


@pytest.fixture
def without_row_locks(monkeypatch):
    monkeypatch.setattr(service, "lock_one", read_without_lock)


@pytest.fixture
def document(event):
    return service.document_create(
        event=event,
        kind="background_paper",
        title={"en": "Paper"},
        language="en",
        upload=upload_check(upload("paper.pdf", pdf_bytes("v1"))),
    )


def add_version(document):
    files = [upload_check(upload(f"paper-{i}.pdf", pdf_bytes(f"v{i}"))) for i in range(8)]

    def work(i):
        return service.document_file_add(document=document, language="en", upload=files[i]).pk > 0

    return work


def test_race_8_new_versions_get_8_numbers(document, slow_write, _documents_storage):
    outcomes = race(8, add_version(document))

    assert outcomes == Counter({True: 8})
    versions = sorted(
        DocumentFile.objects.filter(document=document).values_list("version", flat=True)
    )
    assert versions == list(range(1, 10))
    stored = [p for p in _documents_storage.rglob("*.pdf") if p.is_file()]
    assert len(stored) == 9


@pytest.mark.skipif(not on_postgres, reason="SQLite's IMMEDIATE transactions serialise anyway")
def test_race_without_the_lock_loses_uploads(
    document, slow_write, without_row_locks, _documents_storage
):
    """Negative control: the same race with the document's row lock taken away."""
    outcomes = race(8, add_version(document))

    assert sum(outcomes.values()) == 8
    failed = sum(n for outcome, n in outcomes.items() if outcome is not True)
    assert failed > 0  # two uploads read the same last version: the unique constraint refused
    assert DocumentFile.objects.filter(document=document).count() == 9 - failed
    # The refused uploads' files were deleted again: only the rows' files remain.
    assert len([p for p in _documents_storage.rglob("*.pdf") if p.is_file()]) == 9 - failed
