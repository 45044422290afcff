from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from api.urls import manage_patterns as partners_manage_patterns
from documents.urls import manage_urlpatterns as documents_manage_patterns
from events.urls import manage_patterns as events_manage_patterns
from forum import views
from outcomes.urls import manage_patterns as outcomes_manage_patterns
from registrations.urls import manage_patterns as registrations_manage_patterns
from registrations.urls import registration_patterns
from registrations.views.payments import stripe_webhook
from sessions.feeds.urls import registrant_patterns as agenda_patterns
from sessions.urls import manage_urlpatterns as programme_manage_patterns

admin.site.site_header = _("forum administration")
admin.site.site_title = _("forum")

handler500 = "forum.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Partner API: versioned, outside the language prefix.
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Stripe's webhook: outside the language prefix, signed, CSRF-exempt.
    path("payments/stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    path("", include("sessions.feeds.urls")),  # feeds and widget: no language prefix
    path("", include("documents.urls")),  # document downloads: no language prefix
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    *registration_patterns,
    *agenda_patterns,
    path("events/", include("events.urls")),
    path("events/<slug:event_slug>/", include("sessions.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Invited organisers choose their first password through Django's reset token link.
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "manage/",
        include(([*events_manage_patterns, *registrations_manage_patterns], "manage")),
    ),
    path(
        "manage/<slug:event_slug>/",
        include((programme_manage_patterns, "programme_manage")),
    ),
    # Outcome statements: public pages, signatory links, participants' pages.
    path("", include("outcomes.urls")),
    path(
        "manage/<slug:event_slug>/partners/",
        include((partners_manage_patterns, "partners_manage")),
    ),
    path(
        "manage/<slug:event_slug>/documents/",
        include((documents_manage_patterns, "documents_manage")),
    ),
    path(
        "manage/<slug:event_slug>/statements/",
        include((outcomes_manage_patterns, "outcomes_manage")),
    ),
    path("admin/", admin.site.urls),
)

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
