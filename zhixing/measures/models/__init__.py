"""Coercive measures, field operations and their evidence, and refusal-to-enforce referrals."""

from .agencies import Agency
from .coercive import CoerciveMeasure, Informant
from .evidence import Evidence
from .obstructions import Obstruction
from .operations import (
    Booking,
    Duty,
    Equipment,
    FieldCash,
    FieldRecord,
    Member,
    Operation,
    OperationCase,
    Witness,
)
from .referrals import Referral

__all__ = [
    "Agency",
    "Booking",
    "CoerciveMeasure",
    "Duty",
    "Equipment",
    "Evidence",
    "FieldCash",
    "FieldRecord",
    "Informant",
    "Member",
    "Obstruction",
    "Operation",
    "OperationCase",
    "Referral",
    "Witness",
]
