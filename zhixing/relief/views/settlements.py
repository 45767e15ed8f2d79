"""Pages of relief: settlements (filled by its helper; urls lists its paths, included by relief/urls.py)."""

from __future__ import annotations

urls: list = []
