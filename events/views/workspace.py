"""The organiser's workspace for an event's settings and teams, under /manage/<event>/.

Pages get their event from ``event_permission_required`` (anyone without the flag for this
event gets a 404) and write only through events.services.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events.decorators import event_permission_required
from events.forms import (
    NEW_VENUE,
    AffiliationForm,
    EventSettingsForm,
    InviteForm,
    TeamCreateForm,
    TeamFlagsForm,
)
from events.models import Affiliation, Event, Organisation, Team
from events.selectors.organisations import organisation_list
from events.selectors.teams import affiliations_by_member, team_list_for_event
from events.services.affiliations import AffiliationError, affiliation_add, affiliation_remove
from events.services.events import EventError, event_update, venue_create, venue_update
from events.services.teams import (
    TeamError,
    team_create,
    team_invite,
    team_remove_member,
    team_set_flags,
)
from forum.forms import id_param, translated_initial

SETTINGS_FIELDS = [
    "start_date",
    "end_date",
    "timezone",
    "languages",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "max_delegation_size",
]


EVENT_TEXTS = ("name", "tagline", "description")
VENUE_TEXTS = ("name", "directions")


def _initial(event: Event) -> dict:
    """The form's initial values: times to the minute, as the form shows and returns them."""
    initial = {field: getattr(event, field) for field in SETTINGS_FIELDS}
    for field in ("registration_opens_at", "registration_closes_at"):
        if initial[field] is not None:
            initial[field] = initial[field].replace(second=0, microsecond=0)
    initial["venue"] = str(event.venue_id) if event.venue_id else ""
    initial["main_language"] = event.languages[0] if event.languages else ""
    initial.update(translated_initial(event, *EVENT_TEXTS))
    if event.venue_id:
        initial.update(translated_initial(event.venue, *VENUE_TEXTS, prefix="venue_"))
    return initial


def _edited_texts(form: EventSettingsForm, initial: dict, name: str) -> dict | None:
    """The posted {code: text} of the translated text ``name``, or None when no language
    changed."""
    texts = form.texts(name)
    if all(text == (initial.get(f"{name}_{code}") or "") for code, text in texts.items()):
        return None
    return texts


def _venue_error(form: EventSettingsForm, exc: EventError) -> None:
    """Show a venue service's refusal on the venue's column it names (``name_fr`` is the
    form's ``venue_name_fr``)."""
    field = f"venue_{exc.code}" if f"venue_{exc.code}" in form.fields else "venue"
    form.add_error(field, exc.message)


def _venue_save(request, event: Event, form: EventSettingsForm, initial: dict):
    """The venue the event is held at once saved: a new one, the current one with its edited
    name or directions, or another one chosen (whose texts the form did not show)."""
    data = form.cleaned_data
    if data["venue"] == NEW_VENUE:
        return venue_create(
            event=event,
            user=request.user,
            name=form.texts("venue_name"),
            directions=form.texts("venue_directions"),
            city=data["venue_city"],
            country=data["venue_country"],
            address=data["venue_address"],
        )
    venue = form.chosen_venue()
    if venue is None or venue.pk != event.venue_id:
        return venue
    edited = {
        field: texts
        for field in VENUE_TEXTS
        if (texts := _edited_texts(form, initial, f"venue_{field}")) is not None
    }
    if not edited:
        return venue
    return venue_update(event=event, venue=venue, user=request.user, **edited)


@event_permission_required("events.change_event")
def event_settings(request, event: Event):
    """Name, dates, time zone, languages, registration window, venue and capacities."""
    # Times of the registration window are typed and shown in the event's own time zone.
    with timezone.override(event.tzinfo):
        initial = _initial(event)
        form = EventSettingsForm(request.POST or None, initial=initial, event=event)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            changed = {f: data[f] for f in SETTINGS_FIELDS if data[f] != initial[f]}
            for name in EVENT_TEXTS:
                texts = _edited_texts(form, initial, name)
                if texts is not None:
                    changed[name] = texts
            try:
                with transaction.atomic():  # a refused update leaves the venue unchanged
                    try:
                        venue = _venue_save(request, event, form, initial)
                    except EventError as exc:
                        _venue_error(form, exc)
                        raise
                    # Only what was edited: a time shown to the minute keeps its seconds.
                    event_update(event=event, user=request.user, venue=venue, **changed)
            except EventError as exc:
                if not form.errors:
                    field = exc.code if exc.code in form.fields else None
                    form.add_error(field, exc.message)
            else:
                messages.success(request, _("The event settings have been saved."))
                return redirect("manage:event_settings", slug=event.slug)
        return render(
            request,
            "events/manage/event_settings.html",
            {"event": event, "form": form, "current": "settings", "NEW_VENUE": NEW_VENUE},
        )


def _members(teams: list[Team]) -> list:
    """Every member of ``teams`` once, by user name."""
    members = {member.pk: member for team in teams for member in team.members.all()}
    return sorted(members.values(), key=lambda member: member.username)


def _affiliation_form(teams: list[Team], data=None) -> AffiliationForm:
    return AffiliationForm(
        data,
        members=_members(teams),
        organisations=organisation_list().only("pk", "name"),
        prefix="affiliation",
    )


