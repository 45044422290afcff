"""Hostile querystrings on every registered changelist and autocomplete: never a 500.

Each changelist gets the same list of bad parameters (NUL characters, invalid regular
expressions, unknown lookups, absurd lengths, ordering and paging garbage) plus bad values for
each filter it really offers, as a superuser (the only user the admin lets in; an organiser
holding every flag of the event gets the admin's login page for every one of them).
NUL characters go to the changelist's "?e=1" page, refused lookups to a 400, and searches that
cannot match find nothing.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import UserFactory

# The same two events as the scoping walk (the fixture is shared by importing it).
from tests.forum.test_admin_scoping import autocomplete_sources, world  # noqa: F401

pytestmark = pytest.mark.django_db

NUL = "\x00"

# (querystring, what the changelist must answer): "e=1" is Django's redirect to the
# changelist's own "invalid filter" page, "refused" a 400, "empty" a page with no rows.
HOSTILE = [
    ({"reference": NUL}, "e=1"),
    ({"q": NUL}, "e=1"),
    ({"q": f"Dakar{NUL}"}, "e=1"),
    ({"o": NUL}, "e=1"),
    ({"p": NUL}, "e=1"),
    ({"passport_number__regex": "["}, "refused"),
    ({"pk__regex": "["}, "refused"),
    ({"id__in": "1,a"}, "refused"),
    ({"no_such_field": "1"}, "refused"),
    ({"reference": "x" * 5000}, "refused"),
    ({"q": "x" * 5000}, "empty"),
    ({"q": "a " * 2000}, "empty"),
    ({"o": "garbage"}, "ok"),
    ({"o": "99.-3.x"}, "ok"),
    ({"p": "-1"}, "ok"),
    ({"p": "999999"}, "ok"),
    ({"p": "abc"}, "ok"),
    ({"all": ""}, "ok"),
    ({"e": "1"}, "ok"),
]
BAD_VALUES = [NUL, "x" * 1000, "2026-13-45"]


def classify(response) -> str:
    if response.status_code == 302 and response["Location"].endswith("?e=1"):
        return "e=1"
    if response.status_code == 400:
        return "refused"
    if response.status_code == 200:
        if "cl" in response.context and response.context["cl"].result_count == 0:
            return "empty"
        return "ok"
    return str(response.status_code)


def filter_lookups(model_admin, user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    allowed = getattr(model_admin, "allowed_lookups", lambda request: set())
    return sorted(allowed(request))


def fuzz_changelists(client, user) -> dict:
    client.raise_request_exception = False
    answers = {}
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if client.get(url).status_code == 403:
            answers[opts.label] = "forbidden"
            continue
        wrong = []
        for params, expected in HOSTILE:
            answer = classify(client.get(url, params))
            # "empty" and "ok" are both a page of results; "ok" only promises no error.
            if answer != expected and not (expected == "ok" and answer == "empty"):
                wrong.append((params, answer))
        for lookup in filter_lookups(model_admin, user):
            for value in BAD_VALUES:
                response = client.get(url, {lookup: value})
                answer = classify(response)
                if answer not in {"ok", "empty", "e=1"} or (value == NUL and answer != "e=1"):
                    wrong.append(({lookup: value}, answer))
        answers[opts.label] = wrong
    return answers


def fuzz_autocomplete(client) -> dict:
    client.raise_request_exception = False
    answers = {}
    for source, field_name, _target in autocomplete_sources():
        results = []
        for term in (NUL, f"Dakar{NUL}", "x" * 5000, "a " * 2000, "["):
            response = client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": source._meta.app_label,
                    "model_name": source._meta.model_name,
                    "field_name": field_name,
                    "term": term,
                },
            )
            results.append(
                (response.status_code, response.json()["results"])
                if response.status_code == 200
                else response.status_code
            )
        answers[f"{source._meta.label}.{field_name}"] = results
    return answers


def test_changelists_answer_hostile_querystrings_without_error_for_a_superuser(client, world):  # noqa: F811
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)

    answers = fuzz_changelists(client, user)

    assert answers == {model._meta.label: [] for model in admin.site._registry}


def test_an_organiser_gets_the_login_page_whatever_the_querystring(client, world):  # noqa: F811
    client.force_login(world["dakar_board"])
    client.raise_request_exception = False

    answers = {}
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        statuses = set()
        for params, _expected in HOSTILE:
            response = client.get(url, params)
            statuses.add(
                (response.status_code, response["Location"].startswith("/en/admin/login/?next="))
            )
        answers[opts.label] = statuses

    assert answers == {model._meta.label: {(302, True)} for model in admin.site._registry}


def test_autocomplete_answers_hostile_terms_with_nothing(client, world):  # noqa: F811
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    answers = fuzz_autocomplete(client)

    nothing = [(200, [])] * 5
    assert answers == dict.fromkeys(answers, nothing)
    assert len(answers) >= 5
