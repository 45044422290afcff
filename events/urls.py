from django.urls import path

from events.views import organisations, organisers, public, workspace

app_name = "events"
urlpatterns = [
    path("<slug:slug>/", public.event_detail, name="detail"),
]

# Organiser pages in the "manage" namespace, with the registrations app's (forum/urls.py).
manage_patterns = [
    path("", organisers.manage_dashboard, name="dashboard"),
    # The organisation directory, shared by every event (before the per-event pages).
    path("organisations/", organisations.organisation_directory, name="organisations"),
    path("organisations/new/", organisations.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/", organisations.organisation_edit, name="organisation_edit"),
    path("<slug:slug>/audit/", organisers.audit_log, name="audit_log"),
    path("<slug:slug>/settings/", workspace.event_settings, name="event_settings"),
    path("<slug:slug>/team/", workspace.teams, name="teams"),
]
