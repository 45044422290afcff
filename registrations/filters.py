"""Filters for the organiser's registration list and export (the same filters drive both)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import Event
from forum.forms import SearchInput
from registrations.enums import (
    HeadOfDelegationClaim,
    Participation,
    QuestionKind,
    RegistrationState,
)
from registrations.models import Answer, Question, Registration
from registrations.selectors.registrations import (
    category_choices_for_event,
    delegation_choices_for_event,
    organisation_choices_for_event,
)
from registrations.services.questions import NO, YES

# The participation filter's values: each mode, and online registrants waiting for a seat.
WAITING_FOR_SEAT = "waiting_for_seat"
PARTICIPATION_CHOICES = [
    *Participation.choices,
    (WAITING_FOR_SEAT, _("Online, waiting for an in-person seat")),
]


class RegistrationFilter(django_filters.FilterSet):
    """Search and narrow one event's registrations. Choices are limited to that event."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name, email, reference or organisation."),
        widget=SearchInput,
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=RegistrationState.choices, empty_label=_("Any state")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=None, empty_label=_("Any category")
    )
    nationality = django_filters.ChoiceFilter(
        label=_("Country (nationality)"), choices=countries, empty_label=_("Any country")
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=None, empty_label=_("Any organisation")
    )
    delegation = django_filters.ModelChoiceFilter(
        label=_("Delegation"), queryset=None, empty_label=_("Any delegation")
    )
    head_of_delegation = django_filters.ChoiceFilter(
        label=_("Head of delegation"),
        choices=[c for c in HeadOfDelegationClaim.choices if c[0]],
        empty_label=_("Anyone"),
    )
    participation = django_filters.ChoiceFilter(
        label=_("Participation"),
        choices=PARTICIPATION_CHOICES,
        empty_label=_("In person or online"),
        method="participating",
    )

    class Meta:
        model = Registration
        fields = [
            "q",
            "state",
            "category",
            "nationality",
            "organisation",
            "delegation",
            "head_of_delegation",
            "participation",
        ]

    def __init__(self, data=None, queryset=None, *, event: Event, questions=(), **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["category"].queryset = category_choices_for_event(event=event)
        self.filters["organisation"].queryset = organisation_choices_for_event(event=event)
        self.filters["delegation"].queryset = delegation_choices_for_event(event=event)
        for question in questions:
            answer_filter = question_filter(question)
            if answer_filter is not None:
                answer_filter.parent = self
                self.filters[answer_filter.field_name] = answer_filter

    def search(self, queryset: QuerySet[Registration], name: str, value: str):
        """Every word must match a name, the email, the reference or the organisation."""
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
                | Q(reference__iexact=word)
                | Q(organisation__name__icontains=word)
                | Q(organisation__short_name__iexact=word)
                | Q(organisation_name_new__icontains=word)
            )
        return queryset

    def participating(self, queryset: QuerySet[Registration], name: str, value: str):
        """A mode (the place held or waited for), or the online registrants who asked for an
        in-person seat and wait for one."""
        if value == WAITING_FOR_SEAT:
            return queryset.filter(in_person_requested_at__isnull=False)
        return queryset.filter(participation=value)


def question_filter(question: Question) -> django_filters.ChoiceFilter | None:
    """A filter ``q<question id>`` on the answers to a choice, multiple-choice or yes/no
    question (an option's id, or yes/no); None for other kinds. Retired options stay
    choosable: old answers chose them."""
    if question.has_options:
        choices = [(str(o.pk), str(o.display_label)) for o in question.options.all()]
    elif question.kind == QuestionKind.BOOLEAN:
        choices = [(YES, _("Yes")), (NO, _("No"))]
    else:
        return None

    def answered(queryset: QuerySet[Registration], name: str, value: str):
        answers = Answer.objects.filter(question_id=question.pk)
        if question.has_options:
            answers = answers.filter(options__pk=int(value))
        else:
            answers = answers.filter(value=value == YES)
        return queryset.filter(pk__in=answers.values("registration_id"))

    return django_filters.ChoiceFilter(
        field_name=f"q{question.pk}",
        label=question.display_label,
        choices=choices,
        empty_label=_("Any answer"),
        method=answered,
    )
