"""PostgreSQL or Redis stopped under traffic: 503s with Retry-After, never a 500, no
acknowledged registration lost, and recovery without restarting the app.

A throwaway cluster and redis-server on free loopback ports (tests/faults/services.py), the app
under gunicorn with production settings against them, and a few threads registering and
reading pages, the API and the iCal feed while one service is stopped and started again.
"""

import contextlib
import json
import shutil
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
import requests
from django.conf import settings

from tests.faults import services
from tests.registrations.registration_helpers import form_data

pytestmark = pytest.mark.skipif(
    bool(services.missing_binaries()), reason=services.missing_binaries()
)

THREADS = 3
KINDS = ("register", "page", "api", "ical")


@dataclass(frozen=True)
class Answer:
    kind: str
    status: int  # 0: no HTTP answer at all (connection refused, timeout)
    started: float
    ended: float
    content_type: str = ""
    retry_after: str | None = None
    email: str | None = None  # registrations: the address sent


class _HiddenInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""


class Traffic:
    """Threads looping over registrations, an event page, an API list and the iCal feed."""

    def __init__(self, app: services.App, site: dict):
        self.app, self.site = app, site
        self.answers: list[Answer] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(THREADS)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def _record(self, answer: Answer) -> None:
        with self._lock:
            self.answers.append(answer)

    def _get(self, http, kind, path) -> requests.Response | None:
        started = time.monotonic()
        try:
            response = http.get(self.app.base + path, timeout=30, allow_redirects=False)
        except requests.RequestException:
            self._record(Answer(kind, 0, started, time.monotonic()))
            return None
        self._record(
            Answer(
                kind,
                response.status_code,
                started,
                time.monotonic(),
                response.headers.get("Content-Type", ""),
                response.headers.get("Retry-After"),
            )
        )
        return response

    def _run(self, n: int) -> None:
        slug = self.site["slug"]
        http = requests.Session()
        csrf = ""
        i = 0
        while not self._stop.is_set():
            kind = KINDS[i % len(KINDS)]
            i += 1
            if kind == "page":
                self._get(http, kind, f"/en/events/{slug}/")
            elif kind == "api":
                self._get(http, kind, "/api/v1/organisations/")
            elif kind == "ical":
                self._get(http, kind, f"/events/{slug}/schedule.ics")
            else:
                csrf = self._register(http, slug, csrf)
            time.sleep(0.02)

    def _register(self, http, slug: str, csrf: str) -> str:
        form = self._get(http, "form", f"/en/events/{slug}/register/")
        hidden = {}
        if form is not None and form.status_code == 200:
            parser = _HiddenInputs()
            parser.feed(form.text)
            hidden = parser.fields
            csrf = form.cookies.get("csrftoken", csrf)
        if not csrf:
            return csrf  # no form served yet: a POST now could only be refused by CSRF (403)
        # Without a fresh form only the fields every form has: a stale one-time field could
        # stand for an earlier submission.
        hidden.setdefault("csrfmiddlewaretoken", csrf)
        email = f"faults-{uuid.uuid4().hex[:12]}@example.org"
        data = form_data(SimpleNamespace(pk=self.site["category"]), email=email, **hidden)
        started = time.monotonic()
        try:
            response = http.post(
                self.app.base + f"/en/events/{slug}/register/",
                data=data,
                headers={"Cookie": f"csrftoken={csrf}"},  # the cookie is Secure: sent by hand
                timeout=30,
                allow_redirects=False,
            )
        except requests.RequestException:
            self._record(Answer("register", 0, started, time.monotonic(), email=email))
            return csrf
        self._record(
            Answer(
                "register",
                response.status_code,
                started,
                time.monotonic(),
                response.headers.get("Content-Type", ""),
                response.headers.get("Retry-After"),
                email,
            )
        )
        return csrf

    def wait_for(self, condition, timeout: float = 30) -> float:
        """Keep the traffic going until ``condition(answers)`` holds; return when it did."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if condition(list(self.answers)):
                    return time.monotonic()
            time.sleep(0.1)
        raise AssertionError(f"traffic never got there in {timeout} s: {self.summary()}")

    def summary(self) -> dict[tuple[str, int], int]:
        with self._lock:
            return dict(Counter((a.kind, a.status) for a in self.answers))

    def between(self, start: float, end: float) -> list[Answer]:
        with self._lock:
            return [a for a in self.answers if a.started >= start and a.ended <= end]


@pytest.fixture(scope="module")
def stack():
    """PostgreSQL, Redis and the app, all throwaway; torn down whatever happens."""
    directory = services.temporary_directory()
    started = []
    try:
        postgres = services.Postgres(directory)
        postgres.start()
        started.append(postgres)
        postgres.create_database()
        redis = services.Redis(directory)
        redis.start()
        started.append(redis)
        app = services.App(
            database_url=postgres.url,
            redis_url=redis.url,
            secret_key=settings.SECRET_KEY,  # the form's time stamps are signed with it
            log=directory / "app.log",
        )
        # One Django start for both (each costs seconds on a busy machine).
        seeded = app.manage(
            "shell",
            "-c",
            "from django.core.management import call_command; call_command('migrate', verbosity=0);"
            " from tests.faults.seed import seed; seed()",
        )
        site = json.loads(seeded.splitlines()[-1])
        started.append(app)
        app.start()
        yield SimpleNamespace(
            postgres=postgres, redis=redis, app=app, site=site, log=directory / "app.log"
        )
    finally:
        for service in reversed(started):
            with contextlib.suppress(Exception):  # e.g. already stopped by a failed test
                service.stop()
        shutil.rmtree(directory, ignore_errors=True)


def wait_until_served(app: services.App, path: str, timeout: float = 30) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(app.base + path, timeout=10).status_code == 200:
                return time.monotonic()
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{path} did not recover within {timeout} s")


def app_log(stack) -> str:
    """The app's log from its first server error on: why an answer was a 500."""
    text = stack.log.read_text(errors="replace")
    return text[max(text.find("Internal Server Error"), 0) :][:6000]


