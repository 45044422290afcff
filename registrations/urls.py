from django.urls import path

from registrations.views import (
    credentials,
    focal_points,
    organisers,
    public,
    questions,
    selfservice,
    setup,
)

# Registration URLs live outside the "events" namespace so emails and redirects stay short.
registration_patterns = [
    path("events/<slug:slug>/register/", public.register, name="register"),
    path(
        "events/<slug:slug>/register/link/",
        public.registration_resend_link,
        name="registration_resend_link",
    ),
    path("r/<str:token>/", selfservice.registration_manage, name="registration_manage"),
    # Payments and documents
    path("r/<str:token>/pay/", selfservice.registration_pay, name="registration_pay"),
    path("pay/<str:token>/", selfservice.registration_pay_link, name="registration_pay_link"),
    path(
        "r/<str:token>/letter.pdf",
        selfservice.registration_letter,
        name="registration_letter",
    ),
    path("r/<str:token>/badge.pdf", selfservice.registration_badge, name="registration_badge"),
    path(
        "r/<str:token>/credentials/",
        credentials.registration_credentials,
        name="registration_credentials",
    ),
    path("letters/verify/", public.letter_verify, name="letter_verify"),
    # A focal point's page (secret link, no account)
    path("fp/<str:token>/", focal_points.focal_point_page, name="focal_point_page"),
]

# Organiser pages, included in the "manage" namespace by events/urls.py.
manage_patterns = [
    path(
        "<slug:slug>/registrations/",
        organisers.registration_list,
        name="registrations",
    ),
    path(
        "<slug:slug>/registrations/dashboard/",
        organisers.registration_dashboard_view,
        name="registrations_dashboard",
    ),
    path(
        "<slug:slug>/registrations/export.csv",
        organisers.registration_export,
        name="registrations_export",
    ),
    # Set-up: before the registration page, whose reference would match these names.
    path("<slug:slug>/registrations/categories/", setup.category_list, name="categories"),
    path(
        "<slug:slug>/registrations/categories/<int:pk>/",
        setup.category_edit,
        name="category_edit",
    ),
    path("<slug:slug>/registrations/invitations/", setup.invitation_list, name="invitations"),
    path("<slug:slug>/registrations/delegations/", setup.delegation_list, name="delegations"),
    # Nomination letters: before the registration page too.
    path(
        "<slug:slug>/registrations/credentials/",
        credentials.credentials_queue,
        name="credentials",
    ),
    path(
        "<slug:slug>/registrations/credentials/<int:pk>/file",
        credentials.letter_file,
        name="credentials_file",
    ),
    path(
        "<slug:slug>/registrations/<str:reference>/credentials/",
        credentials.registration_letter_upload,
        name="registration_letter_upload",
    ),
    path(
        "<slug:slug>/registrations/organisations/",
        focal_points.organisation_list,
        name="organisations",
    ),
    path(
        "<slug:slug>/registrations/organisations/<int:pk>/",
        focal_points.organisation_page,
        name="organisation",
    ),
    path("<slug:slug>/registrations/questions/", questions.questions, name="questions"),
    path("<slug:slug>/registrations/questions/new/", questions.question_new, name="question_new"),
    path(
        "<slug:slug>/registrations/questions/<int:pk>/",
        questions.question_edit,
        name="question_edit",
    ),
    path(
        "<slug:slug>/registrations/<str:reference>/answers/<int:question>/",
        questions.answer_file,
        name="answer_file",
    ),
    path(
        "<slug:slug>/registrations/<str:reference>/",
        organisers.registration_detail,
        name="registration_detail",
    ),
    # Payments, documents and check-in
    path("<slug:slug>/payments/", organisers.payment_list, name="payments"),
    path(
        "<slug:slug>/payments/travel-support/",
        organisers.travel_support_list,
        name="travel_support",
    ),
    path("<slug:slug>/check-in/", organisers.check_in, name="check_in"),
    path("<slug:slug>/badges.pdf", organisers.badge_sheet, name="badge_sheet"),
    path(
        "<slug:slug>/documents/<str:reference>/badge.pdf",
        organisers.organiser_badge,
        name="badge",
    ),
    path(
        "<slug:slug>/documents/<str:reference>/letter.pdf",
        organisers.organiser_letter,
        name="letter",
    ),
]
