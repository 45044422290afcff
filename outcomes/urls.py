"""Outcome statement URLs (inside the language prefix).

Public: /events/<event>/statements/…; the signatory's link: /endorsements/<token>/;
a participant's pages: /r/<token>/statements/ (next to their registration's manage link).
Organiser pages are ``manage_patterns``, mounted under /manage/<event>/statements/.
"""

from django.urls import path

from outcomes import views, views_compile, views_organiser, views_pledges

app_name = "outcomes"
statement = "events/<slug:event_slug>/statements/<slug:slug>/"
urlpatterns = [
    path("events/<slug:event_slug>/statements/", views.statement_list, name="statements"),
    path(statement, views.statement_detail, name="statement"),
    path(f"{statement}changes/", views.statement_changes, name="changes"),
    path(f"{statement}pdf/", views.statement_pdf_view, name="pdf"),
    path(f"{statement}endorse/", views.statement_endorse, name="endorse"),
    path("endorsements/<str:token>/", views.endorsement_link, name="endorsement_link"),
    path("endorsements/<str:token>/pledges/new/", views_pledges.pledge_new, name="pledge_new"),
    path(
        "endorsements/<str:token>/pledges/<str:code>/",
        views_pledges.pledge_edit,
        name="pledge_edit",
    ),
    path("r/<str:token>/statements/", views.participant_statements, name="participant"),
]

manage_patterns = [
    path("", views_organiser.statements, name="statements"),
    path("new/", views_organiser.statement_new, name="new"),
    path("<slug:slug>/", views_organiser.statement_manage, name="statement"),
    path("<slug:slug>/versions/new/", views_organiser.version_new, name="version_new"),
    path("<slug:slug>/compile/", views_compile.compile_view, name="compile"),
    path("<slug:slug>/comments/", views_organiser.comments, name="comments"),
    path("<slug:slug>/endorsements/", views_organiser.endorsements, name="endorsements"),
    path("<slug:slug>/pledges/", views_pledges.pledges, name="pledges"),
    path("<slug:slug>/pledges.csv", views_pledges.pledges_csv, name="pledges_csv"),
    path("<slug:slug>/pledges/<str:code>/", views_pledges.pledge, name="pledge"),
]