def registered_emails(postgres: services.Postgres) -> set[str]:
    return {email for (email,) in postgres.query("SELECT email FROM events_registration")}


def acknowledged(answers: list[Answer]) -> set[str]:
    return {a.email for a in answers if a.kind == "register" and a.status == 302}


def every_kind_served_since(moment: float):
    """A condition: each kind of request answered with success at least once since ``moment``."""

    def condition(answers: list[Answer]) -> bool:
        served = {a.kind for a in answers if a.started >= moment and a.status in (200, 302)}
        return served == {"form", *KINDS}

    return condition


def phase_of_traffic(traffic: Traffic, stop, start) -> SimpleNamespace:
    """Run: until every kind succeeded; stop the service for 3 s (while traffic goes on);
    start it; until every kind succeeded again. The moments of each step."""
    traffic.wait_for(every_kind_served_since(0))
    before_stop = time.monotonic()
    stop()
    stopped = time.monotonic()
    time.sleep(3)
    restarting = time.monotonic()
    start()
    restarted = time.monotonic()
    recovered = traffic.wait_for(every_kind_served_since(restarted))
    return SimpleNamespace(
        before_stop=before_stop, stopped=stopped, restarting=restarting, recovered=recovered
    )


def test_postgres_stopped_under_traffic(stack):
    with Traffic(stack.app, stack.site) as traffic:
        moments = phase_of_traffic(traffic, stack.postgres.stop, stack.postgres.start)
        time.sleep(1)
        finished = time.monotonic()
    print(traffic.summary())

    answers = traffic.answers
    down = traffic.between(moments.stopped, moments.restarting)
    after = traffic.between(moments.recovered, finished)  # every kind succeeded just before
    # Not one server error or dropped connection, whatever the moment.
    assert [a for a in answers if a.status >= 500 and a.status != 503] == [], app_log(stack)
    assert [a for a in answers if a.status == 0] == []
    # Before: registrations acknowledged. While stopped: 503 with Retry-After, a page in HTML
    # and the API in JSON (the iCal feed may be served from the cache: 200 or 503).
    assert acknowledged(traffic.between(0, moments.before_stop))
    assert {(a.kind, a.status) for a in down if a.kind != "ical"} == {
        ("register", 503),
        ("form", 503),
        ("page", 503),
        ("api", 503),
    }
    unavailable = [a for a in down if a.status == 503]
    assert {a.retry_after for a in unavailable} == {"30"}
    assert {a.content_type for a in unavailable if a.kind == "api"} == {"application/json"}
    assert {a.content_type for a in unavailable if a.kind != "api"} == {"text/html; charset=utf-8"}
    # After the restart, without restarting the app: everything answers again.
    assert {(a.kind, a.status) for a in after} <= {
        ("register", 302),
        ("form", 200),
        ("page", 200),
        ("api", 200),
        ("ical", 200),
    }
    # Every acknowledged registration is in the database.
    assert acknowledged(answers) - registered_emails(stack.postgres) == set()


