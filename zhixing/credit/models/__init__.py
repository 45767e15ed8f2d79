"""Credit measures: the dishonest list, consumption restriction, pushes to agencies, the public
entries and the voluntary-performance certificate."""

from .certificates import Certificate
from .listings import Correction, Listing
from .public import PublicEntry
from .pushes import Agency, Push
from .restrictions import ConsumptionPermit, RestrictedPerson, Restriction

__all__ = [
    "Agency",
    "Certificate",
    "ConsumptionPermit",
    "Correction",
    "Listing",
    "PublicEntry",
    "Push",
    "RestrictedPerson",
    "Restriction",
]
