"""Forms of documents: the organisers' workspace (its list's filters, a new document, a
document's details, a file upload) and the file field speakers' uploads share. They validate
shape; the upload checks (forum.uploads) and the services decide, and their refusals are
shown on the field they name."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.enums import DocumentAudience, DocumentKind, DocumentState
from documents.models import Document
from events.models import Event
from forum.content import CONTENT_LANGUAGES, Language, pick_for_page
from forum.errors import ServiceError
from forum.forms import SearchInput, TranslatedFieldsMixin, shown_languages, translated_initial
from forum.uploads import CheckedFile, UploadRefused, allowed_types_text, upload_check

EDITION = "edition"  # the session filter's and picker's value for the whole edition


class CheckedFileField(forms.FileField):
    """A document's file: accepted by ``upload_check`` (size, type by content, PDF pages,
    images re-encoded) and cleaned to a ``CheckedFile``; a refusal is the field's error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("File"))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return uploaded
        try:
            return upload_check(uploaded)
        except UploadRefused as exc:
            raise ValidationError(exc.message, code="refused") from exc


def file_help_text() -> str:
    return _("%(types)s; at most %(max)s.") % {
        "types": allowed_types_text(),
        "max": filesizeformat(settings.FORUM_DOCUMENT_MAX_BYTES),
    }


def language_choices(event: Event) -> list[tuple[str, str]]:
    """Every content language, the event's working languages first in their order."""
    codes = [c for c in dict.fromkeys([*event.languages, *CONTENT_LANGUAGES]) if c in Language]
    return [(code, Language(code).label) for code in codes]


def file_language_field(event: Event) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Language of the file"),
        choices=language_choices(event),
        initial=event.languages[0] if event.languages else "en",
    )


def refusal_show(form: forms.Form, exc: ServiceError) -> None:
    """Show a service's refusal on the field its code names (else above the form)."""
    form.add_error(exc.code if exc.code in form.fields else None, str(exc.message))


def session_choices(sessions, event: Event) -> list[tuple[str, str]]:
    """The sessions as choices: code and title in the page's language (else a fallback)."""
    return [
        (str(session.pk), f"{session.code} · {pick_for_page(session, 'title', event.languages)}")
        for session in sessions
    ]


# --- The list ---------------------------------------------------------------------------------


class DocumentFilter(django_filters.FilterSet):
    """Narrow one event's documents. The session choices come from a list the page loaded."""

    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Title or code."), widget=SearchInput
    )
    session = django_filters.ChoiceFilter(
        label=_("Session"), method="in_session", empty_label=_("Any session or the edition")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=DocumentKind.choices, empty_label=_("Any kind")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=DocumentState.choices, empty_label=_("Any state")
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"), choices=DocumentAudience.choices, empty_label=_("Any audience")
    )

    class Meta:
        model = Document
        fields = ["q", "session", "kind", "state", "audience"]

    def __init__(self, data=None, queryset=None, *, event: Event, sessions, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["session"].extra["choices"] = [
            (EDITION, _("The edition itself")),
            *session_choices(sessions, event),
        ]

    def search(self, queryset, name: str, value: str):
        for word in value.split()[:8]:
            titled = Q(code__iexact=word)
            for code in CONTENT_LANGUAGES:
                titled |= Q(**{f"title_{code}__icontains": word})
            queryset = queryset.filter(titled)
        return queryset

    def in_session(self, queryset, name: str, value: str):
        if value == EDITION:
            return queryset.filter(session__isnull=True)
        return queryset.filter(session_id=value)


# --- One document -----------------------------------------------------------------------------


class DocumentForm(TranslatedFieldsMixin, forms.Form):
    """What a document is, who may read it, where it belongs, and its title side by side in
    the event's languages (and any other it already has a title in). A new document comes
    with its first file (``with_file``)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    session = forms.ChoiceField(
        label=_("Session"),
        required=False,
        help_text=_("Leave it on “The edition itself” for a document of the whole forum."),
    )
    audience = forms.ChoiceField(
        label=_("Who may read it once published"), choices=DocumentAudience.choices
    )

    def __init__(self, *args, event: Event, sessions, document=None, with_file=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(session.pk): session for session in sessions}
        self.fields["session"].choices = [
            ("", _("The edition itself")),
            *session_choices(sessions, event),
        ]
        languages = shown_languages(event.languages, document, ("title",))
        self.add_translated(
            "title",
            languages=languages,
            make_field=lambda: forms.CharField(
                max_length=Document._meta.get_field("title").max_length
            ),
            label=_("Title"),
            required=True,
        )
        if with_file:
            self.fields["language"] = file_language_field(event)
            self.fields["file"] = CheckedFileField(help_text=file_help_text())
        self.order_fields(["kind", "session", "audience", *(f"title_{c}" for c in languages)])

    @classmethod
    def initial_for(cls, document: Document) -> dict:
        return {
            **translated_initial(document, "title"),
            "kind": document.kind,
            "session": str(document.session_id or ""),
            "audience": document.audience,
        }

    def clean_session(self):
        value = self.cleaned_data.get("session") or ""
        return self.sessions.get(value)

    @property
    def upload(self) -> CheckedFile:
        return self.cleaned_data["file"]


class DocumentFileForm(forms.Form):
    """A file in a language: the first of that language, or its next version."""

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"] = file_language_field(event)
        self.fields["file"] = CheckedFileField(help_text=file_help_text())

    @property
    def upload(self) -> CheckedFile:
        return self.cleaned_data["file"]
