from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from events.models import Event


def event_permission_required(perm: str, *, slug_kwarg: str = "slug"):
    """Organiser pages: logged in and holding ``perm`` for the event named in the URL.

    Anonymous users go to the login page; anyone else gets a 404, so the page never confirms
    that a draft event exists. The view receives the event in place of its slug.
    """

    def decorator(view):
        @login_required
        @never_cache
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            event = get_object_or_404(Event, slug=kwargs.pop(slug_kwarg))
            if not request.user.has_perm(perm, event):
                raise Http404
            return view(request, event, *args, **kwargs)

        return wrapper

    return decorator
