"""Domain events: how the domain apps tell the rest of the system what happened.

Services send them; subscribers elsewhere (the partner API's webhooks and caches, see
``api/receivers.py``; a registration's payments) react, so no sender imports its subscribers.

They are sent *inside* the service's transaction, not after the commit: a subscriber may
write rows that must commit or roll back with the change (the API records one webhook
delivery per endpoint as an outbox row, so a rolled-back publish notifies nobody and a
committed one is never forgotten). A subscriber with a side effect that leaves the machine
must defer it with ``transaction.on_commit`` (or ``forum.tasks.enqueue``, which does).

============================  ==================================  ================================
signal                        sent by (keyword arguments)         received by
============================  ==================================  ================================
``schedule_published``        ``sessions.services.schedule``      ``api.receivers``: webhook
                              ``schedule_publish`` (``event``,    ``schedule.published``; forget
                              ``version``)                        cached event heads
``endorsement_published``     ``outcomes.services.endorsements``  ``api.receivers``: webhook
                              when an endorsement becomes public  ``endorsement.published``
                              (``endorsement``)
``registration_changed``      ``registrations.services``          ``registrations.services``
                              ``.registrations``, on every state  ``.payments``: open payments
                              change and on creation              of a registration cancelled or
                              (``registration``, ``from_state``,  rejected while awaiting
                              ``to_state``, ``actor_label``)      payment are cancelled after
                                                                  the commit
``documents_changed``         ``documents.services.documents``    ``api.receivers``: webhook
                              when what the public sees of an     ``document.published`` (for
                              event's documents changes           ``published``); forget cached
                              (``event``, ``document``,           event heads
                              ``published``)
``pledge_published``          ``outcomes.services.pledges``       ``api.receivers``: webhook
                              when an organiser approves a text   ``pledge.published``
                              of a pledge (``pledge``,
                              ``revision``)
``event_capacity_changed``    ``events.services.events``          ``registrations.receivers``:
                              ``event_set_capacity`` (``event``,  new seats go to the waiting
                              ``previous``, ``user``)             lists at once
============================  ==================================  ================================
"""

from django.dispatch import Signal

# A new programme version was frozen and is public: ``event``, ``version`` (ScheduleVersion).
schedule_published = Signal()

# An endorsement of an outcome statement became public: ``endorsement``.
endorsement_published = Signal()

# A registration's state changed, or it was created (``from_state`` is then ""):
# ``registration``, ``from_state``, ``to_state``, ``actor_label`` (who: "registrant",
# "organiser", "system", …). Sent once per change, inside the transaction that made it.
registration_changed = Signal()

# An event's overall capacity changed, with the event row locked: ``event`` (saved with the new
# capacity), ``previous`` (the capacity before, None for no limit), ``user`` (who changed it).
event_capacity_changed = Signal()

# What the public sees of an event's documents changed (a public document published, a new
# file of it, its title, or it was withdrawn), with the event's documents revision already
# counted: ``event``, ``document``, ``published`` (True when the document is now public and
# its files are what partners should fetch).
documents_changed = Signal()

# An organiser approved a text of a signatory's pledge, which is now what the public sees (the
# first text, or an update): ``pledge``, ``revision`` (the approved PledgeRevision).
pledge_published = Signal()
