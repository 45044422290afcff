"""Forms of the organisers' proposal pages: the overview's filters and bulk decision, and a
proposal's decision, duplicate and organisation forms. They validate shape; the services in
``sessions.services.decisions`` decide."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from events.models import Event, Organisation
from forum.content import CONTENT_LANGUAGES
from forum.forms import LongSelect, ModelMultipleIdChoiceField, SearchInput
from sessions.enums import PROPOSAL_DECISIONS, ProposalState
from sessions.models import Proposal, Track
from sessions.models.proposals import proposal_format_choices
from sessions.selectors.decisions import OVERVIEW_STATES
from sessions.services.decisions import NOTE_MAX_LENGTH

DECISION_CHOICES = [(state.value, state.label) for state in PROPOSAL_DECISIONS]


class ProposalFilter(django_filters.FilterSet):
    """Narrow one event's proposals. Choices are limited to that event."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Title, reference or organisation."),
        widget=SearchInput,
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[(state.value, state.label) for state in OVERVIEW_STATES],
        empty_label=_("Any state"),
    )
    track = django_filters.ChoiceFilter(
        label=_("Track"), field_name="track_id", empty_label=_("Any track")
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"), choices=proposal_format_choices, empty_label=_("Any format")
    )
    organisation = django_filters.ChoiceFilter(
        label=_("Organisation"),
        method="by_organisation",
        choices=[("pending", _("New, to review")), ("directory", _("In the directory"))],
        empty_label=_("Any organisation"),
    )
    duplicates = django_filters.ChoiceFilter(
        label=_("Duplicates"),
        method="by_duplicates",
        choices=[
            ("marked", _("Marked as a duplicate")),
            ("with", _("With duplicates")),
            ("none", _("Neither")),
        ],
        empty_label=_("With or without"),
    )

    class Meta:
        model = Proposal
        fields = ["q", "state", "track", "format", "organisation", "duplicates"]

    def __init__(self, data=None, queryset=None, *, tracks: list[Track], **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        # Choices from the list the page loaded once (no query of their own).
        self.filters["track"].extra["choices"] = [(str(t.pk), str(t)) for t in tracks]

    def search(self, queryset: QuerySet[Proposal], name: str, value: str):
        """Every word must match the title (in any language), the reference or the
        organisation's name (directory or new)."""
        for word in value.split()[:8]:
            matched = (
                Q(code__iexact=word)
                | Q(organisation__name__icontains=word)
                | Q(new_organisation_name__icontains=word)
            )
            for code in CONTENT_LANGUAGES:
                matched |= Q(**{f"title_{code}__icontains": word})
            queryset = queryset.filter(matched)
        return queryset

    def by_organisation(self, queryset: QuerySet[Proposal], name: str, value: str):
        return queryset.filter(organisation__isnull=value == "pending")

    def by_duplicates(self, queryset: QuerySet[Proposal], name: str, value: str):
        with_duplicates = Proposal.objects.filter(duplicate_of__isnull=False).values("duplicate_of")
        if value == "marked":
            return queryset.filter(duplicate_of__isnull=False)
        if value == "with":
            return queryset.filter(pk__in=with_duplicates)
        return queryset.filter(duplicate_of__isnull=True).exclude(pk__in=with_duplicates)


class DecisionForm(forms.Form):
    """A decision with its reason, for one proposal or the overview's checked ones."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES)
    note = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Sent to the proposers with the decision and kept in the decision log."),
    )


class BulkDecisionForm(DecisionForm):
    proposals = ModelMultipleIdChoiceField(
        queryset=Proposal.objects.none(),
        error_messages={"required": _("Select at least one proposal.")},
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = Proposal.objects.filter(event=event).exclude(
            state=ProposalState.DRAFT
        )


class DuplicateForm(forms.Form):
    duplicate_of = forms.ModelChoiceField(
        label=_("Duplicate of"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("Not a duplicate"),
        widget=LongSelect,
        help_text=_("A proposal this one could be merged with."),
    )

    def __init__(self, *args, choices: QuerySet[Proposal], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate_of"].queryset = choices
        self.fields["duplicate_of"].label_from_instance = lambda p: f"{p.code} · {p.title}"


class OrganisationResolveForm(forms.Form):
    """Add the proposer's new organisation to the directory, or link one already there."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation in the directory"),
        queryset=Organisation.objects.order_by("name", "pk"),
        required=False,
        empty_label=_("Add the proposed organisation to the directory"),
        widget=LongSelect,
    )
