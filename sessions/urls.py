"""Programme URLs: public pages under /<lang>/events/<event_slug>/, organiser pages under
/<lang>/manage/<event_slug>/."""

from django.urls import path

from sessions.feeds.pages import widget_builder
from sessions.views import organisers, public, workspace_sessions

app_name = "programme"
urlpatterns = [
    path("programme/", public.agenda, name="agenda"),
    path("programme/changes/", public.changelog, name="changelog"),
    path("programme/sessions/<str:code>/", public.session_detail, name="session"),
    path("programme/speakers/", public.speaker_list, name="speakers"),
    path("programme/speakers/<str:code>/", public.speaker_detail, name="speaker"),
    path("speaker/<str:token>/", public.speaker_invitation, name="speaker_invitation"),
]

manage_urlpatterns = [
    path("timetable/", organisers.timetable, name="timetable"),
    path("timetable/move/", organisers.session_move, name="session_move"),
    path(
        "timetable/sessions/<str:code>/",
        organisers.session_schedule_view,
        name="session_schedule",
    ),
    path("publish/", organisers.publish, name="publish"),
    path("widget/", widget_builder, name="widget_builder"),
    # The sessions workspace.
    path("sessions/", workspace_sessions.session_list, name="sessions"),
    path("sessions/new/", workspace_sessions.session_create_view, name="session_create"),
    path("sessions/<str:code>/", workspace_sessions.session_edit, name="session_edit"),
    path(
        "sessions/<str:code>/duplicate/",
        workspace_sessions.session_duplicate_view,
        name="session_duplicate",
    ),
    path(
        "sessions/<str:code>/cancel/",
        workspace_sessions.session_state_view,
        {"change": "cancel"},
        name="session_cancel",
    ),
    path(
        "sessions/<str:code>/restore/",
        workspace_sessions.session_state_view,
        {"change": "restore"},
        name="session_restore",
    ),
]
