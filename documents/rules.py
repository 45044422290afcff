"""Documents permissions: the event's organisers holding ``can_manage_programme`` manage its
documents (the programme's people handle papers and presentations). Default deny."""

import rules

from events.rules import holds, is_superuser

can_manage_documents = is_superuser | holds("can_manage_programme")

# The documents workspace under /manage/<event>/documents/.
rules.add_perm("documents.manage_documents", can_manage_documents)
