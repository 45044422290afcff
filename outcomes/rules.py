"""Outcome permissions: the event's organisers holding ``can_manage_outcomes``. Default deny."""

import rules

from events.rules import holds, is_superuser

can_manage_outcomes = is_superuser | holds("can_manage_outcomes")

# The organiser pages under /manage/<event>/statements/.
rules.add_perm("outcomes.manage_outcomes", can_manage_outcomes)

# The admin shows the records read-only: every change goes through the organiser pages'
# services (states, versions, endorsements are never edited in place).
rules.add_perm("outcomes", can_manage_outcomes)
for model in ("statement", "statementversion", "statementtransition", "comment", "endorsement"):
    rules.add_perm(f"outcomes.view_{model}", can_manage_outcomes)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"outcomes.{action}_{model}", rules.always_deny)
