"""URL map. Public surfaces (document verification; later the portal and list search) stand apart from
staff pages (ARCHITECTURE §9)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("zhixing.courts.urls")),
    path("api/", include("zhixing.api_urls")),
    path("verify/", include("zhixing.documents.public_urls")),
    path("public/", include("zhixing.portal.public_urls")),
    path("portal/", include("zhixing.portal.urls")),
    path("documents/", include("zhixing.documents.urls")),
    path("assessment/", include("zhixing.supervision.assessment.urls")),
    path("supervision/", include("zhixing.supervision.urls")),
    path("centre/", include("zhixing.supervision.urls_centre")),
    path("funds/", include("zhixing.funds.urls")),
    path("inquiry/", include("zhixing.inquiry.urls")),
    path("credit/", include("zhixing.credit.urls")),
    path("disposal/", include("zhixing.disposal.urls")),
    path("measures/", include("zhixing.measures.urls")),
    path("relief/", include("zhixing.relief.urls")),
    path("", include("zhixing.cases.urls")),
]
