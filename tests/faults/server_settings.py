"""Settings of the app server the fault tests start: production's, with static files served
by their plain names (no collectstatic manifest needed in a throwaway checkout)."""

from forum.settings import *  # noqa: F403
from forum.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
