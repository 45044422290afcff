from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.services.keys import partner_key_authenticate

KEYWORD = "Api-Key"


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Api-Key <key>``. No header: anonymous. A bad or revoked key: 401."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        keyword, _space, raw = header.partition(" ")
        raw = raw.strip()
        if keyword.lower() != KEYWORD.lower() or not raw or len(raw) > 200:
            raise exceptions.AuthenticationFailed(
                _("Send a partner key as “Authorization: Api-Key <key>”.")
            )
        key = partner_key_authenticate(raw=raw)
        if key is None:
            raise exceptions.AuthenticationFailed(_("This partner key is unknown or revoked."))
        return (None, key)

    def authenticate_header(self, request) -> str:
        return KEYWORD
