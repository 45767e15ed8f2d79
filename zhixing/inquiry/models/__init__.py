"""Network inquiry and control: institutions, batches and their outbox, the asset register and the
measures taken on it."""

from .assets import Asset, Measure, Renewal
from .batches import BatchInstitutionSummary, InquiryBatch, InquiryRequest
from .institutions import Institution
from .outcomes import CaseInquiryOutcome

__all__ = [
    "Asset",
    "BatchInstitutionSummary",
    "CaseInquiryOutcome",
    "InquiryBatch",
    "InquiryRequest",
    "Institution",
    "Measure",
    "Renewal",
]
