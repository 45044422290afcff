from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import PartnerKey, WebhookDelivery, WebhookEndpoint
from api.rules import FLAG
from api.services.keys import partner_key_assign_secret, partner_key_revoke
from events.admin import HTTPS_URLS
from events.rules import organised_event_ids
from forum.admin import ScopedModelAdmin


@admin.register(PartnerKey)
class PartnerKeyAdmin(ScopedModelAdmin):
    """The key is shown once, on the page after it is created; only its hash is stored.

    Keys and webhooks decide which outside systems receive an event's data: that is the
    event's configuration, so they need the flag that lets one change the event.
    """

    event_field = "events"
    event_flag = FLAG

    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["events", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    filter_horizontal = ["events"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            request._partner_key = partner_key_assign_secret(key=obj)
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The form offers only the user's own events: a key shared with other events keeps
        # those (the user could neither see nor choose them).
        kept = []
        if change and not request.user.is_superuser:
            own = set(organised_event_ids(request.user, FLAG))
            kept = [event for event in form.instance.events.all() if event.pk not in own]
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.events.add(*kept)

    def response_add(self, request, obj, post_url_continue=None):
        return TemplateResponse(
            request,
            "api/admin/partnerkey_created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "key": obj,
                "secret": request._partner_key,
                "title": _("Partner key created"),
            },
        )

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        keys = list(queryset)
        for key in keys:
            partner_key_revoke(key=key)
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", len(keys))
            % {"count": len(keys)},
            messages.SUCCESS,
        )


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ScopedModelAdmin):
    formfield_overrides = HTTPS_URLS
    event_flag = FLAG
    list_display = ["name", "event", "url", "is_active", "disabled_reason", "created_at"]
    list_filter = ["event", "is_active"]
    search_fields = ["name", "url"]
    list_select_related = ["event"]
    readonly_fields = ["created_at"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ScopedModelAdmin):
    """The delivery log: read-only for organisers of the endpoint's event."""

    event_field = "endpoint__event"
    event_flag = FLAG

    list_display = [
        "created_at",
        "endpoint",
        "type",
        "state",
        "attempts",
        "last_status",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["state", "type", "endpoint__event"]
    list_select_related = ["endpoint"]
    readonly_fields = [
        "uuid",
        "endpoint",
        "type",
        "payload",
        "state",
        "attempts",
        "last_status",
        "last_error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
