import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def login(client, username, password):
    return client.post(
        "/en/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.9",
    )


def test_login_with_right_password_reaches_the_organiser_area(client):
    UserFactory(username="aminata")

    response = login(client, "aminata", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/en/manage/")


def test_login_wrong_password_says_so_in_the_users_language(client):
    UserFactory(username="aminata")

    response = client.post(
        "/fr/accounts/login/",
        {"username": "aminata", "password": "nope"},
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Saisissez un nom d’utilisateur et un mot de passe valides. Remarquez que chacun de ces "
        "champs est sensible à la casse (différenciation des majuscules/minuscules)."
    ]


def test_login_is_locked_after_five_failures_even_with_the_right_password(client):
    UserFactory(username="aminata")
    failures = [login(client, "aminata", f"guess-{i}").status_code for i in range(5)]

    locked = login(client, "aminata", PASSWORD)

    assert failures == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert "This account is locked for a while" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_spray_across_usernames_is_locked_by_address(client):
    """26 usernames from one address, one guess each: the address is locked after 5."""
    UserFactory(username="aminata")
    statuses = [login(client, chr(ord("a") + i) * 8, "Winter2026!").status_code for i in range(26)]

    after = login(client, "aminata", PASSWORD)

    assert statuses == [200] * 4 + [429] * 22
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_many_addresses_against_one_username_lock_the_username(client):
    UserFactory(username="aminata")
    statuses = [
        client.post(
            "/en/accounts/login/",
            {"username": "aminata", "password": f"guess-{i}"},
            REMOTE_ADDR=f"198.51.100.{i + 1}",
        ).status_code
        for i in range(6)
    ]

    fresh_address = client.post(
        "/en/accounts/login/",
        {"username": "aminata", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.77",
    )

    assert statuses == [200] * 4 + [429] * 2
    assert fresh_address.status_code == 429


def test_lockout_sees_the_client_behind_our_proxy_not_the_proxy(client, settings):
    """Behind one proxy, REMOTE_ADDR is the proxy for everybody: users are told apart by the
    address it forwards, and a forged X-Forwarded-For prefix changes nothing."""
    settings.FORUM_NUM_PROXIES = 1
    UserFactory(username="aminata")
    for i in range(5):
        client.post(
            "/en/accounts/login/",
            {"username": f"spray{i}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{i}.{i}.{i}.{i}, 203.0.113.50",
        )

    other_user = client.post(
        "/en/accounts/login/",
        {"username": "aminata", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    attacker = client.post(
        "/en/accounts/login/",
        {"username": "aminata", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )

    assert (other_user.status_code, other_user["Location"]) == (302, "/en/manage/")
    assert attacker.status_code == 429


@pytest.mark.parametrize("length", [300, 10_000])
def test_overlong_username_is_an_ordinary_failed_login(client, length):
    response = login(client, "u" * length, "whatever")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]


def test_login_page_has_no_public_sign_up(client):
    response = client.get("/en/accounts/login/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Only organisers have accounts." in body
    assert "sign up" not in body.lower()
