"""The API surface (ARCHITECTURE "Contracts"): /api/v1/ for systems and staff, /api/schema/ (OpenAPI 3),
/api/docs/ (Swagger UI) and /api/redoc/, both served from local static files: the court network has no
internet access, so nothing may load from a CDN.

The schema and the docs are for signed-in users (a session or an API token), not the public: the
schema maps every endpoint. Any other address under /api/ answers with a JSON 404 in Chinese."""

import json

from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path, reverse_lazy
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from zhixing.cases.api import CaseViewSet, NodeViewSet
from zhixing.courts.api import MeView, ZhixingAPIView, api_not_found
from zhixing.portal.public_api import public_dishonest


class SchemaView(ZhixingAPIView, SpectacularAPIView):
    """The OpenAPI schema, for callers who have signed in or hold a token."""

    permission_classes = [IsAuthenticated]


class SwaggerView(ZhixingAPIView, SpectacularSwaggerView):
    """Swagger UI without its online validator badge, which would send the schema's address to
    validator.swagger.io and show a broken image on a network with no internet access."""

    permission_classes = [IsAuthenticated]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        ui = spectacular_settings.SWAGGER_UI_SETTINGS
        if isinstance(ui, dict):
            response.data["settings"] = json.dumps({**ui, "validatorUrl": None}, indent=2)
        return response


class RedocView(ZhixingAPIView, SpectacularRedocView):
    permission_classes = [IsAuthenticated]


def _signed_in(view):
    """A page for people: an anonymous browser is sent to the login page and back."""
    return login_required(view, login_url=reverse_lazy("courts:login"))


# Ids as <int:…>: typed integers in the schema, and any other id no address at all (a JSON 404). The
# `.json` suffix routes are left out (`?format=json` still works): with path converters the schema
# would list each endpoint twice.
router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("cases", CaseViewSet, basename="case")
router.register("nodes", NodeViewSet, basename="node")

v1 = [
    path("me/", MeView.as_view(), name="me"),
    path("funds/", include("zhixing.funds.api_urls")),  # the bank's signed webhooks
    path("funds/", include("zhixing.funds.api")),  # receipts, payouts, case accounts, the report
    path("inquiry/", include("zhixing.inquiry.api")),  # batches, a case's results, measures
    path("credit/", include("zhixing.credit.api")),  # a case's listings, restrictions, certificates
    path("disposal/", include("zhixing.disposal.api")),  # a case's disposals, the desk, platform webhook
    path("measures/", include("zhixing.measures.api")),  # a case's measures, the day's operations, reports
    path("relief/", include("zhixing.relief.api")),  # campaigns, settlements, judicial relief, wage cases
    path("public/dishonest/", public_dishonest, name="public-dishonest"),  # anyone, rate-limited
    *router.urls,
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", _signed_in(SwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    path("redoc/", _signed_in(RedocView.as_view(url_name="api-schema")), name="api-redoc"),
    re_path(r"^", api_not_found),
]
