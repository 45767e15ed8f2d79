"""Supervision models: indicators and bulletins (indicators.py), the annual assessment (assessment.py)."""

from .assessment import *  # noqa: F401,F403
from .indicators import *  # noqa: F401,F403
