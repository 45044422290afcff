import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
django_application = get_wsgi_application()


def application(environ, start_response):
    """Django, plus the embedded job runner in each serving process when there is no broker.

    Started on the first request rather than at import, so a server that forks after loading
    the app (gunicorn --preload) gets its threads in each worker.
    """
    if not has_broker():
        runner.ensure_started()
    return django_application(environ, start_response)


from forum.jobs import runner  # noqa: E402 (needs the apps loaded above)
from forum.tasks import has_broker  # noqa: E402
