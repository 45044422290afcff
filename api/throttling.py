"""Throttles: per key for partners (``api_partner`` rate), per address otherwise (``api_anon``).

DRF's machinery (rates, ``wait()``, the 429 with Retry-After) with the project's counter
(forum/ratelimit.py): a fixed window shared by every worker process (Redis, or the database
without it), keyed on the client address as ``FORUM_NUM_PROXIES`` says to trust it, and
failing open when the store does. DRF's own sliding log would store every request's
timestamp in a per-process cache. Each process takes hits from the shared window in small
blocks (``forum.ratelimit.reserve``), so most requests write nothing.
"""

import time

from rest_framework.throttling import SimpleRateThrottle

from api.models import PartnerKey
from forum.ratelimit import client_address, reserve


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
        ident = f"key{key.pk}" if isinstance(key, PartnerKey) else client_address(request)
        self.now = self.timer()
        rate = f"{self.num_requests}/{self.duration}s"
        return reserve(f"{self.scope}:{ident}", rate=rate, now=self.now).allowed

    def wait(self) -> float:
        return self.duration - (self.now % self.duration)
