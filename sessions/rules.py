"""Programme permissions: the event's organisers holding ``can_manage_programme``. Default deny."""

import rules

from events.rules import holds, is_superuser

can_manage_programme = is_superuser | holds("can_manage_programme")

# The timetable, conflicts and publishing under /manage/<event>/.
rules.add_perm("programme.manage_programme", can_manage_programme)

# The call for side events: its settings, every proposal with its proposer, the decisions.
rules.add_perm("programme.manage_proposals", can_manage_programme)
# Scoring proposals (of the reviewer's tracks, never their own organisation's).
can_review_proposals = holds("can_review_proposals")
rules.add_perm("programme.review_proposals", can_review_proposals)

# The admin: the app, then each model's rows (scoped to the organiser's events).
rules.add_perm("programme", can_manage_programme)
for model in ("room", "track", "session", "speaker", "sessionrole"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"programme.{action}_{model}", can_manage_programme)

# Versions are made only by publishing and never edited: read-only in the admin.
rules.add_perm("programme.view_scheduleversion", can_manage_programme)
for action in ("add", "change", "delete"):
    rules.add_perm(f"programme.{action}_scheduleversion", rules.always_deny)
