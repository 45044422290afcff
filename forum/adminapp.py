"""django.contrib.admin with ``forum.adminsite.SuperuserAdminSite`` as its site.

Kept apart from the site: an app config module is imported before any model may be.
"""

from django.contrib.admin.apps import AdminConfig


class SuperuserAdminConfig(AdminConfig):
    default_site = "forum.adminsite.SuperuserAdminSite"
