"""Every write of network inquiry and control (ARCHITECTURE §2)."""

from .batches import reinquiry_due, start_batch, start_case_inquiry
from .delivery import deliver, drive, finish_batch, outstanding, store_answer
from .institutions import register_institution
from .measures import deduct, freeze, release, renew, scan_measures, seize_on_site
from .privacy import log_financial_reads

__all__ = [
    "deduct",
    "deliver",
    "drive",
    "finish_batch",
    "freeze",
    "log_financial_reads",
    "outstanding",
    "register_institution",
    "reinquiry_due",
    "release",
    "renew",
    "scan_measures",
    "seize_on_site",
    "start_batch",
    "start_case_inquiry",
    "store_answer",
]
