"""The bulletin as one HTML page (a Django template), rendered from its stored JSON."""

from __future__ import annotations

import json

from django.template.loader import render_to_string

from .labels import cell, indicator_names


def render(made) -> str:
    data = json.loads(made.content)
    names = indicator_names()
    keys = list(data["courts"][0]["indicators"]) if data["courts"] else []
    rows = [
        {
            "code": c["court_code"],
            "name": c["court_name"],
            "area": c["area"],
            "cells": [cell(c["indicators"][k]) for k in keys],
        }
        for c in data["courts"]
    ]
    return render_to_string(
        "supervision/bulletin.html",
        {
            "data": data,
            "columns": [names.get(k, k) for k in keys],
            "rows": rows,
            "rankings": [
                dict(r, name=names.get(r["indicator"], r["indicator"])) for r in data.get("rankings", [])
            ],
        },
    )
