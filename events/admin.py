from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.forms import EventAdminForm
from events.models import (
    SENSITIVE_FIELDS,
    CheckIn,
    Delegation,
    Event,
    Invitation,
    Organisation,
    Payment,
    Refund,
    Registration,
    RegistrationCategory,
    RegistrationTransition,
    StripeEvent,
    Team,
    TravelSupportDecision,
    Venue,
)
from forum.admin import ReadOnlyScopedAdmin, ScopedModelAdmin, SuperuserOnlyAdmin

# Addresses typed without a scheme are https (Django 6's default; explicit until then).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


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
            {"fields": ["registration_opens_at", "registration_closes_at", "max_delegation_size"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in partners' URLs and feeds: frozen once the event is public.
        if obj is not None and obj.is_public and not request.user.is_superuser:
            return ["slug"]
        return []

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


@admin.register(RegistrationCategory)
class RegistrationCategoryAdmin(ScopedModelAdmin):
    event_flag = "can_manage_registrations"
    list_display = [
        "name",
        "event",
        "capacity",
        "requires_approval",
        "invitation_only",
        "is_public",
        "waitlist_enabled",
        "fee",
        "currency",
        "visa_letter_offered",
    ]
    list_filter = ["event", "requires_approval", "invitation_only", "is_public"]
    search_fields = ["name", "name_fr", "name_es"]
    list_select_related = ["event"]


@admin.register(Invitation)
class InvitationAdmin(ScopedModelAdmin):
    event_flag = "can_manage_registrations"
    list_display = [
        "code",
        "kind",
        "event",
        "category",
        "organisation",
        "name",
        "uses",
        "max_uses",
        "expires_at",
    ]
    list_filter = ["event", "kind", "category"]
    search_fields = ["code", "name", "email", "organisation__name"]
    list_select_related = ["event", "category", "organisation"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["uses", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Delegation)
class DelegationAdmin(ScopedModelAdmin):
    event_flag = "can_manage_registrations"
    list_display = ["organisation", "event", "head", "created_at"]
    list_filter = ["event"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "event", "head"]
    raw_id_fields = ["head"]


class TransitionInline(admin.TabularInline):
    model = RegistrationTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "actor", "actor_label", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(ScopedModelAdmin):
    """Read-mostly: states change through the organiser pages (services), never by hand."""

    event_flag = "can_manage_registrations"
    list_display = [
        "reference",
        "family_name",
        "given_name",
        "organisation",
        "category",
        "state",
        "created_at",
    ]
    list_filter = ["event", "state", "category"]
    search_fields = ["reference", "family_name", "given_name", "email", "organisation__name"]
    list_select_related = ["organisation", "category"]
    readonly_fields = [
        "state",
        "reference",
        "waitlisted_at",
        "consent_at",
        "personal_data_erased_at",
    ]
    raw_id_fields = ["organisation", "invitation", "delegation"]
    inlines = [TransitionInline]

    def get_exclude(self, request, obj=None):
        # Passport and health answers only for holders of the personal-data permission.
        if request.user.has_perm("events.view_personal_data", obj):
            return []
        return list(SENSITIVE_FIELDS)


class ReadOnlyEventScopedAdmin(ReadOnlyScopedAdmin):
    """Money and attendance records change only through their services (and the Stripe
    webhook); the admin shows them for audit, read-only."""

    event_flag = "can_manage_registrations"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("events.manage_payments", obj and self.event_of(obj))

    def event_of(self, obj):
        return obj.registration.event


@admin.register(Payment)
class PaymentAdmin(ReadOnlyEventScopedAdmin):
    event_field = "registration__event"
    list_display = [
        "registration",
        "provider",
        "state",
        "amount",
        "amount_refunded",
        "currency",
        "created_at",
        "succeeded_at",
    ]
    list_filter = ["registration__event", "provider", "state", "currency"]
    search_fields = ["registration__reference", "registration__family_name", "stripe_intent_id"]
    list_select_related = ["registration"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyEventScopedAdmin):
    event_field = "payment__registration__event"
    list_display = ["payment", "amount", "reason", "created_by", "created_at"]
    search_fields = ["payment__registration__reference", "stripe_refund_id"]
    list_select_related = ["payment__registration", "created_by"]

    def event_of(self, obj):
        return obj.payment.registration.event


@admin.register(TravelSupportDecision)
class TravelSupportDecisionAdmin(ReadOnlyEventScopedAdmin):
    event_field = "registration__event"
    list_display = [
        "registration",
        "outcome",
        "covers_fee",
        "covers_flight",
        "covers_accommodation",
        "covers_per_diem",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["registration__event", "outcome"]
    search_fields = ["registration__reference", "registration__family_name"]
    list_select_related = ["registration", "decided_by"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyEventScopedAdmin):
    event_field = "event"
    list_display = ["registration", "event", "at", "by"]
    list_filter = ["event"]
    search_fields = ["registration__reference", "registration__family_name"]
    list_select_related = ["registration", "event", "by"]

    def event_of(self, obj):
        return obj.event


@admin.register(StripeEvent)
class StripeEventAdmin(SuperuserOnlyAdmin):
    """Stripe's deliveries as received: for administrators diagnosing payments."""

    list_display = ["stripe_id", "type", "received_at", "processed_at"]
    search_fields = ["stripe_id", "type"]
