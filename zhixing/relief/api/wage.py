"""Read API of relief under /api/v1/relief/: wage (its paths in urls, included by relief/api/__init__.py)."""

from __future__ import annotations

urls: list = []
