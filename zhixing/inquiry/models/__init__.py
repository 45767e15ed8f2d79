"""Network inquiry and control: institutions, batches and their outbox, the asset register and the
measures taken on it."""

from .assets import Asset, Measure, Renewal
from .batches import BatchInstitutionSummary, InquiryBatch, InquiryRequest
from .institutions import Institution

__all__ = [
    "Asset",
    "BatchInstitutionSummary",
    "InquiryBatch",
    "InquiryRequest",
    "Institution",
    "Measure",
    "Renewal",
]
