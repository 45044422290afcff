"""Document permissions: the event's organisers holding ``can_manage_programme``. Default deny."""

import rules

from events.rules import holds, is_superuser

can_manage_documents = is_superuser | holds("can_manage_programme")

# The organiser pages under /manage/<event>/documents/.
rules.add_perm("documents.manage_documents", can_manage_documents)

# The admin shows the records read-only: files go through the upload checks and the services.
rules.add_perm("documents", can_manage_documents)
for model in ("document", "documentfile"):
    rules.add_perm(f"documents.view_{model}", can_manage_documents)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"documents.{action}_{model}", rules.always_deny)
