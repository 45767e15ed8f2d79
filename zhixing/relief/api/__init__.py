"""Read API of relief under /api/v1/relief/ (ARCHITECTURE "Contracts"): campaigns with their progress,
a case's settlements, relief applications and the yearly relief figures, the wage cases' priority
list. Each area lists its own paths in its module."""

from . import campaigns, relief, settlements, wage

urlpatterns = [*campaigns.urls, *settlements.urls, *relief.urls, *wage.urls]
