"""Outbound HTTP to addresses partners give us (webhook endpoints) without opening a way
into our own network.

An address is refused unless every IP its host resolves to is public: loopback, private,
link-local (cloud metadata), shared, reserved, unspecified and multicast ranges are out,
except networks a deployment lists in ``FORUM_WEBHOOK_ALLOWED_NETWORKS``. Only https://
unless ``FORUM_WEBHOOK_REQUIRE_HTTPS`` is off. The address is checked when it is saved and
again at each delivery, where the connection goes to the very IP that was checked (a DNS
answer that changes in between cannot redirect it), and redirects are never followed.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class EgressRefused(ValueError):
    """This URL may not be called; ``message`` says why (translated)."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message, self.code = message, code


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    ip: str
    path: str


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(n.strip(), strict=False)
        for n in getattr(settings, "FORUM_WEBHOOK_ALLOWED_NETWORKS", [])
        if n.strip()
    ]


def address_allowed(ip: IPAddress) -> bool:
    """Public unicast, or inside a network the deployment allows."""
    candidates = [ip]
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        candidates.append(ip.ipv4_mapped)
    allowed = _allowed_networks()
    if any(c in net for c in candidates for net in allowed if c.version == net.version):
        return True
    return all(c.is_global and not c.is_multicast for c in candidates)


def resolve(url: str) -> Target:
    """Check ``url`` and resolve its host once; raise EgressRefused if it may not be called."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise EgressRefused(_("Enter a valid http:// or https:// address."), "invalid") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise EgressRefused(_("Enter a valid http:// or https:// address."), "invalid")
    if scheme != "https" and getattr(settings, "FORUM_WEBHOOK_REQUIRE_HTTPS", True):
        raise EgressRefused(_("Use an https:// address."), "https")
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise EgressRefused(_("This host name cannot be resolved."), "unresolved") from exc
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
    if not addresses or not all(address_allowed(a) for a in addresses):
        raise EgressRefused(
            _("This address leads into a private, loopback or otherwise internal network."),
            "internal",
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=scheme, host=parts.hostname, port=port, ip=str(addresses[0]), path=path)


def validate_public_url(value: str) -> None:
    """Model/form validator for partner URLs (checked again at each delivery)."""
    try:
        resolve(value)
    except EgressRefused as exc:
        raise ValidationError(exc.message, code=exc.code) from exc


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, *, ip, timeout):
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self):
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked IP; the certificate is verified for the host name (SNI too)."""

    def __init__(self, host, port, *, ip, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self):
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def safe_post(url: str, *, body: bytes, headers: dict, timeout: float) -> int:
    """POST ``body`` to ``url`` and return the status code; a 3xx is returned, not followed.

    Raises EgressRefused (a ValueError) for an address that may not be called, OSError for
    network failures (refused, timeout, TLS).
    """
    target = resolve(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target.host, target.port, ip=target.ip, timeout=timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status
    except http.client.HTTPException as exc:  # a malformed answer: a failed attempt
        raise OSError(f"bad HTTP answer: {type(exc).__name__}") from exc
    finally:
        connection.close()
