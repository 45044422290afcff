"""Every admin page organisers and administrators reach renders, on realistic demo data."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--allow-production", stdout=None)


def test_admin_changelists_and_change_pages_render_for_a_superuser(client, demo):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    failures = []
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(changelist)
        if response.status_code != 200:
            failures.append((changelist, response.status_code))
            continue
        obj = model_admin.get_queryset(response.wsgi_request).first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            status = client.get(change).status_code
            if status != 200:
                failures.append((change, status))

    assert failures == []
    assert len(admin.site._registry) >= 20


def test_admin_search_works_on_every_searchable_changelist(client, demo):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    failures = []
    for model, model_admin in admin.site._registry.items():
        if not model_admin.search_fields:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        status = client.get(url, {"q": "Dakar"}).status_code
        if status != 200:
            failures.append((url, status))

    assert failures == []