def test_redis_stopped_under_traffic(stack):
    with Traffic(stack.app, stack.site) as traffic:
        moments = phase_of_traffic(traffic, stack.redis.stop, stack.redis.start)
        time.sleep(1)
        finished = time.monotonic()
    print(traffic.summary())

    answers = traffic.answers
    down = traffic.between(moments.stopped, moments.restarting)
    after = traffic.between(moments.recovered, finished)  # every kind succeeded just before
    assert [a for a in answers if a.status >= 500 and a.status != 503] == [], app_log(stack)
    assert [a for a in answers if a.status == 0] == []
    assert acknowledged(traffic.between(0, moments.before_stop))
    # While stopped: whatever needs the cache answers 503 with Retry-After; the rest works.
    assert {a.status for a in down} <= {200, 302, 503}
    assert {a.retry_after for a in down if a.status == 503} <= {"30"}
    assert {a.content_type for a in down if a.status == 503 and a.kind == "api"} <= {
        "application/json"
    }
    assert {(a.kind, a.status) for a in after} <= {
        ("register", 302),
        ("form", 200),
        ("page", 200),
        ("api", 200),
        ("ical", 200),
    }
    assert acknowledged(answers) - registered_emails(stack.postgres) == set()


def test_a_visitor_sees_a_translated_page_while_the_database_is_down_and_retries(
    stack, page, screenshot, axe_serious
):
    """In a browser: the registration form in Spanish, the database stopped, then started."""
    url = f"{stack.app.base}/es/events/{stack.site['slug']}/register/"
    page.goto(url)
    assert page.locator("h1").count() == 1

    stack.postgres.stop()
    try:
        down = page.goto(url)
        assert (down.status, down.headers["retry-after"], down.headers["content-language"]) == (
            503,
            "30",
            "es",
        )
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == "No disponible por un momento"
        assert page.locator("main p").first.inner_text() == (
            "El foro no puede responder en este momento. Inténtelo de nuevo dentro de un minuto."
        )
        # Styled: the stylesheet is served without the database.
        header = "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        assert page.evaluate(header) == "rgb(8, 62, 111)"
        assert axe_serious(page) == []
        screenshot(page, "service-unavailable-es")
    finally:
        stack.postgres.start()

    wait_until_served(stack.app, f"/es/events/{stack.site['slug']}/register/")
    again = page.reload()
    assert again.status == 200
    assert page.locator("form").count() >= 1
    assert "No disponible" not in page.locator("h1").inner_text()
    # The only console error: the browser noting the 503 of the page itself.
    assert page.js_errors == [
        "Failed to load resource: the server responded with a status of 503 (Service Unavailable)"
    ]
