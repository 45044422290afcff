"""Organisations' official email domains: parsing, validation and matching.

An address on a domain an organisation has registered (or on one of its subdomains) is the
proof that its owner speaks for that organisation. Free-mail providers can never be registered:
anyone can open an address there.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Providers where anyone can open an address (and their country variants people commonly use).
FREE_MAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "gmail.com",
        "googlemail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "live.com",
        "mail.com",
        "mail.ru",
        "me.com",
        "msn.com",
        "orange.fr",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "qq.com",
        "web.de",
        "yahoo.com",
        "yahoo.fr",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
    }
)

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
# At least two labels, the last alphabetic (or an IDN's punycode "xn--" form).
DOMAIN_RE = re.compile(rf"^(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")


def domain_normalise(value: str) -> str:
    """Lowercase, without surrounding spaces, a leading "@" or a trailing dot."""
    return value.strip().lower().lstrip("@").rstrip(".")


def _is_free_mail(domain: str) -> bool:
    return any(domain == free or domain.endswith("." + free) for free in FREE_MAIL_DOMAINS)


def domains_parse(value: str | list[str]) -> list[str]:
    """The normalised, de-duplicated domains of ``value`` (one per line, or commas/spaces).

    Raises ValidationError naming every domain that is malformed or a free-mail provider.
    """
    items = value if isinstance(value, list) else re.split(r"[\s,;]+", value or "")
    domains: list[str] = []
    errors = []
    for item in items:
        domain = domain_normalise(item)
        if not domain:
            continue
        if len(domain) > 253 or not DOMAIN_RE.match(domain):
            errors.append(
                ValidationError(
                    _("“%(domain)s” is not a domain name (for instance quezoncity.gov.ph)."),
                    code="invalid_domain",
                    params={"domain": domain[:80]},
                )
            )
        elif _is_free_mail(domain):
            errors.append(
                ValidationError(
                    _(
                        "“%(domain)s” is a free email provider: anyone can open an address "
                        "there, so it cannot prove who speaks for an organisation."
                    ),
                    code="free_mail_domain",
                    params={"domain": domain},
                )
            )
        elif domain not in domains:
            domains.append(domain)
    if errors:
        raise ValidationError(errors)
    return domains


def validate_official_domains(value: str) -> None:
    domains_parse(value)


def email_domain(email: str) -> str:
    """The normalised domain part of an address ("" when there is none)."""
    _local, at, domain = (email or "").strip().rpartition("@")
    return domain_normalise(domain) if at else ""


def domain_matches(domain: str, official: list[str]) -> str:
    """The official domain that ``domain`` is (or is a subdomain of), or ""."""
    if not domain or _is_free_mail(domain):
        return ""
    for candidate in official:
        if domain == candidate or domain.endswith("." + candidate):
            return candidate
    return ""
