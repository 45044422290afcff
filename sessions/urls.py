"""Programme URLs: public pages under /<lang>/events/<event_slug>/, organiser pages under
/<lang>/manage/<event_slug>/."""

from django.urls import path

from sessions import views
from sessions.feeds.pages import widget_builder

app_name = "programme"
urlpatterns = [
    path("programme/", views.agenda, name="agenda"),
    path("programme/changes/", views.changelog, name="changelog"),
    path("programme/sessions/<str:code>/", views.session_detail, name="session"),
    path("programme/speakers/", views.speaker_list, name="speakers"),
    path("programme/speakers/<str:code>/", views.speaker_detail, name="speaker"),
    path("speaker/<str:token>/", views.speaker_invitation, name="speaker_invitation"),
]

manage_urlpatterns = [
    path("timetable/", views.timetable, name="timetable"),
    path("timetable/move/", views.session_move, name="session_move"),
    path(
        "timetable/sessions/<str:code>/",
        views.session_schedule_view,
        name="session_schedule",
    ),
    path("publish/", views.publish, name="publish"),
    path("widget/", widget_builder, name="widget_builder"),
]
