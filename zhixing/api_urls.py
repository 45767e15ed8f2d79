"""The API surface (ARCHITECTURE "Contracts"): /api/v1/ for systems and staff, /api/schema/ (OpenAPI 3),
/api/docs/ (Swagger UI) and /api/redoc/, both served from local static files: the court network has no
internet access, so nothing may load from a CDN."""

import json

from django.urls import include, path
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from zhixing.cases.api import CaseViewSet, NodeViewSet
from zhixing.courts.api import MeView


class SwaggerView(SpectacularSwaggerView):
    """Swagger UI without its online validator badge, which would send the schema's address to
    validator.swagger.io and show a broken image on a network with no internet access."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        ui = spectacular_settings.SWAGGER_UI_SETTINGS
        if isinstance(ui, dict):
            response.data["settings"] = json.dumps({**ui, "validatorUrl": None}, indent=2)
        return response


router = DefaultRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("nodes", NodeViewSet, basename="node")

v1 = [path("me/", MeView.as_view(), name="me"), *router.urls]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
