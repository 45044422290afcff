"""The organiser's translation page under /<lang>/manage/<event_slug>/translations/: which
texts lack which working language, and the CSV/XLIFF round trip with a translator.

Every page takes its event from ``programme_manager_required`` (anyone else gets a 404).
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from events.models import Event
from sessions.decorators import programme_manager_required
from sessions.forms.translations import TranslationExportForm, TranslationImportForm
from sessions.selectors.translations import translation_gaps
from sessions.services.translations import (
    CSV,
    MISSING,
    XLIFF,
    TranslationImportError,
    translation_units,
    translations_csv,
    translations_import,
    translations_xliff,
)

CONTENT_TYPES = {CSV: "text/csv; charset=utf-8", XLIFF: "application/x-xliff+xml; charset=utf-8"}
EXTENSIONS = {CSV: "csv", XLIFF: "xlf"}


@programme_manager_required
def translations(request, event: Event):
    """Per working language, how many rows of each kind lack a text, with the rows listed."""
    gaps = translation_gaps(event=event)
    return render(
        request,
        "sessions/manage/translations.html",
        {
            "event": event,
            "gaps": gaps,
            "export_form": TranslationExportForm(languages=event.languages),
            "import_form": TranslationImportForm(),
        },
    )


@programme_manager_required
def translations_export(request, event: Event):
    """A file of the texts to translate into ``lang``, from ``source`` (default: the event's
    first language): every filled source text, or only those whose translation is missing."""
    form = TranslationExportForm(request.GET, languages=event.languages)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        return HttpResponseBadRequest(" ".join(errors), content_type="text/plain; charset=utf-8")
    source, target, file_format = (
        form.cleaned_data["source"],
        form.cleaned_data["lang"],
        form.cleaned_data["format"],
    )
    units = translation_units(
        event=event,
        source_lang=source,
        target_lang=target,
        only_missing=form.cleaned_data["only"] == MISSING,
    )
    if file_format == CSV:
        body = translations_csv(units=units, source_lang=source, target_lang=target)
    else:
        body = translations_xliff(
            units=units, source_lang=source, target_lang=target, original=event.slug
        )
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    filename = f"{event.slug}-{source}-{target}.{EXTENSIONS[file_format]}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@programme_manager_required
@require_POST
def translations_import_view(request, event: Event):
    """Write a translator's file back (all of it or nothing), then back to the page."""
    form = TranslationImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("programme_manage:translations", event_slug=event.slug)
    try:
        result = translations_import(
            event=event, data=form.cleaned_data["file"].read(), actor=request.user
        )
    except TranslationImportError as exc:
        messages.error(request, _("The file was not imported: %(error)s") % {"error": exc.message})
    else:
        if result.texts:
            messages.success(
                request,
                ngettext("%(count)d text imported.", "%(count)d texts imported.", result.texts)
                % {"count": result.texts},
            )
        else:
            messages.info(request, _("The file changes no text: nothing was written."))
    return redirect("programme_manage:translations", event_slug=event.slug)
