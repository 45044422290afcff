from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event, Organisation, Team, Venue
from events.services.events import event_set_capacity
from forum.admin import ScopedModelAdmin

# Addresses typed without a scheme are https (Django 6's default; explicit until then).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class EventAdminForm(forms.ModelForm):
    """Working languages as check boxes rather than raw JSON."""

    languages = forms.MultipleChoiceField(
        label=_("working languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "name",
            "slug",
            "tagline",
            "description",
            "status",
            "host_city",
            "host_country",
            "venue",
            "start_date",
            "end_date",
            "timezone",
            "languages",
            "registration_opens_at",
            "registration_closes_at",
            "capacity",
            "max_delegation_size",
        ]


@admin.register(Organisation)
class OrganisationAdmin(ScopedModelAdmin):
    event_field = None
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "short_name", "kind", "country", "locality", "updated_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "locality", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]


@admin.register(Venue)
class VenueAdmin(ScopedModelAdmin):
    event_field = None
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "city", "country"]
    list_filter = ["country"]
    search_fields = ["name", "city", "address"]


@admin.register(Event)
class EventAdmin(ScopedModelAdmin):
    form = EventAdminForm
    event_field = "pk"
    list_display = [
        "name",
        "host_city",
        "host_country",
        "start_date",
        "end_date",
        "status",
        "registration_opens_at",
        "registration_closes_at",
    ]
    list_filter = ["status", "host_country", ("start_date", admin.DateFieldListFilter)]
    search_fields = ["name", "slug", "host_city", "venue__name"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["venue"]
    autocomplete_fields = ["venue"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "description", "status"]}),
        (
            _("Place and time"),
            {
                "fields": [
                    "host_city",
                    "host_country",
                    "venue",
                    "start_date",
                    "end_date",
                    "timezone",
                ]
            },
        ),
        (_("Languages"), {"fields": ["languages"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "max_delegation_size",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in partners' URLs and feeds: frozen once the event is public.
        if obj is not None and obj.is_public and not request.user.is_superuser:
            return ["slug"]
        return []

    def save_model(self, request, obj, form, change):
        """A changed overall capacity goes through its service: it locks the event and gives
        any new seats to the waiting lists at once."""
        if not (change and "capacity" in form.changed_data):
            super().save_model(request, obj, form, change)
            return
        capacity = obj.capacity
        obj.capacity = form.initial["capacity"]
        super().save_model(request, obj, form, change)
        event_set_capacity(event=obj, capacity=capacity, user=request.user)

    def get_prepopulated_fields(self, request, obj=None):
        # A frozen slug is not a form field: nothing to fill from the name.
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)


@admin.register(Team)
class TeamAdmin(ScopedModelAdmin):
    event_flag = "can_change_teams"
    list_display = [
        "name",
        "event",
        "can_change_event",
        "can_change_teams",
        "can_manage_programme",
        "can_manage_registrations",
        "can_view_personal_data",
        "can_manage_outcomes",
    ]
    list_filter = ["event"]
    search_fields = ["name", "members__username", "members__email"]
    filter_horizontal = ["members"]
    list_select_related = ["event"]
