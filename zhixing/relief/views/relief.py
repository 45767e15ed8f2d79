"""Pages of relief: relief (filled by its helper; urls lists its paths, included by relief/urls.py)."""

from __future__ import annotations

from django.http import Http404
from django.urls import path


def _placeholder(request):  # replaced by the real page
    raise Http404


urls: list = [path("desk/", _placeholder, name="desk")]
