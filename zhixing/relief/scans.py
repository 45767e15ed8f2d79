"""The daily relief job: settlements watched against the ledger (a missed instalment marks the
agreement broken; full performance marks it performed). Registered with core.periodic on import."""

from __future__ import annotations
