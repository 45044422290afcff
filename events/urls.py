from django.urls import path

from events import views, views_organiser, views_payments

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
    # Payments and documents
    path("r/<str:token>/pay/", views_payments.registration_pay, name="registration_pay"),
    path("pay/<str:token>/", views_payments.registration_pay_link, name="registration_pay_link"),
    path(
        "r/<str:token>/letter.pdf",
        views_payments.registration_letter,
        name="registration_letter",
    ),
    path("r/<str:token>/badge.pdf", views_payments.registration_badge, name="registration_badge"),
    path("letters/verify/", views_payments.letter_verify, name="letter_verify"),
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
        # Payments, documents and check-in
        path("<slug:slug>/payments/", views_payments.payment_list, name="payments"),
        path(
            "<slug:slug>/payments/travel-support/",
            views_payments.travel_support_list,
            name="travel_support",
        ),
        path("<slug:slug>/check-in/", views_payments.check_in, name="check_in"),
        path("<slug:slug>/badges.pdf", views_payments.badge_sheet, name="badge_sheet"),
        path(
            "<slug:slug>/documents/<str:reference>/badge.pdf",
            views_payments.organiser_badge,
            name="badge",
        ),
        path(
            "<slug:slug>/documents/<str:reference>/letter.pdf",
            views_payments.organiser_letter,
            name="letter",
        ),
    ],
    "manage",
)
