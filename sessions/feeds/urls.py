"""Feed URLs, outside the language prefix so calendar apps and partner sites keep one address
(labels follow ``?lang=``). The registrant's agenda page is a normal, prefixed page."""

from django.urls import path

from sessions.feeds import pages, views

app_name = "feeds"
urlpatterns = [
    path("widget.js", views.widget_script, name="widget_script"),
    path("agenda/<str:token>.ics", views.agenda_ics, name="agenda_ics"),
    path("events/<slug:event_slug>/schedule.ics", views.event_ics, name="event_ics"),
    path("events/<slug:event_slug>/schedule.xml", views.schedule_xml, name="schedule_xml"),
    path("events/<slug:event_slug>/schedule.json", views.schedule_json, name="schedule_json"),
    path("events/<slug:event_slug>/widget.json", views.widget_json, name="widget_json"),
    path("events/<slug:event_slug>/widget/", views.widget_frame, name="widget_frame"),
    path("events/<slug:event_slug>/sessions/<str:code>.ics", views.session_ics, name="session_ics"),
    path("events/<slug:event_slug>/tracks/<int:track_id>.ics", views.track_ics, name="track_ics"),
    path("events/<slug:event_slug>/rooms/<int:room_id>.ics", views.room_ics, name="room_ics"),
    path("events/<slug:event_slug>/speakers/<str:code>.ics", views.speaker_ics, name="speaker_ics"),
]

# Included inside i18n_patterns by forum/urls.py.
registrant_patterns = [
    path("r/<str:token>/agenda/", pages.my_agenda, name="my_agenda"),
]
