from .campaigns import Campaign, CampaignCase
from .relief import ProvinceWage, ReliefApplication
from .settlements import Instalment, Settlement

__all__ = ["Campaign", "CampaignCase", "Instalment", "ProvinceWage", "ReliefApplication", "Settlement"]