def _affiliation_post(request, event: Event, teams: list[Team]):
    """Add or remove an affiliation; returns what ``_team_post`` returns."""
    if request.POST.get("action") == "unaffiliate":
        affiliation = get_object_or_404(
            Affiliation.objects.select_related("user", "organisation"),
            event=event,
            pk=id_param(request.POST.get("affiliation")),
        )
        affiliation_remove(event=event, affiliation=affiliation, user=request.user)
        messages.success(
            request,
            _("%(person)s is no longer affiliated with %(organisation)s here.")
            % {
                "person": affiliation.user.get_username(),
                "organisation": affiliation.organisation.name,
            },
        )
        return None, True
    form = _affiliation_form(teams, request.POST)
    if form.is_valid():
        members = {member.pk: member for member in _members(teams)}
        organisation = Organisation.objects.filter(pk=form.cleaned_data["organisation"]).first()
        if organisation is None:
            form.add_error("organisation", _("This organisation does not exist (any more)."))
            return ("affiliate", form), False
        member = members[form.cleaned_data["member"]]
        try:
            affiliation_add(
                event=event, member=member, organisation=organisation, user=request.user
            )
        except AffiliationError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("%(person)s is affiliated with %(organisation)s at this event.")
                % {"person": member.get_username(), "organisation": organisation.name},
            )
            return None, True
    return ("affiliate", form), False


def _team_post(request, event: Event, teams: list[Team]):
    """Run the posted team action; returns (bound form to show again or None, done)."""
    action = request.POST.get("action")
    by_pk = {team.pk: team for team in teams}
    if action in ("affiliate", "unaffiliate"):
        return _affiliation_post(request, event, teams)
    if action == "create":
        form = TeamCreateForm(request.POST, prefix="new")
        if form.is_valid():
            try:
                team = team_create(
                    event=event,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    flags=form.flags(),
                )
            except TeamError as exc:
                form.add_error("name" if exc.code == "name" else None, exc.message)
            else:
                messages.success(request, _("Team “%(name)s” created.") % {"name": team.name})
                return None, True
        return ("create", form), False
    if action == "invite":
        form = InviteForm(request.POST, teams=teams, prefix="invite")
        if form.is_valid():
            try:
                person, created = team_invite(
                    event=event,
                    team=by_pk[form.cleaned_data["team"]],
                    user=request.user,
                    email=form.cleaned_data["email"],
                    language=get_language(),
                )
            except TeamError as exc:
                form.add_error("email" if exc.code == "email" else None, exc.message)
            else:
                message = (
                    _("%(email)s was invited; they will receive a link to choose a password.")
                    if created
                    else _("%(email)s was added to the team and told by email.")
                )
                messages.success(request, message % {"email": person.email})
                return None, True
        return ("invite", form), False
    team = by_pk.get(id_param(request.POST.get("team")))
    if team is None:
        messages.error(request, _("This team does not exist (any more)."))
        return None, True
    try:
        if action == "flags":
            form = TeamFlagsForm(request.POST, prefix=f"team-{team.pk}")
            if form.is_valid():
                team_set_flags(event=event, team=team, user=request.user, flags=form.flags())
                messages.success(
                    request, _("Permissions of “%(name)s” saved.") % {"name": team.name}
                )
        elif action == "remove":
            member = get_object_or_404(team.members.all(), pk=id_param(request.POST.get("member")))
            team_remove_member(event=event, team=team, user=request.user, member=member)
            messages.success(
                request,
                _("%(person)s was removed from “%(team)s”.")
                % {"person": member.email or member.get_username(), "team": team.name},
            )
    except TeamError as exc:
        messages.error(request, exc.message)
    return None, True


@event_permission_required("events.change_team")
def teams(request, event: Event):
    """The event's teams, their members and permissions; create, invite, set flags, remove."""
    team_rows = list(team_list_for_event(event=event))
    bound = None
    if request.method == "POST":
        bound, done = _team_post(request, event, team_rows)
        if done:
            return redirect("manage:teams", slug=event.slug)
    forms = {
        "create": TeamCreateForm(prefix="new"),
        "invite": InviteForm(teams=team_rows, prefix="invite"),
        "affiliate": None,
    }
    if bound is not None:
        which, form = bound
        forms[which] = form
    affiliation_form = forms["affiliate"] or _affiliation_form(team_rows)
    affiliations = affiliations_by_member(event=event)
    for team in team_rows:
        for member in team.members.all():
            member.affiliations_here = affiliations.get(member.pk, [])
    rows = [
        (
            team,
            TeamFlagsForm(
                prefix=f"team-{team.pk}",
                initial={flag: getattr(team, flag) for flag in TeamFlagsForm().fields},
            ),
        )
        for team in team_rows
    ]
    return render(
        request,
        "events/manage/teams.html",
        {
            "event": event,
            "rows": rows,
            "create_form": forms["create"],
            "invite_form": forms["invite"],
            "affiliation_form": affiliation_form,
            "current": "teams",
        },
    )
