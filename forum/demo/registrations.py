"""Demo registrations: categories, ~300 people across states, delegations and a waiting list.

Everything goes through the real services, so the demo data obeys the same rules as real data.
"""

import contextlib
import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from events.enums import WORKING_LANGUAGES
from events.models import Event, Organisation
from registrations.enums import HeadOfDelegationClaim, RegistrationState
from registrations.inputs import PersonDetails
from registrations.models import Invitation, Registration, RegistrationCategory
from registrations.services.registrations import (
    RegistrationError,
    delegation_add_member,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_head_confirm,
    registration_reject,
)

CATEGORIES = [
    # name, fr, es, capacity, approval, invitation only, public, fee, visa, colour
    (
        "Head of delegation",
        "Chef·fe de délégation",
        "Jefe/a de delegación",
        120,
        True,
        True,
        False,
        0,
        True,
        "#8a1c1c",
    ),
    ("Delegate", "Délégué·e", "Delegado/a", 260, False, False, True, 0, True, "#0b5394"),
    ("Observer", "Observateur·rice", "Observador/a", 60, True, False, True, 150, True, "#38761d"),
    ("Speaker", "Intervenant·e", "Ponente", 150, False, True, False, 0, True, "#b45f06"),
    ("Press", "Presse", "Prensa", 12, True, False, True, 0, False, "#674ea7"),
]
GIVEN = [
    "Aminata",
    "Moussa",
    "Fatou",
    "Ibrahima",
    "Awa",
    "Carlos",
    "Lucía",
    "María José",
    "Diego",
    "Valentina",
    "Jean-Pierre",
    "Claire",
    "Sophie",
    "Nadia",
    "Youssef",
    "Leila",
    "Omar",
    "Grace",
    "Samuel",
    "Wanjiru",
    "Kwame",
    "Ama",
    "Maria",
    "José",
    "Ana",
    "Rafael",
    "Hana",
    "Ahmed",
    "Mariam",
    "Elena",
    "Marco",
    "Giulia",
    "Thomas",
    "Anna",
    "Lukas",
    "Maya",
    "Priya",
    "Arjun",
    "Mei",
    "Jun",
    "Olga",
    "Dimitris",
    "Eleni",
    "Joseph",
    "Esther",
    "Tariq",
    "Rania",
    "Paulo",
    "Beatriz",
    "Isabel",
]
FAMILY = [
    "Ndiaye",
    "Diop",
    "Fall",
    "Sow",
    "Ba",
    "Mendoza",
    "García",
    "Rodríguez",
    "Quispe",
    "Torres",
    "Dubois",
    "Martin",
    "Lefebvre",
    "Benali",
    "El Amrani",
    "Haddad",
    "Mensah",
    "Owusu",
    "Kamau",
    "Otieno",
    "Mugisha",
    "Uwase",
    "Santos",
    "Silva",
    "Oliveira",
    "Rossi",
    "Bianchi",
    "Schmidt",
    "Müller",
    "Papadopoulos",
    "Nikolaou",
    "Rahman",
    "Hossain",
    "Reyes",
    "Cruz",
    "Dela Cruz",
    "Yilmaz",
    "Demir",
    "Khalil",
    "Nasser",
    "Okafor",
    "Adeyemi",
    "Cohen",
    "Novak",
    "Kowalski",
    "Tanaka",
    "Chen",
    "Nguyen",
    "Hernández",
    "Castillo",
]
POSITIONS = [
    "Deputy Mayor",
    "City Councillor",
    "Director of Social Affairs",
    "Head of International Relations",
    "Migration Policy Advisor",
    "Programme Officer",
    "Researcher",
    "Chief of Staff",
    "Urban Planner",
    "Journalist",
]
DIETS = ["", "", "", "", "Vegetarian", "Halal", "No pork", "Gluten-free", "Vegan"]
LANGS = list(WORKING_LANGUAGES)


def _person(
    rng: random.Random,
    organisation: Organisation | None,
    n: int,
    *,
    today: date,
    visa_offered: bool = True,
) -> PersonDetails:
    """Random details; a visa letter only where the category offers one (the random draws
    stay the same either way, so the demo's people do not change)."""
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    visa = rng.random() < 0.25
    details = {
        "honorific": rng.choice(["", "", "Dr", "Ms", "Mr", "Hon."]),
        "given_name": given,
        "family_name": family,
        "position": rng.choice(POSITIONS),
        "organisation": organisation,
        "organisation_name_new": ""
        if organisation
        else rng.choice(["Fundación Puentes", "Collectif Horizons Migrants", "Urban Futures Lab"]),
        "email": f"{given}.{family}.{n}@example.org".lower().replace(" ", "-"),
        "language": rng.choice(LANGS),
        "nationality": organisation.country
        if organisation
        else rng.choice(["SN", "FR", "EC", "KE"]),
        "spoken_languages": sorted(set(rng.sample(LANGS, rng.randint(1, 2)))),
        "interpretation_need": rng.choice(["", "", *LANGS]),
        "dietary_needs": rng.choice(DIETS),
        "accessibility_needs": "Step-free access" if rng.random() < 0.04 else "",
        "visa_letter_requested": visa,
        "passport_number": f"P{rng.randint(1000000, 9999999)}" if visa else "",
        "passport_expiry": today + timedelta(days=rng.randint(400, 3000)) if visa else None,
        "date_of_birth": today - timedelta(days=rng.randint(25 * 365, 70 * 365)) if visa else None,
        "travel_support_requested": rng.random() < 0.1,
        "travel_support_reason": "Municipal budget does not cover international travel.",
    }
    if not visa_offered:
        details.update(
            visa_letter_requested=False,
            passport_number="",
            passport_expiry=None,
            date_of_birth=None,
        )
    return PersonDetails(**details)


