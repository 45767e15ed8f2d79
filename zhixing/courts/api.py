"""What every API view shares (how callers authenticate, the shape of refusals) and `me`: who the caller
is, so a system can check its token and see the roles it acts with. It lives here, with users and their
tokens, so that every app's api.py can build on it (apps import courts, never the other way round)."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from zhixing.core.calendar import CalendarNotCovered
from zhixing.core.rulesettings import MissingRuleSetting

from .models import RoleGrant


def _flatten(detail, prefix: str = "") -> list[str]:
    """DRF's nested field errors as one list of readable lines (`parties[0].name：该字段是必填项。`).
    List items come keyed by their index, as a list or as a dict with integer-like keys."""
    if isinstance(detail, dict | list):
        items = detail.items() if isinstance(detail, dict) else enumerate(detail)
        out: list[str] = []
        for key, value in items:
            if str(key).isdigit():
                nested = isinstance(value, dict | list)
                name = f"{prefix}[{key}]" if nested else prefix
            elif key == "non_field_errors":
                name = prefix
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out += _flatten(value, name)
        return out
    return [f"{prefix}：{detail}" if prefix else str(detail)]


NOT_FOUND = gettext_lazy("未找到：对象不存在或您无权查看")


def _in_chinese(exc):
    """DRF's own messages come translated (its zh_Hans catalogue); two reach callers in English
    otherwise: Django's `No Case matches the given query.` of get_object_or_404, and the parsers'
    `JSON parse error - <Python's message>`. Both are replaced by Chinese ones."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(NOT_FOUND)
    if isinstance(exc, exceptions.ParseError):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, json.JSONDecodeError):
            return exceptions.ParseError(
                _("请求内容不是有效的 JSON（第 %(line)d 行第 %(column)d 列附近有误）")
                % {"line": cause.lineno, "column": cause.colno}
            )
        return exceptions.ParseError(_("请求内容无法解析，请检查格式与 Content-Type"))
    return exc


def api_exception_handler(exc, context):
    """One shape for every refusal: 400 `{"errors": [...]}` (plus `field_errors` for malformed
    input), 403 `{"detail": ...}` carrying the action's own Chinese reason, other errors
    `{"detail": ...}` in Chinese."""
    exc = _in_chinese(exc)
    if isinstance(exc, DjangoValidationError):  # the actions' ActionError and other rule refusals
        return Response({"errors": list(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, CalendarNotCovered | MissingRuleSetting):
        # The platform must say what it does not know, never guess (ARCHITECTURE §4).
        return Response({"errors": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoPermissionDenied):
        detail = str(exc) or _("您没有执行该操作的权限。")
        return Response({"detail": detail}, status=status.HTTP_403_FORBIDDEN)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _flatten(exc.detail), "field_errors": exc.detail}
    return response


def api_not_found(request, *args, **kwargs):
    """Every address under /api/ that names no endpoint (a non-numeric id included) answers as the
    API does, with JSON in Chinese, not the site's HTML page. A GET without its trailing slash is
    sent on to the address with it, as Django's APPEND_SLASH does elsewhere."""
    path = request.path_info
    if settings.APPEND_SLASH and not path.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse(
        {"detail": str(NOT_FOUND)},
        status=status.HTTP_404_NOT_FOUND,
        json_dumps_params={"ensure_ascii": False},
    )


class ZhixingAPIView:
    """Mixed into every API view: token first, so an anonymous caller is told (401 with
    `WWW-Authenticate: Token`) how to authenticate; sessions serve the browsable docs."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]

    def get_exception_handler(self):
        return api_exception_handler


class GrantSerializer(serializers.Serializer):
    court = serializers.CharField(source="court.code")
    court_name = serializers.CharField(source="court.name")
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    court = serializers.CharField(source="court.code", default="")
    grants = GrantSerializer(many=True)


@extend_schema(tags=[gettext_lazy("用户")])
class MeView(ZhixingAPIView, APIView):
    """当前调用者（用于核对令牌）及其在各法院的角色。"""

    @extend_schema(summary=gettext_lazy("当前用户及其角色"), responses=MeSerializer)
    def get(self, request):
        user = request.user
        grants = RoleGrant.objects.filter(user=user).select_related("court").order_by("court__path", "role")
        data = {"username": user.username, "full_name": user.full_name, "court": user.court, "grants": grants}
        return Response(MeSerializer(data).data)
