"""What every public page (no staff login) wears (ARCHITECTURE §9): a per-address rate limit, and
headers that keep codes in the address out of other sites' referrers and out of search engines.

The referrer policy is `same-origin`, not `no-referrer`. Both keep a page's address (a ballot round, a
verification code) from every other site: a link or resource elsewhere gets no Referer at all. But
under `no-referrer` a browser also serialises the Origin of the page's own form posts as `null`, and
Django's CSRF check then refuses every public form ("Origin checking failed - null does not match any
trusted origins"; behind HTTPS it would also lack the Referer it checks). `same-origin` lets a form post
back to the platform carry its true origin; the only Referer it sends goes to the platform itself,
which already knows the address. One policy for every public page, so a form added to any of them works.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

REFERRER_POLICY = "same-origin"
WINDOW_SECONDS = 60


def _count(key: str) -> int:
    """This request's number in the key's window, counted in the cache every server process shares
    (settings CACHES): the increment is atomic there (zhixing.core.cache; Redis's INCR), and the first
    request of a window opens it with `add`, which only one process wins."""
    for _attempt in range(3):
        try:
            return cache.incr(key)
        except ValueError:  # no open window
            if cache.add(key, 1, timeout=WINDOW_SECONDS):
                return 1
            # another process opened it a moment ago: count in that one
    return 1  # the window closed between each step three times over: count this one as a new window's first


def public_page(name: str, setting: str, default_per_minute: int) -> Callable:
    """A fixed one-minute window per client address, shared by every server process and kept across
    restarts; the limit is `settings.<setting>` (0 = none). `name` keeps each page's counter apart."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            limit = int(getattr(settings, setting, default_per_minute))
            if limit > 0:
                if _count(f"{name}-rate:{request.META.get('REMOTE_ADDR', '')}") > limit:
                    response = HttpResponse(
                        _("操作过于频繁，请一分钟后再试。"),
                        status=429,
                        content_type="text/plain; charset=utf-8",
                    )
                    response["Retry-After"] = "60"
                    return response
            response = view(request, *args, **kwargs)
            response["Referrer-Policy"] = REFERRER_POLICY
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response

        return wrapper

    return decorate
