"""Who may manage partner keys and webhooks: superusers, and organisers who may change the
event (the keys and endpoints of their own events only). Default deny."""

import rules

from events.rules import event_permissions, holds, is_superuser

FLAG = "can_change_event"
can_change_event = holds(FLAG)


@rules.predicate
def key_in_own_events(user, key=None) -> bool:
    if key is None:
        return bool(can_change_event(user))
    held = event_permissions(user)
    return any(
        FLAG in held.get(event_id, ()) for event_id in key.events.values_list("pk", flat=True)
    )


@rules.predicate
def delivery_in_own_events(user, delivery=None) -> bool:
    if delivery is None:
        return bool(can_change_event(user))
    return FLAG in event_permissions(user).get(delivery.endpoint.event_id, ())


rules.add_perm("api", is_superuser | can_change_event)
for action in ("view", "add", "change", "delete"):
    rules.add_perm(f"api.{action}_partnerkey", is_superuser | key_in_own_events)
    rules.add_perm(f"api.{action}_webhookendpoint", is_superuser | can_change_event)
rules.add_perm("api.view_webhookdelivery", is_superuser | delivery_in_own_events)
