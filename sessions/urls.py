"""Programme URLs: public pages under /<lang>/events/<event_slug>/, organiser pages under
/<lang>/manage/<event_slug>/."""

from django.urls import path

from sessions.feeds.pages import widget_builder
from sessions.views import (
    organisers,
    proposals_public,
    public,
    reports_speaker,
    workspace_call,
    workspace_programme,
    workspace_proposals,
    workspace_reviews,
    workspace_sessions,
    workspace_translations,
)

app_name = "programme"
urlpatterns = [
    path("programme/", public.agenda, name="agenda"),
    path("programme/changes/", public.changelog, name="changelog"),
    path("programme/sessions/<str:code>/", public.session_detail, name="session"),
    path("programme/speakers/", public.speaker_list, name="speakers"),
    path("programme/speakers/<str:code>/", public.speaker_detail, name="speaker"),
    path("speaker/<str:token>/", public.speaker_invitation, name="speaker_invitation"),
    path(
        "speaker/<str:token>/reports/<str:code>/",
        reports_speaker.speaker_report,
        name="speaker_report",
    ),
]

# The call for side events: its public page, starting a proposal, the proposal's secret link
# and asking for a new one.
urlpatterns += [
    path("call/", proposals_public.call_detail, name="call"),
    path("call/propose/", proposals_public.proposal_start_view, name="proposal_start"),
    path("call/link/", proposals_public.proposal_link_request, name="proposal_link"),
    path("proposals/<str:token>/", proposals_public.proposal_edit, name="proposal_edit"),
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
        "sessions/<str:code>/links/",
        workspace_sessions.session_links_view,
        name="session_links",
    ),
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

manage_urlpatterns += [
    path("rooms/", workspace_programme.rooms_list, name="rooms"),
    path("rooms/new/", workspace_programme.room_create, name="room_create"),
    path("rooms/<int:pk>/", workspace_programme.room_edit, name="room_edit"),
    path("rooms/<int:pk>/delete/", workspace_programme.room_delete, name="room_delete"),
    path("rooms/<int:pk>/move/", workspace_programme.room_move, name="room_move"),
    path("tracks/", workspace_programme.tracks_list, name="tracks"),
    path("tracks/new/", workspace_programme.track_create, name="track_create"),
    path("tracks/<int:pk>/", workspace_programme.track_edit, name="track_edit"),
    path("tracks/<int:pk>/delete/", workspace_programme.track_delete, name="track_delete"),
    path("tracks/<int:pk>/move/", workspace_programme.track_move, name="track_move"),
    path("speakers/", workspace_programme.speakers_list, name="speakers"),
    path("speakers/new/", workspace_programme.speaker_create_view, name="speaker_create"),
    path("speakers/merge/", workspace_programme.speaker_merge_view, name="speaker_merge"),
    path("speakers/<str:code>/", workspace_programme.speaker_edit, name="speaker_edit"),
    path(
        "speakers/<str:code>/moderate/",
        workspace_programme.speaker_moderate_view,
        name="speaker_moderate",
    ),
    path(
        "speakers/<str:code>/invite/",
        workspace_programme.speaker_invite_view,
        name="speaker_invite",
    ),
]

# The call for side events: settings, review criteria, the proposal form's questions.
manage_urlpatterns += [
    path("call/", workspace_call.call_settings, name="call"),
    path("call/criteria/", workspace_call.criterion_save, name="call_criterion"),
    path("call/questions/", workspace_call.call_questions, name="call_questions"),
    path("call/questions/new/", workspace_call.call_question_new, name="call_question_new"),
    path(
        "call/questions/<int:pk>/",
        workspace_call.call_question_edit,
        name="call_question_edit",
    ),
]

manage_urlpatterns += [
    path("translations/", workspace_translations.translations, name="translations"),
    path(
        "translations/export/",
        workspace_translations.translations_export,
        name="translations_export",
    ),
    path(
        "translations/import/",
        workspace_translations.translations_import_view,
        name="translations_import",
    ),
]

# Reviewers' pages of the call for side events.
manage_urlpatterns += [
    path("reviews/", workspace_reviews.review_queue_view, name="reviews"),
    path("reviews/ranking/", workspace_reviews.review_ranking_view, name="review_ranking"),
    path("reviews/ranking.csv", workspace_reviews.review_ranking_csv, name="review_ranking_csv"),
    path("reviews/<str:code>/", workspace_reviews.review_proposal_view, name="review_proposal"),
]

# The organisers' proposals: overview with bulk decisions, one proposal's page.
manage_urlpatterns += [
    path("proposals/", workspace_proposals.proposal_list, name="proposals"),
    path("proposals/export.csv", workspace_proposals.proposal_export, name="proposals_export"),
    path("proposals/<str:code>/", workspace_proposals.proposal_detail, name="proposal_detail"),
]
