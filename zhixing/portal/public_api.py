"""GET /api/v1/public/dishonest/ (issue 11 item 4): the public search as JSON, for anyone, no token.

Query: `name` (full name; with `partial=1` a part of at least rules.PUBLIC_NAME_MIN characters),
`id_code` (resident ID of 15 or 18 characters, or a unified social credit code), either or both (AND);
`kind` (dishonest — the default —, restricted or terminated), `page`. The answer holds only the
published fields (rules.PUBLISHED_FIELDS), the identity code masked. Bad input: 400 with a Chinese
`detail`; beyond the per-client limit (the page's, shared across server processes): 429, Chinese."""

from __future__ import annotations

import functools

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhixing.courts.api import ZhixingAPIView
from zhixing.credit import rules
from zhixing.credit.models import PublicEntry

from . import search
from .public_views import rate_limited


class PublicRecordSerializer(serializers.Serializer):
    """One published record (rules §7.1.6): every value a string (age a number when known)."""

    def get_fields(self):
        return {
            key: serializers.CharField(help_text=label, allow_blank=True)
            for key, label in rules.PUBLISHED_FIELDS
        }


_ERROR = inline_serializer("PublicSearchError", {"detail": serializers.CharField()})


@extend_schema(tags=[gettext_lazy("公开查询")])
class PublicDishonestView(ZhixingAPIView, APIView):
    """失信被执行人、限制消费人员、终本案件的公开查询（无需登录，按客户端限流）。"""

    authentication_classes: list = []  # anyone; no session or token is read
    permission_classes = [AllowAny]

    @extend_schema(
        summary=gettext_lazy("公开查询"),
        parameters=[
            OpenApiParameter("name", str, description=gettext_lazy("被执行人姓名/名称（全称精确匹配）")),
            OpenApiParameter(
                "id_code", str, description=gettext_lazy("身份证号码（15 或 18 位）或统一社会信用代码")
            ),
            OpenApiParameter(
                "partial", bool, description=gettext_lazy("按姓名/名称的一部分查询（至少 3 个字）")
            ),
            OpenApiParameter(
                "kind", str, enum=search.KINDS, description=gettext_lazy("类别，默认 dishonest")
            ),
            OpenApiParameter("page", int, description=gettext_lazy("页码，每页 50 条，至多 20 页")),
        ],
        responses={
            200: inline_serializer(
                "PublicSearchPage",
                {
                    "kind": serializers.CharField(),
                    "count": serializers.IntegerField(),
                    "count_capped": serializers.BooleanField(),
                    "counts": inline_serializer(
                        "PublicSearchCounts", {k: serializers.CharField() for k in search.KINDS}
                    ),
                    "page": serializers.IntegerField(),
                    "pages": serializers.IntegerField(),
                    "results": PublicRecordSerializer(many=True),
                },
            ),
            400: OpenApiResponse(_ERROR, description=gettext_lazy("查询条件不正确")),
            429: OpenApiResponse(_ERROR, description=gettext_lazy("查询过于频繁")),
        },
    )
    def get(self, request):
        q = request.query_params
        kind = q.get("kind") or PublicEntry.DISHONEST
        try:
            page = int(q.get("page") or 1)
        except ValueError:
            return Response({"detail": _("页码应为正整数")}, status=400)
        try:
            query = search.parse(
                q.get("name", ""), q.get("id_code", ""), q.get("partial") in {"1", "true", "on"}
            )
            result = search.search(query, kind, page)
        except search.SearchError as e:
            return Response({"detail": str(e)}, status=400)
        return Response(
            {
                "kind": result.kind,
                "count": result.count,
                "count_capped": result.capped,
                "counts": {k: search.count_label(result.counts.get(k, 0)) for k in search.KINDS},
                "page": result.page,
                "pages": result.pages,
                "results": result.rows,
            }
        )


def _json_429(view):
    """The shared limit (public_views.rate_limited), its refusal given as JSON like the API's other answers."""
    limited = rate_limited(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = limited(request, *args, **kwargs)
        if response.status_code == 429 and not isinstance(response, JsonResponse | Response):
            refused = JsonResponse(
                {"detail": _("查询过于频繁，请一分钟后再试。")},
                status=429,
                json_dumps_params={"ensure_ascii": False},
            )
            refused["Retry-After"] = response.get("Retry-After", "60")
            return refused
        return response

    return wrapper


public_dishonest = _json_429(PublicDishonestView.as_view())