def seed_registrations(*, event: Event, organisations: list[Organisation], organiser, today) -> int:
    """Create the demo's categories and registrations once; returns the number created."""
    categories = {}
    for order, (name, fr, es, capacity, approval, invite, public, fee, visa, colour) in enumerate(
        CATEGORIES
    ):
        categories[name], _ = RegistrationCategory.objects.update_or_create(
            event=event,
            name_en=name,
            defaults={
                "name_fr": fr,
                "name_es": es,
                "capacity": capacity,
                "requires_approval": approval,
                "invitation_only": invite,
                "is_public": public,
                "fee": Decimal(fee),
                "currency": "EUR",
                "visa_letter_offered": visa,
                "badge_colour": colour,
                "order": order,
            },
        )
    Invitation.objects.update_or_create(
        event=event,
        code="DAKAR-MAYORS",
        defaults={"category": categories["Head of delegation"], "kind": "code", "max_uses": 200},
    )
    Invitation.objects.update_or_create(
        event=event,
        code="DAKAR-SPEAKERS",
        defaults={"category": categories["Speaker"], "kind": "code", "max_uses": 200},
    )
    if Registration.objects.filter(event=event).exists():
        return 0

    rng = random.Random(2027)
    now = datetime.combine(today, time(12), tzinfo=UTC)
    created = _create(event, organisations, organiser, categories, rng, now)
    # Spread creation times over the past weeks so the dashboard chart has a history.
    now = datetime.combine(today, time(12), tzinfo=UTC)
    for registration in Registration.objects.filter(event=event).order_by("pk"):
        days = int(45 * (1 - registration.pk % 97 / 97) ** 1.7)
        Registration.objects.filter(pk=registration.pk).update(
            created_at=now - timedelta(days=days, minutes=rng.randint(0, 600))
        )
    return created


def _create(event, organisations, organiser, categories, rng, now) -> int:
    n = 0
    cities = [o for o in organisations if o.kind in ("local_authority", "regional_authority")]
    others = [o for o in organisations if o not in cities]
    heads = []
    # Heads of delegation of ~26 cities (by invitation, approved by the secretariat, who also
    # confirm that each leads their city's delegation; a few claims still wait), members.
    for city in cities:
        n += 1
        head, _ = registration_create(
            event=event,
            category_id=categories["Head of delegation"].pk,
            person=replace(
                _person(rng, city, n, today=now.date()),
                honorific=rng.choice(["Mayor", "H.E.", "Hon."]),
                position=f"Mayor of {city.locality or city.name}",
            ),
            invitation_code="DAKAR-MAYORS",
            head_of_delegation=True,
            now=now,
        )
        heads.append(head)
        if rng.random() < 0.85:
            registration_approve(registration=head, user=organiser, message="")
        if n % 9:  # every ninth claim is left for the organisers to confirm
            registration_head_confirm(registration=head, user=organiser)
    for head in heads:
        head.refresh_from_db()
        if head.head_of_delegation != HeadOfDelegationClaim.CONFIRMED:
            continue
        for _ in range(rng.randint(2, 5)):
            n += 1
            member = _person(rng, head.organisation, n, today=now.date())
            delegation_add_member(
                head=head, category_id=categories["Delegate"].pk, person=member, now=now
            )
    # Delegates from international bodies, civil society, academia…
    while n < 255:
        n += 1
        org = rng.choice(others) if rng.random() < 0.9 else None
        registration_create(
            event=event,
            category_id=categories["Delegate"].pk,
            person=_person(rng, org, n, today=now.date()),
            now=now,
        )
    # Observers (fee, approval), speakers (invitation), press (12 seats: a waiting list forms).
    for name, count, code in (
        ("Observer", 14, ""),
        ("Speaker", 12, "DAKAR-SPEAKERS"),
        ("Press", 18, ""),
    ):
        for _ in range(count):
            n += 1
            org = (
                rng.choice([o for o in organisations if o.kind == "media"])
                if name == "Press"
                else rng.choice(others)
            )
            with contextlib.suppress(RegistrationError):
                registration_create(
                    event=event,
                    category_id=categories[name].pk,
                    person=_person(
                        rng,
                        org,
                        n,
                        today=now.date(),
                        visa_offered=categories[name].visa_letter_offered,
                    ),
                    invitation_code=code,
                    now=now,
                )
    # The secretariat's work so far: approvals, a few rejections, some cancellations.
    pending = list(
        Registration.objects.filter(
            event=event,
            state=RegistrationState.PENDING_APPROVAL,
            category__name__in=["Observer", "Press"],
        ).order_by("pk")
    )
    rng.shuffle(pending)
    for registration in pending[: len(pending) // 2]:
        registration_approve(registration=registration, user=organiser)
    for registration in pending[len(pending) // 2 : len(pending) // 2 + 2]:
        registration_reject(
            registration=registration,
            user=organiser,
            message="The press area is reserved for accredited media.",
        )
    delegates = list(
        Registration.objects.filter(
            event=event, category__name="Delegate", state=RegistrationState.CONFIRMED
        ).order_by("pk")
    )
    for registration in rng.sample(delegates, 9):
        registration_cancel(
            registration=registration,
            actor_label="registrant",
            reason="Travel not approved by the municipality.",
        )
    return Registration.objects.filter(event=event).count()
