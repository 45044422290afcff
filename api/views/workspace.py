"""The organiser's partner access page, under /manage/<event>/partners/: keys and webhooks.

Secrets (a new key, a webhook signing secret) are shown once, in the response to the request
that made them; they are never stored in clear (keys), logged or put in the audit log.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from api.enums import PartnerScope
from api.forms import PartnerKeyForm, WebhookEndpointForm
from api.models import PartnerKey, WebhookDelivery, WebhookEndpoint
from api.selectors.partners import (
    partner_key_list_for_event,
    webhook_delivery_log_for_event,
    webhook_endpoint_list_for_event,
)
from api.services.keys import (
    PartnerKeyError,
    partner_key_issue,
    partner_key_revoke_for_event,
    partner_key_set_scope,
)
from api.services.webhooks import (
    RETRYABLE,
    WebhookError,
    webhook_delivery_retry,
    webhook_endpoint_create,
    webhook_endpoint_rotate,
    webhook_endpoint_set_active,
    webhook_endpoint_update,
)
from events.decorators import event_permission_required
from events.models import Event
from forum.forms import id_param

partners_required = event_permission_required("events.change_event", slug_kwarg="event_slug")


def _page(request, event: Event, *, key_form=None, endpoint_form=None, revealed=None, status=200):
    return render(
        request,
        "api/manage/partners.html",
        {
            "event": event,
            "current": "partners",
            "keys": list(partner_key_list_for_event(event=event)),
            "endpoints": list(webhook_endpoint_list_for_event(event=event)),
            "deliveries": webhook_delivery_log_for_event(event=event),
            "retryable": RETRYABLE,
            "key_form": key_form or PartnerKeyForm(prefix="key"),
            "endpoint_form": endpoint_form or WebhookEndpointForm(prefix="endpoint"),
            "revealed": revealed,
        },
        status=status,
    )


def _map_error(form, exc) -> None:
    form.add_error(exc.code if exc.code in form.fields else None, exc.message)


@partners_required
def partners(request, event: Event):
    """Keys (create, revoke), webhook endpoints (create, rotate, pause) and the delivery log."""
    if request.method != "POST":
        return _page(request, event)
    action = request.POST.get("action")
    if action == "key_create":
        form = PartnerKeyForm(request.POST, prefix="key")
        if form.is_valid():
            try:
                key, secret = partner_key_issue(
                    event=event,
                    name=form.cleaned_data["name"],
                    user=request.user,
                    scopes=[PartnerScope.SESSION_LINKS]
                    if form.cleaned_data["session_links"]
                    else [],
                )
            except PartnerKeyError as exc:
                _map_error(form, exc)
            else:
                revealed = {"kind": "key", "title": str(key), "secret": secret}
                return _page(request, event, revealed=revealed)
        return _page(request, event, key_form=form, status=400)
    if action == "endpoint_create":
        form = WebhookEndpointForm(request.POST, prefix="endpoint")
        if form.is_valid():
            try:
                endpoint, secret = webhook_endpoint_create(
                    event=event, user=request.user, **form.cleaned_data
                )
            except WebhookError as exc:
                _map_error(form, exc)
            else:
                revealed = {"kind": "webhook", "title": endpoint.name, "secret": secret}
                return _page(request, event, revealed=revealed)
        return _page(request, event, endpoint_form=form, status=400)
    try:
        if action == "key_revoke":
            key = get_object_or_404(PartnerKey, pk=id_param(request.POST.get("key")), events=event)
            partner_key_revoke_for_event(event=event, key=key, user=request.user)
            messages.success(request, _("The key “%(key)s” was revoked.") % {"key": key})
        elif action in ("key_links_grant", "key_links_withdraw"):
            key = get_object_or_404(PartnerKey, pk=id_param(request.POST.get("key")), events=event)
            granted = action == "key_links_grant"
            partner_key_set_scope(
                event=event,
                key=key,
                scope=PartnerScope.SESSION_LINKS,
                granted=granted,
                user=request.user,
            )
            messages.success(
                request,
                (
                    _("The key “%(key)s” may now read session links.")
                    if granted
                    else _("The key “%(key)s” may no longer read session links.")
                )
                % {"key": key},
            )
        elif action in ("endpoint_rotate", "endpoint_enable", "endpoint_disable"):
            endpoint = get_object_or_404(
                WebhookEndpoint, pk=id_param(request.POST.get("endpoint")), event=event
            )
            if action == "endpoint_rotate":
                secret = webhook_endpoint_rotate(event=event, endpoint=endpoint, user=request.user)
                revealed = {"kind": "webhook", "title": endpoint.name, "secret": secret}
                return _page(request, event, revealed=revealed)
            active = action == "endpoint_enable"
            webhook_endpoint_set_active(
                event=event, endpoint=endpoint, user=request.user, active=active
            )
            messages.success(
                request,
                (
                    _("“%(name)s” receives notifications again.")
                    if active
                    else _("“%(name)s” is paused.")
                )
                % {"name": endpoint.name},
            )
        elif action == "delivery_retry":
            delivery = get_object_or_404(
                WebhookDelivery, pk=id_param(request.POST.get("delivery")), endpoint__event=event
            )
            webhook_delivery_retry(event=event, delivery=delivery, user=request.user)
            messages.success(request, _("The delivery is being sent again."))
    except (PartnerKeyError, WebhookError) as exc:
        messages.error(request, exc.message)
    return redirect("partners_manage:partners", event_slug=event.slug)


@partners_required
def endpoint_edit(request, event: Event, pk: int):
    """Change a webhook endpoint's partner name, address and event types."""
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, event=event)
    form = WebhookEndpointForm(
        request.POST or None,
        prefix="endpoint",
        initial={"name": endpoint.name, "url": endpoint.url, "event_types": endpoint.event_types},
    )
    if request.method == "POST" and form.is_valid():
        try:
            webhook_endpoint_update(
                event=event, endpoint=endpoint, user=request.user, **form.cleaned_data
            )
        except WebhookError as exc:
            _map_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” was saved.") % {"name": endpoint.name})
            return redirect("partners_manage:partners", event_slug=event.slug)
    return render(
        request,
        "api/manage/endpoint_edit.html",
        {"event": event, "endpoint": endpoint, "form": form, "current": "partners"},
        status=400 if form.errors else 200,
    )
