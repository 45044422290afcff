"""The shared organisation directory: adding and correcting organisations.

Organisations belong to no event, so their writes are not in any event's audit log (an audit
entry needs its event). Their official email domains certify who speaks for an organisation:
only a user holding ``events.certify_organisation_domains`` may set or change them.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.domains import domains_parse
from events.enums import OrganisationKind
from events.models import Organisation
from forum.errors import ServiceError
from forum.locking import lock_one


class OrganisationError(ServiceError):
    """A refused organisation write; ``code`` names the field it concerns."""


class _Keep:
    """The default of ``organisation_update``'s arguments: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()

SLUG_MAX = Organisation._meta.get_field("slug").max_length
# Room left at the end of a slug for "-<number>" when the name's own slug is taken.
SLUG_SUFFIX_ROOM = 8
LIMITS = {
    field: Organisation._meta.get_field(field).max_length
    for field in ("name", "short_name", "locality", "website")
}


def organisation_slug(name: str) -> str:
    """A slug for ``name`` that no organisation has yet: "city-of-dakar", then "-2", "-3"…"""
    base = slugify(name)[: SLUG_MAX - SLUG_SUFFIX_ROOM].strip("-") or "organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _clean(values: dict) -> dict:
    """Stripped values, or OrganisationError for the first field that breaks a rule."""
    cleaned = {
        key: value.strip() if isinstance(value, str) and key != "official_domains" else value
        for key, value in values.items()
    }
    if "name" in cleaned and not cleaned["name"]:
        raise OrganisationError(_("The organisation needs a name."), code="name")
    for field, limit in LIMITS.items():
        if len(cleaned.get(field) or "") > limit:
            raise OrganisationError(
                _("At most %(limit)d characters.") % {"limit": limit}, code=field
            )
    if "kind" in cleaned and cleaned["kind"] not in OrganisationKind.values:
        raise OrganisationError(_("Choose a kind of organisation."), code="kind")
    if "country" in cleaned and cleaned["country"] not in countries:
        raise OrganisationError(_("Choose a country."), code="country")
    if cleaned.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(cleaned["website"])
        except ValidationError as exc:
            raise OrganisationError(_("Enter a valid web address."), code="website") from exc
    if "official_domains" in cleaned:
        try:
            domains = domains_parse(cleaned["official_domains"] or "")
        except ValidationError as exc:
            raise OrganisationError(" ".join(exc.messages), code="official_domains") from exc
        cleaned["official_domains"] = "\n".join(domains)
    return cleaned


def _refuse_uncertified(user, organisation: Organisation | None, domains) -> None:
    if domains is KEEP or user.has_perm("events.certify_organisation_domains"):
        return
    current = organisation.official_domains if organisation is not None else ""
    try:
        unchanged = "\n".join(domains_parse(domains or "")) == current
    except ValidationError:
        unchanged = False
    if not unchanged:
        raise OrganisationError(
            _("Only administrators may change an organisation's official email domains."),
            code="official_domains",
        )


def _name_taken() -> OrganisationError:
    return OrganisationError(
        _("An organisation of that name already exists in that country."), code="name"
    )


def _save_unique(organisation: Organisation, **kwargs) -> None:
    """Save, turning the unique name-per-country constraint into an OrganisationError."""
    clash = Organisation.objects.filter(
        name__iexact=organisation.name, country=organisation.country
    ).exclude(pk=organisation.pk)
    if clash.exists():
        raise _name_taken()
    for attempt in range(3):
        try:
            with transaction.atomic():
                organisation.save(**kwargs)
            return
        except IntegrityError as exc:
            # Saved by someone else since the check: the same name, or a new organisation's
            # slug (then it takes the next free one).
            if kwargs or attempt == 2 or clash.exists():
                raise _name_taken() from exc
            organisation.slug = organisation_slug(organisation.name)


@transaction.atomic
def organisation_create(
    *,
    user,
    name: str,
    kind: str,
    country: str,
    short_name: str = "",
    locality: str = "",
    website: str = "",
    official_domains: str = "",
) -> Organisation:
    """A new organisation with a slug of its own, made from its name."""
    _refuse_uncertified(user, None, official_domains)
    values = _clean(
        {
            "name": name,
            "kind": kind,
            "country": country,
            "short_name": short_name,
            "locality": locality,
            "website": website,
            "official_domains": official_domains,
        }
    )
    organisation = Organisation(slug=organisation_slug(values["name"]), **values)
    _save_unique(organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    user,
    name: str = KEEP,
    kind: str = KEEP,
    country: str = KEEP,
    short_name: str = KEEP,
    locality: str = KEEP,
    website: str = KEEP,
    official_domains: str = KEEP,
) -> Organisation:
    """Change the fields given (the others keep their value); the slug never changes."""
    locked = lock_one(Organisation, organisation.pk)
    _refuse_uncertified(user, locked, official_domains)
    given = {
        "name": name,
        "kind": kind,
        "country": country,
        "short_name": short_name,
        "locality": locality,
        "website": website,
        "official_domains": official_domains,
    }
    changed = {
        field: value
        for field, value in _clean({f: v for f, v in given.items() if v is not KEEP}).items()
        if value != getattr(locked, field)
    }
    if changed:
        for field, value in changed.items():
            setattr(locked, field, value)
        _save_unique(locked, update_fields=[*changed, "updated_at"])
    for field in [*changed, "updated_at"]:
        setattr(organisation, field, getattr(locked, field))
    return locked
