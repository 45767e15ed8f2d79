"""Staff pages of relief, under /relief/: campaigns and their board and report, the case's settlement
tab, the relief desk, and the migrant-wage priority list. Each area lists its own paths in its views
module."""

from .views import campaigns, relief, settlements, wage

app_name = "relief"

urlpatterns = [*campaigns.urls, *settlements.urls, *relief.urls, *wage.urls]
