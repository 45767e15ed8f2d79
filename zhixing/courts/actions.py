"""Writes for courts, departments, users and role grants (ARCHITECTURE §2: one write path)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.core import audit
from zhixing.core.rules import name_problem

from . import rules
from .models import Court, Department, RoleGrant, User
from .queries import has_role


def _require_admin(actor, court: Court | None) -> None:
    if actor is None:  # system: migrations, imports with --create-courts, the demo builder
        return
    if actor.is_superuser:
        return
    if court is None or not has_role(actor, rules.ADMIN, court):
        raise PermissionDenied(_("只有该法院或上级法院的管理员可以进行此操作"))


@transaction.atomic
def create_court(code: str, name: str, parent: Court | None = None, actor=None) -> Court:
    """Create a court; its level comes from the shape of its code (rules §1.2)."""
    parsed = rules.parse_court_code(code)
    problem = name_problem(name.strip())
    if problem:
        raise ValidationError(problem)
    if parent is None and parsed.parent_code:
        parent = Court.objects.filter(code=parsed.parent_code).first()
    # After the parent is known: an administrator of 冀96 may create 冀9601 without naming 冀96.
    _require_admin(actor, parent)
    if Court.objects.filter(code=parsed.code).exists():
        raise ValidationError(_("法院代字“%(code)s”已存在") % {"code": code})
    court = Court.objects.create(
        code=parsed.code, name=name.strip(), level=parsed.level, parent=parent, path=""
    )
    court.path = f"{parent.path if parent else '/'}{court.pk}/"
    court.save(update_fields=["path"])
    audit.append("court.create", court, {"code": court.code, "name": court.name}, actor)
    return court


@transaction.atomic
def create_department(court: Court, name: str, actor=None) -> Department:
    _require_admin(actor, court)
    dept = Department.objects.create(court=court, name=name)
    audit.append("department.create", dept, {"name": name}, actor)
    return dept


@transaction.atomic
def create_user(
    username: str,
    full_name: str,
    password: str,
    court: Court,
    roles: list[str] | tuple[str, ...] = (),
    department: Department | None = None,
    actor=None,
) -> User:
    _require_admin(actor, court)
    user = User(username=username, full_name=full_name, court=court, department=department)
    user.set_password(password)
    user.save()
    for role in roles:
        RoleGrant.objects.create(user=user, court=court, role=role)
    audit.append(
        "user.create", user, {"username": username, "roles": list(roles), "court": court.code}, actor
    )
    return user


@transaction.atomic
def set_active(user: User, active: bool, reason: str = "", actor=None) -> User:
    """Stop (or restore) a user's access: someone who left the court or was moved out of enforcement
    work. The account, its roles and everything it did stay (the audit trail names them); an
    inactive user cannot sign in, and open sessions and API tokens stop working at the next request
    (Django and DRF refuse inactive users). Nobody stops their own access."""
    _require_admin(actor, user.court)
    if not active and getattr(actor, "pk", None) == user.pk:
        raise ValidationError(_("不能停用自己的账号"))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.append(
        "user.activate" if active else "user.deactivate",
        user,
        {"username": user.username, "court": user.court.code if user.court else "", "reason": reason},
        actor,
    )
    return user


@transaction.atomic
def grant_role(user: User, court: Court, role: str, actor=None) -> RoleGrant:
    if role not in rules.ROLE_LABELS:
        raise ValidationError(_("未知角色：%(role)s") % {"role": role})
    _require_admin(actor, court)
    grant, _created = RoleGrant.objects.get_or_create(user=user, court=court, role=role)
    audit.append("role.grant", grant, {"user": user.username, "court": court.code, "role": role}, actor)
    return grant


@transaction.atomic
def revoke_role(grant: RoleGrant, actor=None) -> None:
    _require_admin(actor, grant.court)
    audit.append(
        "role.revoke",
        grant,
        {"user": grant.user.username, "court": grant.court.code, "role": grant.role},
        actor,
    )
    grant.delete()


@transaction.atomic
def issue_token(user: User, rotate: bool = False, actor=None):
    """The API token of a system account (DRF TokenAuthentication): the existing one, or a new one
    when there is none or `rotate` asks to replace a leaked one."""
    from rest_framework.authtoken.models import Token

    old = Token.objects.filter(user=user).first()
    if old is not None and rotate:
        old.delete()
        old = None
    if old is not None:
        return old
    token = Token.objects.create(user=user)
    # The key itself is a secret and stays out of the log; who got a token, and when, does not.
    audit.append("token.issue", user, {"username": user.username, "rotated": rotate}, actor)
    return token
