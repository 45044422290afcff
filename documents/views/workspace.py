"""The organisers' documents workspace under /<lang>/manage/<event_slug>/documents/: the list
with its filters, a new document with its first file, and a document's page (its details, a
new file or version, the version history, publishing and withdrawing, its history).

Only the event's organisers holding the programme flag get in; anyone else gets a 404. Every
write goes through ``documents.services.documents``; a refusal (an upload check's or a
service's) is shown on the field it names, and nothing is stored.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from documents.decorators import documents_manager_required
from documents.enums import DocumentState
from documents.forms import DocumentFileForm, DocumentFilter, DocumentForm, refusal_show
from documents.models import Document
from documents.selectors.documents import document_file_url
from documents.selectors.workspace import (
    document_audit_entries,
    document_get_for_organiser,
    document_versions,
    documents_for_organiser,
    sessions_for_documents,
)
from documents.services.documents import (
    DocumentError,
    document_create,
    document_file_add,
    document_publish,
    document_update,
    document_withdraw,
)
from events.models import Event
from events.selectors.audit import audit_lines
from forum.content import pick_for_page
from forum.uploads import ALLOWED_TYPES, UploadRefused

PAGE_SIZE = 50


def _document_url(event: Event, document: Document) -> str:
    return reverse(
        "documents_manage:document", kwargs={"event_slug": event.slug, "code": document.code}
    )


def _title(event: Event, document: Document) -> str:
    return pick_for_page(document, "title", event.languages)


# --- The list ---------------------------------------------------------------------------------


@documents_manager_required
def document_list(request, event: Event):
    sessions = sessions_for_documents(event=event)
    filterset = DocumentFilter(
        request.GET or None,
        queryset=documents_for_organiser(event=event),
        event=event,
        sessions=sessions,
    )
    queryset = (
        filterset.queryset.none()
        if filterset.is_bound and not filterset.is_valid()
        else filterset.qs
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "document": document,
            "title": _title(event, document),
            "session_title": pick_for_page(document.session, "title", event.languages)
            if document.session
            else "",
            "languages": [
                (lv.language, lv.latest.get_language_display(), lv.latest.version)
                for lv in document_versions(document)
            ],
        }
        for document in page.object_list
    ]
    return render(
        request,
        "documents/manage/documents_list.html",
        {"event": event, "filter": filterset, "page": page, "rows": rows},
    )


# --- A new document ---------------------------------------------------------------------------


@documents_manager_required
def document_new(request, event: Event):
    sessions = sessions_for_documents(event=event)
    initial = {}
    if (code := request.GET.get("session")) is not None:
        chosen = next((s for s in sessions if s.code == code), None)
        initial["session"] = str(chosen.pk) if chosen else ""
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        event=event,
        sessions=sessions,
        with_file=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = document_create(
                event=event,
                kind=form.cleaned_data["kind"],
                title=form.texts("title"),
                language=form.cleaned_data["language"],
                upload=form.upload,
                session=form.cleaned_data["session"],
                audience=form.cleaned_data["audience"],
                actor=request.user,
            )
        except (DocumentError, UploadRefused) as exc:
            refusal_show(form, exc)
        else:
            messages.success(
                request,
                _("“%(title)s” has been added as a draft: publish it when it is ready.")
                % {"title": _title(event, document)},
            )
            return redirect(_document_url(event, document))
    return render(
        request,
        "documents/manage/document_new.html",
        {"event": event, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- One document -----------------------------------------------------------------------------


def _document_page(request, event: Event, document: Document, *, form=None, upload=None):
    form = form or DocumentForm(
        initial=DocumentForm.initial_for(document),
        event=event,
        sessions=sessions_for_documents(event=event),
        document=document,
    )
    upload = upload or DocumentFileForm(event=event)
    versions = [
        {
            "language": lv.language,
            "label": lv.latest.get_language_display(),
            "files": [
                (
                    row,
                    document_file_url(row, document=document, version=True),
                    ALLOWED_TYPES.get(row.content_type, ("", row.content_type))[1],
                )
                for row in lv.versions
            ],
        }
        for lv in document_versions(document)
    ]
    bound = (form.is_bound and form.errors) or (upload.is_bound and upload.errors)
    return render(
        request,
        "documents/manage/document_detail.html",
        {
            "event": event,
            "document": document,
            "title": _title(event, document),
            "form": form,
            "upload": upload,
            "versions": versions,
            "history": audit_lines(document_audit_entries(document=document)),
            "may_publish": document.state != DocumentState.PUBLISHED,
            "may_withdraw": document.state == DocumentState.PUBLISHED,
        },
        status=400 if bound else 200,
    )


@documents_manager_required
def document_detail(request, event: Event, code: str):
    document = document_get_for_organiser(event=event, code=code)
    if request.method != "POST":
        return _document_page(request, event, document)
    form = DocumentForm(
        request.POST,
        event=event,
        sessions=sessions_for_documents(event=event),
        document=document,
    )
    if form.is_valid():
        try:
            document_update(
                document=document,
                kind=form.cleaned_data["kind"],
                title=form.texts("title"),
                audience=form.cleaned_data["audience"],
                session=form.cleaned_data["session"],
                actor=request.user,
            )
        except DocumentError as exc:
            refusal_show(form, exc)
        else:
            messages.success(request, _("The document’s details have been saved."))
            return redirect(_document_url(event, document))
    return _document_page(request, event, document, form=form)


@documents_manager_required
@require_POST
def document_upload(request, event: Event, code: str):
    document = document_get_for_organiser(event=event, code=code)
    upload = DocumentFileForm(request.POST, request.FILES, event=event)
    if upload.is_valid():
        try:
            row = document_file_add(
                document=document,
                language=upload.cleaned_data["language"],
                upload=upload.upload,
                actor=request.user,
            )
        except (DocumentError, UploadRefused) as exc:
            refusal_show(upload, exc)
        else:
            messages.success(
                request,
                _("Version %(version)s in %(language)s has been added.")
                % {"version": row.version, "language": row.get_language_display()},
            )
            return redirect(_document_url(event, document))
    return _document_page(request, event, document, upload=upload)


@documents_manager_required
@require_POST
def document_state(request, event: Event, code: str, change: str):
    document = document_get_for_organiser(event=event, code=code)
    service = document_publish if change == "publish" else document_withdraw
    try:
        changed = service(document=document, actor=request.user)
    except DocumentError as exc:
        messages.error(request, exc.message)
    else:
        title = _title(event, changed)
        if changed.state == DocumentState.PUBLISHED:
            messages.success(
                request,
                _("“%(title)s” is published: its readers see it now.") % {"title": title},
            )
        else:
            messages.success(
                request,
                _("“%(title)s” has been withdrawn: only organisers see it now.") % {"title": title},
            )
    return redirect(_document_url(event, document))
