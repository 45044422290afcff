"""Filters for the organiser's audit log of one event."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from events.models import AuditAction, AuditEntry, Event
from events.selectors.audit import audit_kinds_for_event
from forum.forms import SearchInput


class AuditFilter(django_filters.FilterSet):
    """Narrow one event's timeline by kind of object, action, person and date."""

    q = django_filters.CharFilter(
        label=_("Search"),
        field_name="object_repr",
        lookup_expr="icontains",
        help_text=_("Name of the changed item."),
        widget=SearchInput,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="content_type_id", empty_label=_("Anything")
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditAction.choices, empty_label=_("Any action")
    )
    actor = django_filters.ModelChoiceFilter(label=_("By"), queryset=None, empty_label=_("Anyone"))
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["q", "kind", "action", "actor", "since", "until"]

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = audit_kinds_for_event(event=event)
        self.filters["actor"].queryset = (
            get_user_model().objects.filter(teams__event=event).distinct().order_by("username")
        )
