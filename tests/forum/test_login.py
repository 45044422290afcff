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


def test_login_lockout_is_per_address_and_username(client):
    UserFactory(username="aminata")
    for i in range(5):
        login(client, "aminata", f"guess-{i}")

    other_address = client.post(
        "/en/accounts/login/",
        {"username": "aminata", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )

    assert (other_address.status_code, other_address["Location"]) == (302, "/en/manage/")


def test_login_page_has_no_public_sign_up(client):
    response = client.get("/en/accounts/login/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Only organisers have accounts." in body
    assert "sign up" not in body.lower()
