"""The Django admin is for administrators (superusers) only: maintenance, not organising.

Organisers work in the organiser area under /manage/. Anyone else who is logged in, staff or
not, is sent to the admin's login page (which says they are not authorised), and its login
form accepts only superusers. ``forum.adminapp`` makes this the default site.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError


class SuperuserAuthenticationForm(AdminAuthenticationForm):
    """The admin's login form, refusing anyone but an active superuser."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class SuperuserAdminSite(AdminSite):
    login_form = SuperuserAuthenticationForm

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser
