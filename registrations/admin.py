from django import forms
from django.contrib import admin

from forum.admin import ReadOnlyScopedAdmin, ScopedModelAdmin, SuperuserOnlyAdmin
from registrations.forms.public import ERROR_FIELDS
from registrations.inputs import PERSON_FIELDS
from registrations.models import (
    SENSITIVE_FIELDS,
    CheckIn,
    Delegation,
    FocalPoint,
    Invitation,
    NominationLetter,
    OrganisationQuota,
    Payment,
    Refund,
    Registration,
    RegistrationCategory,
    RegistrationTransition,
    StripeEvent,
    TravelSupportDecision,
)
from registrations.services.registrations import (
    category_set_capacity,
    category_set_online_places,
    registration_update,
    registration_update_refusals,
)


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
        "online_offered",
        "online_capacity",
    ]
    list_filter = ["event", "requires_approval", "invitation_only", "is_public"]
    search_fields = ["name", "name_fr", "name_es"]
    content_columns_shown = ("name_fr", "name_es")
    list_select_related = ["event"]

    def get_readonly_fields(self, request, obj=None):
        # Its registrations, invitations and prices belong to the event it was created in.
        return ["event"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        """A changed capacity (or online places) goes through its service: it locks the
        category and gives any new places to the waiting list at once."""
        capacity_changed = change and "capacity" in form.changed_data
        online_changed = change and {"online_offered", "online_capacity"} & set(form.changed_data)
        if not (capacity_changed or online_changed):
            super().save_model(request, obj, form, change)
            return
        capacity, online = obj.capacity, (obj.online_offered, obj.online_capacity)
        if capacity_changed:
            obj.capacity = form.initial["capacity"]
        if online_changed:
            obj.online_offered = form.initial["online_offered"]
            obj.online_capacity = form.initial["online_capacity"]
        super().save_model(request, obj, form, change)
        if capacity_changed:
            category_set_capacity(category=obj, capacity=capacity, user=request.user)
            obj.capacity = capacity
        if online_changed:
            category_set_online_places(
                category=obj, online_offered=online[0], online_capacity=online[1], user=request.user
            )
            obj.online_offered, obj.online_capacity = online


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyScopedAdmin):
    """Shown read-only: invitations are created, emailed and revoked on the organisers'
    invitations page, through ``registrations.services.invitations`` (generated codes, the
    category's event checked, the audit log)."""

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


@admin.register(Delegation)
class DelegationAdmin(ScopedModelAdmin):
    event_flag = "can_manage_registrations"
    list_display = ["organisation", "event", "head", "created_at"]
    list_filter = ["event"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "event", "head"]

    def get_readonly_fields(self, request, obj=None):
        # The head changes only through an organiser's decision on a claim (the registration
        # pages' services); members joined for this organisation at this event.
        return ["head"] if obj is None else ["event", "organisation", "head"]


class TransitionInline(admin.TabularInline):
    model = RegistrationTransition
    extra = 0
    can_delete = False
    fields = ["at", "from_state", "to_state", "actor", "actor_label", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    # The state machine's history: shown, never edited (not even by a superuser, whose form
    # would otherwise expect every row back).
    def has_change_permission(self, request, obj=None):
        return False


class RegistrationAdminForm(forms.ModelForm):
    """Shows ``registration_update``'s refusals of the changed details on their fields."""

    def person_changes(self) -> dict:
        """The changed person details, as ``registration_update`` takes them."""
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in PERSON_FIELDS and name in self.cleaned_data
        }

    def clean(self):
        cleaned = super().clean()
        for refusal in registration_update_refusals(
            registration=self.instance, changes=self.person_changes()
        ):
            field = ERROR_FIELDS.get(refusal.code)
            self.add_error(field if field in self.fields else None, refusal.message)
        return cleaned


@admin.register(Registration)
class RegistrationAdmin(ScopedModelAdmin):
    """Registrations are made by ``registration_create`` and change state through the
    organiser pages; here an organiser corrects a person's details, through
    ``registration_update`` and its rules. Everything else is read-only."""

    form = RegistrationAdminForm
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
        "event",
        "category",
        "state",
        "reference",
        "invitation",
        "delegation",
        "head_of_delegation",
        "waitlisted_at",
        "consent_at",
        "personal_data_erased_at",
    ]
    raw_id_fields = ["organisation"]
    inlines = [TransitionInline]

    def has_add_permission(self, request):
        return False

    def get_exclude(self, request, obj=None):
        # Passport and health answers only for holders of the personal-data permission.
        if request.user.has_perm("registrations.view_personal_data", obj):
            return []
        return list(SENSITIVE_FIELDS)

    def save_model(self, request, obj, form, change):
        """Only changed person details are written, by ``registration_update``."""
        changes = form.person_changes()
        if changes:
            registration = Registration.objects.select_related("event", "category").get(pk=obj.pk)
            registration_update(
                registration=registration,
                changes=changes,
                actor_label="organiser",
                user=request.user,
            )


class ReadOnlyEventScopedAdmin(ReadOnlyScopedAdmin):
    """Money and attendance records change only through their services (and the Stripe
    webhook); the admin shows them for audit, read-only."""

    event_flag = "can_manage_registrations"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("registrations.manage_payments", obj and self.event_of(obj))

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


@admin.register(FocalPoint)
class FocalPointAdmin(SuperuserOnlyAdmin):
    """Focal points change through the organisers' organisation pages; shown for diagnosis
    (never the link's hash)."""

    list_display = ["name", "email", "organisation", "event", "created_at", "revoked_at"]
    list_filter = ["event"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation", "event"]
    exclude = ["token_hash"]


@admin.register(OrganisationQuota)
class OrganisationQuotaAdmin(SuperuserOnlyAdmin):
    list_display = ["organisation", "category", "limit"]
    list_filter = ["category__event"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "category__event"]


@admin.register(NominationLetter)
class NominationLetterAdmin(SuperuserOnlyAdmin):
    """Letters and their decisions; the file itself only through the credentials queue."""

    list_display = ["filename", "organisation", "event", "state", "uploaded_at", "decided_at"]
    list_filter = ["event", "state"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "event"]
    exclude = ["file", "registrations"]
