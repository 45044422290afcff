"""Hostile form input, one home: the values, the example budget and the check every form
fuzz test makes (no server error; a refused form writes nothing)."""

from django.apps import apps
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Text of any kind (NULs included), huge and tiny values, wrong types, lists where one value
# is expected, and None for a field left out of the POST.
junk = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=250, max_size=3000),
    st.sampled_from(
        [
            "", "0", "-1", "9" * 30, "-9" * 20, "1e309", "NaN", "0x10", "1.5", "on", "true",
            "2027-02-30", "1900-01-01", "9999-12-31T23:59", "fr", "EC", "\x00", "a\x00b",
            "x" * 10_000, "١٢", "<script>", "' OR 1=1 --",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(st.text(max_size=20), max_size=5),
    st.none(),
)  # fmt: skip

# Every example of a test runs in that test's one transaction: fixtures persist across them.
fuzz = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile(fields) -> st.SearchStrategy[dict]:
    """Some of ``fields`` (a form's names, ids and actions) set to junk or left out."""
    return st.dictionaries(st.sampled_from(sorted(fields)), junk, max_size=len(fields))


def snapshot(*app_labels: str) -> dict:
    """Every row of every model of the apps: what a refused form must leave unchanged."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for label in app_labels
        for model in apps.get_app_config(label).get_models()
    }


def post_hostile(
    client, url: str, valid: dict, overrides: dict, *, apps=("events",), refused=(200, 400)
):
    """POST ``valid`` with ``overrides`` (None: left out); assert no server error, and no
    write at all when the answer says the form was refused (the form again: 200 or 400)."""
    data = {k: v for k, v in {**valid, **overrides}.items() if v is not None}
    before = snapshot(*apps)
    response = client.post(url, data)
    assert response.status_code < 500, response.status_code
    if response.status_code in refused:
        assert snapshot(*apps) == before
    return response
