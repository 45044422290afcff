"""Load the demo forum: a realistic, fictional edition of a mayoral forum.

Idempotent: run it again and it updates the same rows instead of adding more. Dates are
relative to today, so the demo always shows an upcoming forum with registration open.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events.enums import EventStatus
from events.models import Event, Organisation, Venue
from events.services.teams import team_add_member
from forum.demo.documents import seed_documents
from forum.demo.links import seed_links
from forum.demo.nominations import seed_nominations
from forum.demo.organisations import OFFICIAL_DOMAINS, ORGANISATIONS
from forum.demo.outcomes import seed_outcomes
from forum.demo.participation import seed_participation
from forum.demo.payments import seed_payments
from forum.demo.pledges import seed_pledges
from forum.demo.programme import seed_bookmarks, seed_double_booking, seed_programme
from forum.demo.proposal_texts import REVIEWER_PASSWORD
from forum.demo.proposals import seed_proposals
from forum.demo.questions import seed_questions
from forum.demo.registrations import seed_registrations
from forum.demo.reports import seed_reports
from forum.jobs import task_name
from forum.mail import mail_send_now
from forum.models import Job
from outcomes.models import Pledge
from registrations.models import Registration

DEMO_PASSWORD = "demo-organiser"  # noqa: S105 - documented demo credential, DEBUG only


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


class Command(BaseCommand):
    help = "Create or refresh the demo forum (organisations, venues, editions, organisers)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Pretend today is this date (YYYY-MM-DD); for reproducible demos and tests.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with DJANGO_DEBUG off (it creates a login with a published password).",
        )

    def handle(self, *args, today: date | None = None, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates an organiser with a published password; it runs only with "
                "DJANGO_DEBUG on (or --allow-production)."
            )
        today = today or timezone.now().date()
        with transaction.atomic():
            last_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self._seed(today)
            # The demo's hundreds of confirmation emails would only flood the console: they
            # are dropped from the outbox before the commit would send them.
            Job.objects.filter(pk__gt=last_job, task=task_name(mail_send_now)).delete()

    @transaction.atomic
    def _seed(self, today: date) -> None:
        organisations = self._organisations()
        events = self._events(today)
        organiser = self._organisers(events["current"], events["previous"])
        # The programme's deliberate conflict is added last, after the accepted side events
        # are published (seed_proposals): it stays in the working copy only.
        seed_programme(
            event=events["current"], organisations=organisations, today=today, double_booking=False
        )
        seed_registrations(
            event=events["current"], organisations=organisations, organiser=organiser, today=today
        )
        seed_participation(event=events["current"], today=today)  # online places, registrants
        seed_bookmarks(event=events["current"])  # a registrant's personal agenda
        # Webcasts, meeting links, remote speakers; a recording of the previous edition.
        seed_links(event=events["current"], past_event=events["previous"])
        # The previous edition's thematic sessions and their reports, before its declaration
        # is compiled from them (seed_outcomes).
        seed_reports(event=events["previous"], organiser=organiser)
        seed_documents(event=events["current"], organiser=organiser)  # concept note, papers
        seed_payments(event=events["current"], organiser=organiser)  # payments, check-ins
        seed_nominations(
            event=events["current"], organiser=organiser, today=today
        )  # focal points, letters
        seed_questions(event=events["current"], organiser=organiser)  # the form's own questions
        adopted, _draft = seed_outcomes(  # declarations and signatories
            event=events["current"],
            organisations=organisations,
            previous=events["previous"],
            organiser=organiser,
            today=today,
        )
        seed_pledges(statement=adopted, organiser=organiser, today=today)  # signatories' actions
        # The call for side events: proposals, two review committees, decisions; the accepted
        # side events placed in free rooms and published as the programme's third version.
        seed_proposals(
            event=events["current"], organisations=organisations, organiser=organiser, today=today
        )
        seed_double_booking(event=events["current"], organisations=organisations)
        registrations = Registration.objects.filter(event=events["current"]).count()
        pledges = Pledge.objects.filter(statement=adopted).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo forum ready: {len(organisations)} organisations, {len(events)} editions, "
                f"{registrations} registrations; the previous edition's session reports, "
                f"declaration and {pledges} pledged local actions; "
                f"organiser login 'organiser' / '{DEMO_PASSWORD}', "
                f"reviewers 'reviewer1'…'reviewer6' / '{REVIEWER_PASSWORD}'."
            )
        )

    def _organisations(self) -> list[Organisation]:
        result = []
        for name, short, kind, country, locality in ORGANISATIONS:
            org, _ = Organisation.objects.update_or_create(
                slug=slugify(name),
                defaults={
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "country": country,
                    "locality": locality,
                    "official_domains": OFFICIAL_DOMAINS.get(name, ""),
                },
            )
            result.append(org)
        return result

    def _events(self, today: date) -> dict[str, Event]:
        dakar_venue, _ = Venue.objects.update_or_create(
            name_en="Centre International de Conférences Abdou Diouf",
            city="Diamniadio",
            defaults={
                "name_fr": "Centre International de Conférences Abdou Diouf",
                "name_es": "Centro Internacional de Conferencias Abdou Diouf",
                "directions": (
                    "Regional Express Train (TER) from Dakar to the Diamniadio station, then a "
                    "ten-minute walk; forum shuttles leave the Place de l'Indépendance every 30 "
                    "minutes from 7:00."
                ),
                "directions_fr": (
                    "Train Express Régional (TER) de Dakar jusqu'à la gare de Diamniadio, puis dix "
                    "minutes à pied ; navettes du forum depuis la place de l'Indépendance toutes "
                    "les 30 minutes à partir de 7 h."
                ),
                "address": "Pôle urbain de Diamniadio\nDakar, Senegal",
                "country": "SN",
            },
        )
        manila_venue, _ = Venue.objects.update_or_create(
            name_en="Quezon City Hall Convention Centre",
            city="Quezon City",
            defaults={"address": "Elliptical Road, Diliman\nQuezon City", "country": "PH"},
        )
        quito_venue, _ = Venue.objects.update_or_create(
            name_en="Centro de Convenciones Metropolitano",
            city="Quito",
            defaults={"address": "Av. Amazonas y Av. de la Prensa\nQuito", "country": "EC"},
        )
        # The current edition: a Tuesday about three months ahead, three days long.
        start = _next_weekday(today + timedelta(days=90), 1)
        tz_dakar = "Africa/Dakar"
        current = self._event(
            slug="mayoral-forum-dakar",
            name=f"Mayoral Forum on Mobility, Migration and Development — Dakar {start.year}",
            tagline="Cities building inclusive futures for migrants and displaced people",
            description=(
                "The Mayoral Forum brings together mayors, city and regional leaders, UN "
                "agencies, national governments and civil society to exchange practices on "
                "human mobility and to feed local voices into the Global Forum on Migration "
                "and Development.\n\nThis edition, hosted by the City of Dakar, focuses on "
                "climate mobility, access to services and the role of cities in regional free "
                "movement."
            ),
            name_fr=f"Forum des maires sur la mobilité, la migration et le développement — Dakar {start.year}",
            name_es=f"Foro de Alcaldes sobre Movilidad, Migración y Desarrollo — Dakar {start.year}",
            tagline_fr="Des villes qui bâtissent un avenir inclusif pour les migrants et les personnes déplacées",
            tagline_es="Ciudades que construyen un futuro inclusivo para las personas migrantes y desplazadas",
            description_fr=(
                "Le Forum des maires réunit maires, responsables de villes et de régions, agences "
                "des Nations Unies, gouvernements nationaux et société civile pour échanger sur "
                "leurs pratiques en matière de mobilité humaine et porter les voix locales au "
                "Forum mondial sur la migration et le développement.\n\nCette édition, accueillie "
                "par la Ville de Dakar, porte sur la mobilité climatique, l'accès aux services et "
                "le rôle des villes dans la libre circulation régionale."
            ),
            description_es=(
                "El Foro de Alcaldes reúne a alcaldes, líderes de ciudades y regiones, agencias de "
                "las Naciones Unidas, gobiernos nacionales y sociedad civil para intercambiar "
                "prácticas sobre movilidad humana y llevar las voces locales al Foro Mundial sobre "
                "Migración y Desarrollo.\n\nEsta edición, acogida por la Ciudad de Dakar, se centra "
                "en la movilidad climática, el acceso a los servicios y el papel de las ciudades "
                "en la libre circulación regional."
            ),
            host_city="Dakar",
            host_country="SN",
            venue=dakar_venue,
            start_date=start,
            end_date=start + timedelta(days=2),
            timezone=tz_dakar,
            languages=["fr", "en", "es"],
            status=EventStatus.PUBLISHED,
            registration_opens_at=datetime.combine(today - timedelta(days=45), time(9), UTC),
            registration_closes_at=datetime.combine(start - timedelta(days=14), time(23, 59), UTC),
        )
        last_year = _next_weekday(start - timedelta(days=365), 1)
        previous = self._event(
            slug="mayoral-forum-quezon-city",
            name=f"Mayoral Forum on Mobility, Migration and Development — Quezon City {last_year.year}",
            tagline="Local action for safe, orderly and regular migration",
            description="Hosted by Quezon City Government.",
            host_city="Quezon City",
            host_country="PH",
            venue=manila_venue,
            start_date=last_year,
            end_date=last_year + timedelta(days=2),
            timezone="Asia/Manila",
            languages=["en", "es", "fr"],
            status=EventStatus.ARCHIVED,
            registration_opens_at=None,
            registration_closes_at=None,
        )
        two_years = _next_weekday(start - timedelta(days=730), 1)
        older = self._event(
            slug="mayoral-forum-quito",
            name=f"Mayoral Forum on Mobility, Migration and Development — Quito {two_years.year}",
            tagline="Cities at the heart of human mobility in the Americas",
            description="Hosted by the Municipality of Quito.",
            host_city="Quito",
            host_country="EC",
            venue=quito_venue,
            start_date=two_years,
            end_date=two_years + timedelta(days=2),
            timezone="America/Guayaquil",
            languages=["es", "en", "fr"],
            status=EventStatus.ARCHIVED,
            registration_opens_at=None,
            registration_closes_at=None,
        )
        return {"current": current, "previous": previous, "older": older}

    def _event(self, *, slug: str, **fields) -> Event:
        event, _ = Event.objects.update_or_create(slug=slug, defaults=fields)
        event.full_clean()
        return event

    def _organisers(self, event: Event, previous: Event):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username="organiser",
            defaults={
                "first_name": "Aminata",
                "last_name": "Ndiaye",
                "email": "organiser@example.org",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        team_add_member(
            event=event,
            team_name="Secretariat",
            user=user,
            can_change_event=True,
            can_change_teams=True,
            can_manage_programme=True,
            can_manage_registrations=True,
            can_view_personal_data=True,
            can_manage_outcomes=True,
        )
        # The previous edition's secretariat: its reports, declaration and pledges.
        team_add_member(
            event=previous,
            team_name="Secretariat",
            user=user,
            can_manage_programme=True,
            can_manage_outcomes=True,
        )
        return user
