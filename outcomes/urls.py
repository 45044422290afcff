"""Outcome statement URLs (inside the language prefix).

Public: /events/<event>/statements/…; the signatory's link: /endorsements/<token>/;
a participant's pages: /r/<token>/statements/ (next to their registration's manage link).
Organiser pages are ``manage_patterns``, mounted under /manage/<event>/statements/.
"""

from django.urls import path

from outcomes.views import compilation, organisers, pledges, pledges_public, public

app_name = "outcomes"
statement = "events/<slug:event_slug>/statements/<slug:slug>/"
urlpatterns = [
    path("events/<slug:event_slug>/statements/", public.statement_list, name="statements"),
    path(statement, public.statement_detail, name="statement"),
    path(f"{statement}changes/", public.statement_changes, name="changes"),
    path(f"{statement}pdf/", public.statement_pdf_view, name="pdf"),
    path(f"{statement}endorse/", public.statement_endorse, name="endorse"),
    path(f"{statement}pledges/", pledges_public.pledges_public, name="pledges"),
    path(
        f"{statement}pledges.csv",
        pledges_public.pledges_csv_public,
        name="pledges_csv_public",
    ),
    path("endorsements/<str:token>/", public.endorsement_link, name="endorsement_link"),
    path("endorsements/<str:token>/pledges/new/", pledges.pledge_new, name="pledge_new"),
    path(
        "endorsements/<str:token>/pledges/<str:code>/",
        pledges.pledge_edit,
        name="pledge_edit",
    ),
    path("r/<str:token>/statements/", public.participant_statements, name="participant"),
]

manage_patterns = [
    path("", organisers.statements, name="statements"),
    path("new/", organisers.statement_new, name="new"),
    path("<slug:slug>/", organisers.statement_manage, name="statement"),
    path("<slug:slug>/versions/new/", organisers.version_new, name="version_new"),
    path("<slug:slug>/compile/", compilation.compile_view, name="compile"),
    path("<slug:slug>/comments/", organisers.comments, name="comments"),
    path("<slug:slug>/endorsements/", organisers.endorsements, name="endorsements"),
    path("<slug:slug>/pledges/", pledges.pledges, name="pledges"),
    path("<slug:slug>/pledges.csv", pledges.pledges_csv, name="pledges_csv"),
    path("<slug:slug>/pledges/<str:code>/", pledges.pledge, name="pledge"),
]
