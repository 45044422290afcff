from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from api.models import PartnerKey


class PublishedReadOnly(permissions.BasePermission):
    """Anyone may read published data; a partner key only the events it is scoped to.

    Default deny: only safe methods pass, and a key outside its scope is refused with 403
    (the data is public, but a partner relying on a key should learn it is misconfigured).
    """

    message = _("This partner key is not valid for this event.")

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS

    def has_object_permission(self, request, view, obj) -> bool:
        key = request.auth
        if isinstance(key, PartnerKey):
            return obj.id in key.event_ids
        return True
