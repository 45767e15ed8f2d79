"""The administrator's pages for courts, departments, users and role grants (Django admin).

Every write goes through zhixing.courts.actions (create_court, move_court, create_department,
create_user, grant_role, revoke_role). Those actions create, move and grant; they do not rename
courts or edit users, so existing rows are shown read-only here except a court's parent (changing it
moves the court, with the courts below it), and roles change by adding or revoking grants.
An administrator acts on their court and the courts below it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from zhixing.core.actions import is_administrator
from zhixing.core.admin import ActionAdmin, holds_admin_role
from zhixing.core.rules import name_problem

from . import actions, rules
from .models import Court, Department, RoleGrant, User
from .queries import court_above, courts_for

NOT_YOURS = _("您不是该法院或其上级法院的管理员")


def _admin_courts(user):
    return Court.objects.all() if user.is_superuser else courts_for(user, rules.ADMIN)


class ScopedForm(forms.ModelForm):
    """A form whose court choices are the courts the signed-in administrator may act on."""

    user = None  # set by ScopedAdmin.get_form
    court_fields: tuple[str, ...] = ("court",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None and not self.user.is_superuser:
            for name in self.court_fields:
                if name in self.fields:
                    self.fields[name].queryset = _admin_courts(self.user)

    def clean(self):
        # The choices already hide other courts; a posted id of one is refused here all the same.
        data = super().clean()
        court = data.get("court")
        if court is not None and not is_administrator(self.user, court):
            self.add_error("court", NOT_YOURS)
        return data


class ScopedAdmin(ActionAdmin):
    """Rows are added by the actions; nothing is edited in place (there is no action for it)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def has_add_permission(self, request) -> bool:
        return holds_admin_role(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- courts ------------------------------------------------------------------------------------------


class CourtForm(ScopedForm):
    court_fields = ("parent",)

    class Meta:
        model = Court
        fields = ["code", "name", "parent"]
        help_texts = {
            "code": _("“最高法”、省级简称一字（高级法院，如“冀”）、简称加2位数字（中级）或加4位数字（基层）"),
            "parent": _(
                "留空时按代字推定（如“冀9601”的上级为“冀96”；平台中尚无时为更上一级）；"
                "修改上级法院即移动该法院及其下级法院"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        court = self.instance
        if court.pk and "parent" in self.fields:
            # Moving a court under itself or a court below it would make a loop: not offered.
            field = self.fields["parent"]
            field.queryset = field.queryset.exclude(path__startswith=court.path)

    def clean_name(self):
        name = (self.cleaned_data.get("name") or "").strip()
        problem = name_problem(name)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean(self):
        if self.instance.pk:
            return self._clean_move()
        data = super().clean()
        code = (data.get("code") or "").strip()
        if not code:
            return data
        try:
            parsed = rules.parse_court_code(code)
        except rules.InvalidCourtCode as exc:
            self.add_error("code", str(exc))
            return data
        data["code"] = parsed.code
        parent = data.get("parent")
        if parent is None:
            parent = court_above(parsed.code)
        if parent is None and not self.user.is_superuser:
            self.add_error("parent", _("只有超级管理员可以新建最上级的法院；请选择上级法院"))
        elif parent is not None and not is_administrator(self.user, parent):
            self.add_error("parent", NOT_YOURS)
        else:
            problem = rules.parent_problem(parsed.code, parent.code if parent else None)
            if problem:
                self.add_error("parent", problem)
        return data

    def _clean_move(self):
        """The change page edits only the parent: the refusals of move_court, beside the field."""
        data = forms.ModelForm.clean(self)
        if "parent" in self.changed_data:
            court = Court.objects.select_related("parent").get(pk=self.instance.pk)
            for problem in actions.move_problems(court, data.get("parent"), actor=self.user):
                self.add_error("parent", problem)
        return data


@admin.register(Court)
class CourtAdmin(ScopedAdmin):
    form = CourtForm
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        return ["code", "name", "level"] if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["code", "name", "level", "parent"] if obj is not None else ["code", "name", "parent"]

    def has_change_permission(self, request, obj=None) -> bool:
        # The list offers the change page; on it only the parent changes, and move_court decides.
        if obj is None:
            return holds_admin_role(request.user)
        return request.user.is_superuser or (
            obj.parent is not None and is_administrator(request.user, obj.parent)
        )

    def save_model(self, request, obj, form, change):
        if change:
            if "parent" in form.changed_data:
                court = actions.move_court(obj, form.cleaned_data.get("parent"), actor=request.user)
                obj.path = court.path
            return
        court = actions.create_court(obj.code, obj.name, obj.parent, actor=request.user)
        obj.pk, obj.level, obj.path = court.pk, court.level, court.path


# --- departments -------------------------------------------------------------------------------------


class DepartmentForm(ScopedForm):
    class Meta:
        model = Department
        fields = ["court", "name"]


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    form = DepartmentForm
    list_display = ["name", "court"]
    list_filter = ["court"]
    list_select_related = ["court"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(court__in=_admin_courts(request.user))

    def save_model(self, request, obj, form, change):
        obj.pk = actions.create_department(obj.court, obj.name, actor=request.user).pk


# --- users -------------------------------------------------------------------------------------------


class UserForm(ScopedForm):
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)
    roles = forms.MultipleChoiceField(
        label=_("角色"),
        choices=list(rules.ROLE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("在所在法院授予；作用于该院及其下级法院"),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "court", "department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("court", "full_name"):  # absent on the read-only page of an existing user
            if name in self.fields:
                self.fields[name].required = True

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致"))
        elif data.get("password1"):  # Django's validators beside the field; create_user runs them too
            candidate = User(username=data.get("username") or "", full_name=data.get("full_name") or "")
            try:
                password_validation.validate_password(data["password1"], candidate)
            except ValidationError as e:
                self.add_error("password1", e)
        court, dept = data.get("court"), data.get("department")
        if court is not None and dept is not None and dept.court_id != court.pk:
            self.add_error("department", _("所选部门不属于该法院"))
        return data


@admin.register(User)
class UserAdmin(ScopedAdmin):
    form = UserForm
    list_display = ["username", "full_name", "court", "role_list", "is_active", "last_login"]
    list_filter = ["court", "is_active"]
    search_fields = ["username", "full_name"]
    list_select_related = ["court"]
    readonly_fields = ["username", "full_name", "court", "department", "role_list", "is_active", "last_login"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).prefetch_related("grants__court")
        return qs if request.user.is_superuser else qs.filter(court__in=_admin_courts(request.user))

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["username", "full_name", "password1", "password2", "court", "department", "roles"]
        return self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    actions = ["deactivate", "reactivate"]

    @admin.action(description=_("停用所选用户（离职、调离执行岗位）"))
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("恢复所选用户"))
    def reactivate(self, request, queryset):
        self._set_active(request, queryset, True)

    def _set_active(self, request, queryset, active: bool) -> None:
        done = 0
        for user in queryset.select_related("court"):
            try:
                actions.set_active(user, active, actor=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as e:
                msg = e.messages[0] if isinstance(e, ValidationError) else str(e)
                self.message_user(request, f"{user}：{msg}", messages.ERROR)  # by name
        if done:
            text = _("已停用 %(n)d 个用户") if not active else _("已恢复 %(n)d 个用户")
            self.message_user(request, text % {"n": done}, messages.SUCCESS)

    def get_actions(self, request):
        # Only these two: Django's bulk delete is off (users stay, their acts are on record).
        got = super().get_actions(request)
        return {k: v for k, v in got.items() if k in ("deactivate", "reactivate")}

    def has_change_permission(self, request, obj=None) -> bool:
        # The list's actions need it; the change page itself stays read-only (get_fields).
        return obj is None and holds_admin_role(request.user)

    @admin.display(description=_("角色"))
    def role_list(self, obj: User) -> str:
        return "、".join(f"{g.get_role_display()}（{g.court.code}）" for g in obj.grants.all()) or "—"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        user = actions.create_user(
            data["username"],
            data["full_name"],
            data["password1"],
            data["court"],
            list(data.get("roles") or []),
            department=data.get("department"),
            actor=request.user,
        )
        obj.pk, obj.password = user.pk, user.password


# --- role grants -------------------------------------------------------------------------------------


class RoleGrantForm(ScopedForm):
    class Meta:
        model = RoleGrant
        fields = ["user", "court", "role"]


@admin.register(RoleGrant)
class RoleGrantAdmin(ScopedAdmin):
    form = RoleGrantForm
    list_display = ["user", "court", "role"]
    list_filter = ["role", "court"]
    search_fields = ["user__username", "user__full_name"]
    list_select_related = ["user", "court"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(court__in=_admin_courts(request.user))

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is None:
            return holds_admin_role(request.user)
        return is_administrator(request.user, obj.court)

    def save_model(self, request, obj, form, change):
        obj.pk = actions.grant_role(obj.user, obj.court, obj.role, actor=request.user).pk

    def delete_model(self, request, obj):
        actions.revoke_role(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for grant in list(queryset.select_related("user", "court")):
            actions.revoke_role(grant, actor=request.user)
