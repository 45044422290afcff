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
from events.forms import NEW_VENUE, EventSettingsForm, InviteForm, TeamCreateForm, TeamFlagsForm
from events.models import Event, Team
from events.selectors.teams import team_list_for_event
from events.services.events import EventError, event_update, venue_create
from events.services.teams import (
    TeamError,
    team_create,
    team_invite,
    team_remove_member,
    team_set_flags,
)
from forum.forms import id_param

SETTINGS_FIELDS = [
    "name",
    "tagline",
    "description",
    "start_date",
    "end_date",
    "timezone",
    "languages",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "max_delegation_size",
]


def _initial(event: Event) -> dict:
    """The form's initial values: times to the minute, as the form shows and returns them."""
    initial = {field: getattr(event, field) for field in SETTINGS_FIELDS}
    for field in ("registration_opens_at", "registration_closes_at"):
        if initial[field] is not None:
            initial[field] = initial[field].replace(second=0, microsecond=0)
    initial["venue"] = str(event.venue_id) if event.venue_id else ""
    return initial


@event_permission_required("events.change_event")
def event_settings(request, event: Event):
    """Name, dates, time zone, languages, registration window, venue and capacities."""
    # Times of the registration window are typed and shown in the event's own time zone.
    with timezone.override(event.tzinfo):
        initial = _initial(event)
        form = EventSettingsForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            # Check boxes come in the page's order: keep the languages' precedence.
            kept = [code for code in event.languages if code in data["languages"]]
            data["languages"] = kept + [c for c in data["languages"] if c not in kept]
            try:
                with transaction.atomic():  # a refused update leaves no new venue behind
                    if data["venue"] == NEW_VENUE:
                        venue = venue_create(
                            event=event,
                            user=request.user,
                            name=data["venue_name"],
                            city=data["venue_city"],
                            country=data["venue_country"],
                            address=data["venue_address"],
                        )
                    else:
                        venue = form.chosen_venue()
                    # Only what was edited: a time shown to the minute keeps its seconds.
                    event_update(
                        event=event,
                        user=request.user,
                        venue=venue,
                        **{f: data[f] for f in SETTINGS_FIELDS if data[f] != initial[f]},
                    )
            except EventError as exc:
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


def _team_post(request, event: Event, teams: list[Team]):
    """Run the posted team action; returns (bound form to show again or None, done)."""
    action = request.POST.get("action")
    by_pk = {team.pk: team for team in teams}
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
    create_form = TeamCreateForm(prefix="new")
    invite_form = InviteForm(teams=team_rows, prefix="invite")
    if bound is not None:
        which, form = bound
        create_form, invite_form = (form, invite_form) if which == "create" else (create_form, form)
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
            "create_form": create_form,
            "invite_form": invite_form,
            "current": "teams",
        },
    )
