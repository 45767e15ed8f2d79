"""The public search page at /public/ (zhixing/urls.py), no staff login (ARCHITECTURE §9). Its JSON twin,
GET /api/v1/public/dishonest/, is in zhixing/api_urls.py (public_api.py)."""

from django.urls import path

from . import auction_views, public_views

app_name = "public"

urlpatterns = [
    # Public search (公开查询; issue 11 item 4): 失信被执行人, 限制消费人员, 终本案件.
    path("", public_views.public_search, name="search"),
    path("auctions/<int:auction_id>/", auction_views.auction_notice, name="auction"),  # issue 12
]
