"""Who may do what, per event. Default deny.

A user's team flags are read once per request (cached on the user object) so checking many
objects costs one query, not one per check.
"""

import rules

TEAM_PERMISSIONS = (
    "can_change_event",
    "can_change_teams",
    "can_manage_programme",
    "can_manage_registrations",
    "can_view_personal_data",
    "can_manage_outcomes",
    "can_review_proposals",
)
ORGANISER = "organiser"


def event_permissions(user) -> dict[int, frozenset[str]]:
    """Map event id -> the permission flags ``user`` holds there (through any team)."""
    cached = getattr(user, "_forum_event_permissions", None)
    if cached is not None:
        return cached
    perms: dict[int, set[str]] = {}
    if user.is_authenticated and user.is_active:
        for row in user.teams.values("event_id", *TEAM_PERMISSIONS):
            held = perms.setdefault(row["event_id"], {ORGANISER})
            held.update(flag for flag in TEAM_PERMISSIONS if row[flag])
    cached = {event_id: frozenset(flags) for event_id, flags in perms.items()}
    user._forum_event_permissions = cached
    return cached


def organised_event_ids(user, flag: str = ORGANISER) -> list[int]:
    return [eid for eid, flags in event_permissions(user).items() if flag in flags]


def event_id_of(obj, depth: int = 3) -> int | None:
    """The event a row belongs to: itself, its ``event``, or its parent's through required
    foreign keys (a statement version's statement, a refund's payment's registration)."""
    if obj is None:
        return None
    if obj._meta.label == "events.Event":
        return obj.pk
    if hasattr(obj, "event_id"):
        return obj.event_id
    if depth:
        for field in obj._meta.concrete_fields:
            if field.many_to_one and not field.null and getattr(obj, field.attname) is not None:
                event_id = event_id_of(getattr(obj, field.name), depth - 1)
                if event_id is not None:
                    return event_id
    return None


def holds(flag: str):
    """Predicate: the user holds ``flag`` for the object's event (any event when obj is None)."""

    @rules.predicate(name=f"holds_{flag}")
    def predicate(user, obj=None) -> bool:
        if obj is None:
            return bool(organised_event_ids(user, flag))
        return flag in event_permissions(user).get(event_id_of(obj), ())

    return predicate


is_superuser = rules.is_superuser
is_organiser = holds(ORGANISER)


@rules.predicate
def is_any_organiser(user) -> bool:
    return bool(event_permissions(user))


rules.add_perm("events", is_superuser | is_any_organiser)

rules.add_perm("events.view_event", is_superuser | is_organiser)
rules.add_perm("events.change_event", is_superuser | holds("can_change_event"))
rules.add_perm("events.add_event", is_superuser)
rules.add_perm("events.delete_event", is_superuser)

# Teams list their members and what each may do: for those who may change them.
rules.add_perm("events.view_team", is_superuser | holds("can_change_teams"))
rules.add_perm("events.add_team", is_superuser | holds("can_change_teams"))
rules.add_perm("events.change_team", is_superuser | holds("can_change_teams"))
rules.add_perm("events.delete_team", is_superuser | holds("can_change_teams"))

# Organisations and venues are shared between editions: any organiser may add and correct
# them; deleting one (it may carry years of history) is for administrators.
for model in ("organisation", "venue"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"events.{action}_{model}", is_superuser | is_any_organiser)
    rules.add_perm(f"events.delete_{model}", is_superuser)


# The organisation directory under /manage/organisations/: listing, adding and correcting an
# organisation is for whoever may change the settings of at least one event. Its official email
# domains certify who speaks for it (an address there signs for the city): administrators only.
@rules.predicate
def changes_any_event(user) -> bool:
    return bool(organised_event_ids(user, "can_change_event"))


rules.add_perm("events.manage_organisations", is_superuser | changes_any_event)
rules.add_perm("events.certify_organisation_domains", is_superuser)

# Organiser pages under /manage/<event>/.
rules.add_perm("events.manage_event", is_superuser | is_organiser)

# The event's audit log: for those who run the secretariat (event settings or teams).
rules.add_perm(
    "events.view_auditentry",
    is_superuser | holds("can_change_event") | holds("can_change_teams"),
)
