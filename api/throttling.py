"""Throttles: per key for partners (``api_partner`` rate), per address otherwise (``api_anon``).

A fixed-window counter (one atomic ``incr`` per request) rather than DRF's sliding log, which
stores every request's timestamp in the cache and re-pickles that list on each call: at
partner rates that list would cost more than serving the cached response itself.
"""

import time

from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

from api.models import PartnerKey


class PartnerRateThrottle(SimpleRateThrottle):
    timer = time.time

    def __init__(self):  # the rate depends on the caller: chosen in allow_request
        pass

    def allow_request(self, request, view) -> bool:
        # The fast path (api/middleware.py) passes the plain HttpRequest of an anonymous call:
        # it has no ``auth`` and counts against the same anonymous window as the view.
        key = getattr(request, "auth", None)
        self.scope = "api_partner" if isinstance(key, PartnerKey) else "api_anon"
        self.num_requests, self.duration = self.parse_rate(self.THROTTLE_RATES[self.scope])
        ident = f"key{key.pk}" if isinstance(key, PartnerKey) else self.get_ident(request)
        self.now = self.timer()
        window = int(self.now // self.duration)
        key = f"throttle:{self.scope}:{ident}:{window}"
        cache.add(key, 0, self.duration + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr: count this one as the first
            cache.set(key, 1, self.duration + 1)
            count = 1
        return count <= self.num_requests

    def wait(self) -> float:
        return self.duration - (self.now % self.duration)
