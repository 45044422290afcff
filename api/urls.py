"""``/api/v1/``: outside the language prefix; the language is ``?lang`` or Accept-Language."""

from csp.decorators import csp_update
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views.documents import DocumentDetailView, DocumentListView
from api.views.events import EventDetailView, EventListView
from api.views.organisations import OrganisationListView
from api.views.pledges import PledgeListView
from api.views.rooms import RoomListView
from api.views.schedule import ScheduleView
from api.views.session_links import SessionLinksView
from api.views.sessions import SessionDetailView, SessionListView
from api.views.speakers import SpeakerDetailView, SpeakerListView
from api.views.statements import EndorsementListView, StatementDetailView, StatementListView
from api.views.tracks import TrackListView
from api.views.versions import ScheduleVersionChangesView, ScheduleVersionListView
from api.views.workspace import endpoint_edit, partners

app_name = "api"


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI. Its HTML renderer has no template for DRF's OPTIONS metadata, so OPTIONS
    answers with the allowed methods and no body, as a plain Django view does."""

    def options(self, request, *args, **kwargs):
        return HttpResponse(headers={"Allow": ", ".join(self.allowed_methods)})


# Swagger UI styles itself inline; everything else (scripts included) stays 'self'.
docs_view = csp_update({"style-src": ["'unsafe-inline'"]})(DocsView.as_view(url_name="api:schema"))

event = "events/<slug:event_slug>/"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_view, name="docs"),
    path("events/", EventListView.as_view(), name="events"),
    path(event, EventDetailView.as_view(), name="event"),
    path("organisations/", OrganisationListView.as_view(), name="organisations"),
    path(f"{event}sessions/", SessionListView.as_view(), name="sessions"),
    path(f"{event}sessions/<str:code>/", SessionDetailView.as_view(), name="session"),
    # Private: stream and recording links, for keys granted the session links scope.
    path(f"{event}session-links/", SessionLinksView.as_view(), name="session_links"),
    path(f"{event}speakers/", SpeakerListView.as_view(), name="speakers"),
    path(f"{event}speakers/<str:code>/", SpeakerDetailView.as_view(), name="speaker"),
    path(f"{event}rooms/", RoomListView.as_view(), name="rooms"),
    path(f"{event}tracks/", TrackListView.as_view(), name="tracks"),
    path(f"{event}schedule/", ScheduleView.as_view(), name="schedule"),
    path(f"{event}schedule/versions/", ScheduleVersionListView.as_view(), name="versions"),
    path(
        f"{event}schedule/versions/<int:number>/changes/",
        ScheduleVersionChangesView.as_view(),
        name="changes",
    ),
    path(f"{event}documents/", DocumentListView.as_view(), name="documents"),
    path(f"{event}documents/<str:code>/", DocumentDetailView.as_view(), name="document"),
    # Outcome statements.
    path(f"{event}statements/", StatementListView.as_view(), name="statements"),
    path(f"{event}statements/<slug:slug>/", StatementDetailView.as_view(), name="statement"),
    path(
        f"{event}statements/<slug:slug>/endorsements/",
        EndorsementListView.as_view(),
        name="statement_endorsements",
    ),
    path(
        f"{event}statements/<slug:slug>/pledges/",
        PledgeListView.as_view(),
        name="statement_pledges",
    ),
]


# The organiser's partner access pages, under /<lang>/manage/<event_slug>/partners/ in their
# own namespace (forum/urls.py): the API's keys and webhooks of one event.
manage_patterns = [
    path("", partners, name="partners"),
    path("webhooks/<int:pk>/", endpoint_edit, name="endpoint_edit"),
]
