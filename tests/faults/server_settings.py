"""Settings of the app server the fault tests start: production's, with static files served
by their plain names straight from the apps' static folders (no collectstatic in a throwaway
checkout)."""

from forum.settings import *  # noqa: F403
from forum.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
