from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from api.enums import PartnerScope
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


class SessionLinksScope(permissions.BasePermission):
    """Stream and recording links are for partner keys granted the session links scope, for
    this event: anonymous callers get 401, other keys 403. Default deny."""

    def has_permission(self, request, view) -> bool:
        if request.method not in permissions.SAFE_METHODS:
            return False
        key = request.auth
        if not isinstance(key, PartnerKey):
            raise exceptions.NotAuthenticated(
                _("Session links need a partner key granted the session links scope.")
            )
        if not key.has_scope(PartnerScope.SESSION_LINKS):
            raise exceptions.PermissionDenied(
                _("This partner key may not read session links: ask the organisers to grant it.")
            )
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if obj.id not in request.auth.event_ids:
            raise exceptions.PermissionDenied(PublishedReadOnly.message)
        return True
