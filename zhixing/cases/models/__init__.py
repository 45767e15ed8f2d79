from .case import Basis, Case, CaseEvent, ExcludedPeriod, Extension, Party, SerialCounter
from .closing import ClosureRequest
from .nodes import Node, NodeKind

__all__ = [
    "Basis",
    "Case",
    "CaseEvent",
    "ClosureRequest",
    "ExcludedPeriod",
    "Extension",
    "Node",
    "NodeKind",
    "Party",
    "SerialCounter",
]
