import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
# Under ASGI each request runs its sync code in a thread of its own, so a persistent database
# connection would be left open by every request: Django's advice is to keep none.
os.environ.setdefault("DJANGO_CONN_MAX_AGE", "0")
application = get_asgi_application()
