from .auctions import Auction, BarredBidder, PanelVote, PlatformMessage
from .disposals import Disposal, PriceProcedure, PriceReport
from .distribution import Distribution, DistributionLine, DistributionObjection
from .platforms import Platform

__all__ = [
    "Auction",
    "BarredBidder",
    "Disposal",
    "Distribution",
    "DistributionLine",
    "DistributionObjection",
    "PanelVote",
    "Platform",
    "PlatformMessage",
    "PriceProcedure",
    "PriceReport",
]
