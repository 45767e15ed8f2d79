"""Every change of state of a case goes through a function here (ARCHITECTURE §2)."""

from .closing import approve_closure, refuse_closure, request_closure, resume_case
from .common import ActionError
from .filing import PartyInput, add_party, assign_handler, file_case, next_serial
from .importing import import_cases as import_cases
from .nodes import open_node, record_node, scan_overdue
from .periods import approve_extension, end_excluded_period, start_excluded_period
from .privacy import log_identity_reads

__all__ = [
    "ActionError",
    "PartyInput",
    "add_party",
    "approve_closure",
    "approve_extension",
    "assign_handler",
    "end_excluded_period",
    "log_identity_reads",
    "file_case",
    "next_serial",
    "open_node",
    "record_node",
    "refuse_closure",
    "request_closure",
    "resume_case",
    "scan_overdue",
    "start_excluded_period",
]
