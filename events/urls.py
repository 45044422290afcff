from django.urls import path

from events import views, views_organiser

app_name = "events"
urlpatterns = [
    path("<slug:slug>/", views.event_detail, name="detail"),
]

# Registration URLs live outside the "events" namespace so emails and redirects stay short.
registration_patterns = [
    path("events/<slug:slug>/register/", views.register, name="register"),
    path(
        "events/<slug:slug>/register/link/",
        views.registration_resend_link,
        name="registration_resend_link",
    ),
    path("r/<str:token>/", views.registration_manage, name="registration_manage"),
]

manage_patterns = (
    [
        path("", views.manage_dashboard, name="dashboard"),
        path(
            "<slug:slug>/registrations/",
            views_organiser.registration_list,
            name="registrations",
        ),
        path(
            "<slug:slug>/registrations/dashboard/",
            views_organiser.registration_dashboard_view,
            name="registrations_dashboard",
        ),
        path(
            "<slug:slug>/registrations/export.csv",
            views_organiser.registration_export,
            name="registrations_export",
        ),
        path(
            "<slug:slug>/registrations/<str:reference>/",
            views_organiser.registration_detail,
            name="registration_detail",
        ),
    ],
    "manage",
)
