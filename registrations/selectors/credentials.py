"""Reads of nomination letters: the organisers' queue, one registration's letters (for its
organisers' page and for the registrant's own page) and the latest letter's state per
registration (the export). Each costs a fixed number of queries, whatever the number of
letters or of the people they name.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, When

from events.models import Event
from registrations.enums import LetterState
from registrations.models import NominationLetter, Registration

# The queue's filter: a letter state, or every letter.
QUEUE_ALL = "all"


def _named_registrations() -> Prefetch:
    return Prefetch(
        "registrations",
        queryset=Registration.objects.select_related("category").order_by(
            "family_name", "given_name", "pk"
        ),
    )


def letter_queue(*, event: Event, state: str = QUEUE_ALL) -> QuerySet[NominationLetter]:
    """The letters of ``event`` to check: pending ones first (oldest first, the order they
    came in), then decided ones (latest decision first); ``state`` narrows to one state.

    With the people each names and their categories: three queries per page (the letters,
    the people, through ``prefetch_related``), plus the paginator's count.
    """
    letters = NominationLetter.objects.filter(event=event)
    if state != QUEUE_ALL:
        letters = letters.filter(state=state)
    return (
        letters.select_related("organisation", "focal_point", "uploaded_by", "decided_by")
        .prefetch_related(_named_registrations())
        .annotate(
            pending_first=Case(
                When(state=LetterState.PENDING, then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by("pending_first", "-decided_at", "uploaded_at", "pk")
    )


def letters_pending_count(*, event: Event) -> int:
    """How many of ``event``'s letters wait for an organiser (one query)."""
    return NominationLetter.objects.filter(event=event, state=LetterState.PENDING).count()


def letters_for_registration(*, registration: Registration) -> list[NominationLetter]:
    """The letters naming ``registration``, newest first, with everyone each names (for
    organisers: two queries)."""
    return list(
        registration.nomination_letters.select_related("focal_point", "uploaded_by", "decided_by")
        .prefetch_related(_named_registrations())
        .order_by("-uploaded_at", "-pk")
    )


@dataclass(frozen=True)
class RegistrantLetter:
    """What a registrant sees of a letter naming them: never the other people it names,
    only how many there are (and the file's name only when the letter names them alone)."""

    state: str
    state_label: str
    reason: str
    uploaded_at: datetime
    filename: str
    others: int


def letters_for_registrant(*, registration: Registration) -> list[RegistrantLetter]:
    """The letters naming ``registration``, newest first, as its registrant may see them
    (one query)."""
    # A fresh query rather than the related manager: its join would narrow the count to 1.
    letters = (
        NominationLetter.objects.filter(pk__in=registration.nomination_letters.values("pk"))
        .annotate(named=Count("registrations"))
        .order_by("-uploaded_at", "-pk")
        .only("state", "reason", "uploaded_at", "filename")
    )
    return [
        RegistrantLetter(
            state=letter.state,
            state_label=letter.get_state_display(),
            reason=letter.reason,
            uploaded_at=letter.uploaded_at,
            filename=letter.filename if letter.named == 1 else "",
            others=letter.named - 1,
        )
        for letter in letters
    ]


def latest_letter_state() -> Subquery:
    """For an annotation of a registrations queryset: the state of the latest letter naming
    each registration (None without one), inside the same query."""
    return Subquery(
        NominationLetter.objects.filter(registrations=OuterRef("pk"))
        .order_by("-uploaded_at", "-pk")
        .values("state")[:1]
    )
