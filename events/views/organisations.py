"""The organisation directory under /manage/organisations/, shared by every event.

Open to whoever may change the settings of at least one event (``events.manage_organisations``;
anyone else logged in gets a 403, like the organiser area's start page). Official email domains
are set and changed only by those holding ``events.certify_organisation_domains``; others see
them read-only. Writes go through events.services.organisations.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from events.forms import OrganisationFilterForm, OrganisationForm
from events.models import Organisation
from events.selectors.organisations import organisation_list
from events.services.organisations import (
    OrganisationError,
    organisation_create,
    organisation_update,
)

ORGANISATIONS_PAGE_SIZE = 50
FIELDS = ("name", "short_name", "kind", "country", "locality", "website", "official_domains")


def directory_permission_required(view):
    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("events.manage_organisations"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@directory_permission_required
def organisation_directory(request):
    """Every organisation: search, filter by kind, 50 a page."""
    filters = OrganisationFilterForm(request.GET)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = organisation_list(
        search=(criteria.get("q") or "").strip(), kind=criteria.get("kind") or ""
    )
    page = Paginator(rows, ORGANISATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/manage/organisations_list.html",
        {"filters": filters, "page": page},
    )


def _save(request, form, organisation: Organisation | None):
    """Run the service with the form's values; returns the organisation, or None when refused."""
    values = {f: form.cleaned_data[f] for f in FIELDS if f in form.fields}
    try:
        if organisation is None:
            return organisation_create(user=request.user, **values)
        return organisation_update(organisation=organisation, user=request.user, **values)
    except OrganisationError as exc:
        form.add_error(exc.code if exc.code in form.fields else None, exc.message)
        return None


def _form_page(request, form, organisation: Organisation | None, certify: bool):
    return render(
        request,
        "events/manage/organisation_form.html",
        {"form": form, "organisation": organisation, "may_certify_domains": certify},
    )


@directory_permission_required
def organisation_new(request):
    certify = request.user.has_perm("events.certify_organisation_domains")
    form = OrganisationForm(request.POST or None, certify_domains=certify)
    if request.method == "POST" and form.is_valid():
        organisation = _save(request, form, None)
        if organisation is not None:
            messages.success(request, _("“%(name)s” was added.") % {"name": organisation.name})
            return redirect("manage:organisation_edit", pk=organisation.pk)
    return _form_page(request, form, None, certify)


@directory_permission_required
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    certify = request.user.has_perm("events.certify_organisation_domains")
    initial = {f: getattr(organisation, f) for f in FIELDS}
    initial["country"] = organisation.country.code
    form = OrganisationForm(request.POST or None, initial=initial, certify_domains=certify)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, organisation) is not None
    ):
        messages.success(request, _("“%(name)s” was saved.") % {"name": organisation.name})
        return redirect("manage:organisation_edit", pk=organisation.pk)
    return _form_page(request, form, organisation, certify)
