"""Public statement pages, the emailed endorsement link, and the participant's pages
(reached through the registration's secret manage link)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from events.enums import WORKING_LANGUAGES
from events.selectors.events import event_get_for_viewer
from forum.published import version_etag
from forum.ratelimit import hit, ratelimit
from outcomes.charts import region_chart, timeline_chart
from outcomes.enums import PROVEN_METHODS, EndorsementState, PledgeStatus, StatementState
from outcomes.forms.statements import (
    CommentForm,
    DelegationEndorseForm,
    PublicEndorseForm,
    WithdrawForm,
)
from outcomes.models import Statement
from outcomes.regions import REGIONS
from outcomes.selectors.endorsements import (
    endorsement_for_participant,
    endorsement_list_public,
    endorsing_organisations,
    signatories_for_page,
)
from outcomes.selectors.pledge_moderation import pledge_rows_for_signatory
from outcomes.selectors.pledges import pledge_progress
from outcomes.selectors.sources import sources_by_section
from outcomes.selectors.statements import (
    statement_get_public,
    statement_list_for_participant,
    statement_list_public,
    version_list,
)
from outcomes.services import OutcomeError
from outcomes.services.comments import comment_create
from outcomes.services.endorsements import (
    endorsement_by_delegation,
    endorsement_confirm,
    endorsement_get_by_token,
    endorsement_may_endorse_by_delegation,
    endorsement_may_withdraw,
    endorsement_submit,
    endorsement_withdraw,
)
from outcomes.services.pledges import pledge_may_add
from outcomes.text import sections_split, text_diff
from registrations.enums import RegistrationState
from registrations.selectors.registrations import delegation_headed_by
from registrations.services.registrations import registration_get_by_token


def _ui_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _text_language(request) -> str:
    requested = request.GET.get("text", "")
    return requested if requested in WORKING_LANGUAGES else _ui_language()


# --- Public pages ----------------------------------------------------------------------------


@require_safe
def statement_list(request, event_slug: str):
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    statements = list(statement_list_public(event=event))
    return render(
        request, "outcomes/statement_list.html", {"event": event, "statements": statements}
    )


def _statement(request, event_slug: str, slug: str) -> tuple:
    event = event_get_for_viewer(slug=event_slug, user=request.user)
    statement = statement_get_public(event=event, slug=slug, user=request.user)
    statement.event = event
    version = statement.adopted_version or statement.versions.order_by("-number").first()
    return event, statement, version


@require_safe
def statement_detail(request, event_slug: str, slug: str):
    """The adopted text in the reader's language (or the first working language that has
    it, saying so), the adoption date, the signatories with filters and counts, two charts."""
    event, statement, version = _statement(request, event_slug, slug)
    requested = _text_language(request)
    language, text = version.text_for(requested, event.languages)
    country = request.GET.get("country", "").strip().upper()[:2]
    region = request.GET.get("region", "")
    region = region if region in REGIONS else ""
    signatories = signatories_for_page(statement=statement, country=country, region=region)
    today = timezone.localdate()
    sources = sources_by_section(
        version=version, language=language, event=event, published_only=True
    )
    return render(
        request,
        "outcomes/statement_detail.html",
        {
            "event": event,
            "statement": statement,
            "version": version,
            "language": language,
            "requested": requested,
            "fallback": language != requested,
            "sections": [(s, sources.get(s.anchor, [])) for s in sections_split(text)],
            "signatories": signatories,
            "country": country,
            "region": region,
            "regions": REGIONS,
            "timeline": timeline_chart(
                dates=signatories.dates, start=statement.adopted_on, today=today
            ),
            "bars": region_chart(by_region=signatories.by_region),
            "filtered": bool(country or region),
            "progress": pledge_progress(
                statement=statement, today=timezone.localdate(timezone=event.tzinfo)
            )
            if statement.is_public
            else [],
            "pledge_statuses": PledgeStatus.choices,
        },
    )


@require_safe
def statement_changes(request, event_slug: str, slug: str):
    """Differences between two versions in one language (<ins>/<del>)."""
    event, statement, _version = _statement(request, event_slug, slug)
    versions = version_list(statement=statement)
    by_number = {v.number: v for v in versions}
    if not versions:  # pragma: no cover - every statement starts with a version
        raise Http404
    newest, oldest = versions[0].number, versions[-1].number
    try:
        new = by_number[int(request.GET.get("to", newest))]
        old = by_number[int(request.GET.get("from", max(oldest, new.number - 1)))]
    except (KeyError, ValueError) as exc:
        raise Http404 from exc
    language = _text_language(request)
    return render(
        request,
        "outcomes/statement_changes.html",
        {
            "event": event,
            "statement": statement,
            "versions": versions,
            "old": old,
            "new": new,
            "language": language,
            "text_languages": WORKING_LANGUAGES,
            "lines": text_diff(old.text(language), new.text(language)),
        },
    )


@require_safe
def statement_pdf_view(request, event_slug: str, slug: str):
    """The adopted text and its public signatories; a strong ETag changes with either."""
    event, statement, version = _statement(request, event_slug, slug)
    if not statement.is_public:
        raise Http404
    requested = _text_language(request)
    language, text = version.text_for(requested, event.languages)
    stamp = statement.endorsements.aggregate(n=Count("pk"), last=Max("updated_at"))
    today = timezone.localdate()
    etag = version_etag(
        event_id=event.pk,
        number=version.number,
        variant=f"statement-pdf:{statement.pk}:{language}:{statement.updated_at.isoformat()}:"
        f"{stamp['n']}:{stamp['last']}:{today}",
    )
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    from outcomes.pdf import statement_pdf  # fpdf2 (~30 MB) loads with the first PDF

    body = statement_pdf(
        statement=statement,
        language=language,
        text=text,
        endorsements=list(endorsement_list_public(statement=statement)),
        generated_on=today,
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["ETag"] = etag
    response["Content-Disposition"] = f'inline; filename="{statement.slug}-{language}.pdf"'
    response["Content-Language"] = language
    return response


def _endorsement_email_allowed(form) -> bool:
    """At most FORUM_ENDORSEMENT_EMAIL_RATE confirmation emails to one address."""
    email = form.cleaned_data["email"].strip().lower()
    if hit(f"endorse:email:{email}", rate=settings.FORUM_ENDORSEMENT_EMAIL_RATE).allowed:
        return True
    form.add_error(
        "email",
        _("Too many confirmation emails went to this address: please try again later."),
    )
    return False


@ratelimit("endorse", rate=lambda: settings.FORUM_ENDORSEMENT_ADDRESS_RATE)
def statement_endorse(request, event_slug: str, slug: str):
    """The public form: anyone proposes an endorsement, confirmed through an emailed link."""
    event, statement, _version = _statement(request, event_slug, slug)
    if not statement.is_public:
        raise Http404
    organisations = endorsing_organisations(statement=statement)
    form = PublicEndorseForm(
        request.POST or None,
        organisations=organisations,
        initial={"language": _ui_language()},
    )
    if (
        request.method == "POST"
        and statement.is_open
        and form.is_valid()
        and _endorsement_email_allowed(form)
    ):
        data = form.cleaned_data
        try:
            endorsement, _token = endorsement_submit(
                statement=statement,
                organisation=data["organisation"],
                honorific=data["honorific"],
                signatory_name=data["signatory_name"],
                signatory_title=data["signatory_title"],
                email=data["email"],
                language=data["language"],
            )
        except OutcomeError as exc:
            form.add_error(
                "organisation" if exc.code in ("duplicate", "kind") else None, exc.message
            )
        else:
            if endorsement.method in PROVEN_METHODS and not statement.requires_approval:
                message = _(
                    "Thank you. We have emailed a link to the signatory: the endorsement "
                    "counts once they confirm it."
                )
            else:
                message = _(
                    "Thank you. We have emailed a link to the signatory: once they confirm "
                    "it, the endorsement counts when the organisers approve it."
                )
            messages.success(request, message)
            return redirect("outcomes:statement", event_slug=event.slug, slug=statement.slug)
    return render(
        request,
        "outcomes/statement_endorse.html",
        {"event": event, "statement": statement, "form": form},
    )


@never_cache
def endorsement_link(request, token: str):
    """The signatory's link: confirm (POST, so mail scanners' GETs change nothing), then
    withdraw with a reason."""
    endorsement = endorsement_get_by_token(token=token)
    if endorsement is None:
        return render(request, "outcomes/endorsement_link_invalid.html", status=404)
    action = request.POST.get("action")
    withdraw_form = WithdrawForm(request.POST if action == "withdraw" else None)
    try:
        if action == "confirm":
            endorsement = endorsement_confirm(token=token)
            if endorsement.is_public:
                messages.success(request, _("Thank you: your endorsement is now public."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your endorsement is confirmed and awaits the organisers’ approval."
                    ),
                )
            return redirect("outcomes:endorsement_link", token=token)
        if action == "withdraw" and withdraw_form.is_valid():
            endorsement_withdraw(
                endorsement=endorsement,
                actor_label="signatory",
                reason=withdraw_form.cleaned_data["reason"],
            )
            messages.success(request, _("The endorsement has been withdrawn."))
            return redirect("outcomes:endorsement_link", token=token)
    except OutcomeError as exc:
        messages.error(request, exc.message)
        return redirect("outcomes:endorsement_link", token=token)
    expired = (
        endorsement.state == EndorsementState.UNVERIFIED
        and endorsement.token_expires_at is not None
        and endorsement.token_expires_at <= timezone.now()
    )
    return render(
        request,
        "outcomes/endorsement_link.html",
        {
            "endorsement": endorsement,
            "statement": endorsement.statement,
            "event": endorsement.statement.event,
            "expired": expired,
            "withdraw_form": withdraw_form,
            "EndorsementState": EndorsementState,
            "token": token,
            "pledge_rows": pledge_rows_for_signatory(endorsement=endorsement),
            "pledges_may_add": pledge_may_add(endorsement=endorsement),
        },
    )


# --- Participants, through their registration link ----------------------------------------------


@never_cache
def participant_statements(request, token: str):
    """Comment on statements in consultation; a confirmed head of delegation endorses in one
    step. Only the participant's own comments and the organisers' answers are shown."""
    registration = registration_get_by_token(token=token)
    if registration is None:
        return render(request, "registrations/manage_link_invalid.html", status=404)
    language = _text_language(request)
    items = statement_list_for_participant(registration=registration, language=language)
    by_pk = {item.statement.pk: item for item in items}
    action = request.POST.get("action")
    item = by_pk.get(_int(request.POST.get("statement")))
    delegation = delegation_headed_by(registration=registration)
    is_head = delegation is not None and registration.state == RegistrationState.CONFIRMED
    here = reverse("outcomes:participant", kwargs={"token": token})
    if request.method == "POST" and item is None:
        messages.error(request, _("This statement is not open to you any more."))
        return redirect(here)
    forms_by_statement = {}
    try:
        if action == "comment":
            form = CommentForm(request.POST)
            if form.is_valid():
                comment_create(
                    statement=item.statement,
                    registration=registration,
                    language=item.language,
                    section=form.cleaned_data["section"],
                    body=form.cleaned_data["body"],
                )
                messages.success(request, _("Thank you: your comment has been sent."))
                return redirect(
                    f"{here}?text={item.language}#section-{form.cleaned_data['section']}"
                )
            messages.error(request, _("Write your comment before sending it."))
            return redirect(f"{here}?text={item.language}#section-{form.data.get('section', '')}")
        if action == "endorse":
            form = DelegationEndorseForm(request.POST, prefix=f"s{item.statement.pk}")
            if form.is_valid():
                endorsement = endorsement_by_delegation(
                    statement=item.statement,
                    registration=registration,
                    honorific=form.cleaned_data["honorific"],
                    signatory_name=form.cleaned_data["signatory_name"],
                    signatory_title=form.cleaned_data["signatory_title"],
                )
                if endorsement.is_public:
                    messages.success(request, _("Thank you: your endorsement is now public."))
                else:
                    messages.success(
                        request,
                        _("Thank you: your endorsement awaits the organisers’ approval."),
                    )
                return redirect(here)
            forms_by_statement[item.statement.pk] = form
        if action == "withdraw":
            form = WithdrawForm(request.POST, prefix=f"w{item.statement.pk}")
            endorsement = endorsement_for_participant(
                statement=item.statement, organisation_id=registration.organisation_id
            )
            if endorsement is None:
                raise OutcomeError(_("Only the signatory can withdraw this endorsement."))
            if form.is_valid():
                endorsement_withdraw(
                    endorsement=endorsement,
                    actor_label="signatory",
                    reason=form.cleaned_data["reason"],
                    registration=registration,
                )
                messages.success(request, _("The endorsement has been withdrawn."))
                return redirect(here)
            forms_by_statement[f"w{item.statement.pk}"] = form
    except OutcomeError as exc:
        messages.error(request, exc.message)
        return redirect(here)
    cards = []
    for entry in items:
        card = {"item": entry, "endorsement": None, "endorse_form": None, "withdraw_form": None}
        if entry.statement.state == StatementState.CONSULTATION:
            sources = sources_by_section(
                version=entry.version,
                language=entry.language,
                event=registration.event,
                published_only=True,
            )
            card["section_rows"] = [
                (section, comments, sources.get(section.anchor, []))
                for section, comments in entry.section_rows
            ]
        if entry.statement.state == StatementState.OPEN:
            endorsement = endorsement_for_participant(
                statement=entry.statement,
                organisation_id=delegation.organisation_id if is_head else None,
            )
            card["endorsement"] = endorsement
            if endorsement_may_endorse_by_delegation(
                statement=entry.statement, registration=registration, live=endorsement
            ):
                card["endorse_form"] = forms_by_statement.get(entry.statement.pk) or (
                    DelegationEndorseForm(
                        prefix=f"s{entry.statement.pk}",
                        initial={
                            "honorific": registration.honorific,
                            "signatory_name": f"{registration.given_name} {registration.family_name}",
                            "signatory_title": registration.position,
                        },
                    )
                )
            if endorsement is not None and endorsement_may_withdraw(
                endorsement=endorsement, registration=registration
            ):
                card["withdraw_form"] = forms_by_statement.get(
                    f"w{entry.statement.pk}"
                ) or WithdrawForm(prefix=f"w{entry.statement.pk}")
        cards.append(card)
    return render(
        request,
        "outcomes/participant_statements.html",
        {
            "registration": registration,
            "event": registration.event,
            "cards": cards,
            "token": token,
            "language": language,
            "is_head": is_head,
            "delegation": delegation,
            "EndorsementState": EndorsementState,
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


__all__ = ["Statement"]
