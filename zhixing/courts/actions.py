"""Writes for courts, departments, users and role grants (ARCHITECTURE §2: one write path)."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from zhixing.core import audit
from zhixing.core.rules import name_problem

from . import permissions, rules
from .actors import is_system
from .models import Court, Department, RoleGrant, User
from .queries import court_above, may_move_court


@transaction.atomic
def create_court(code: str, name: str, parent: Court | None = None, *, actor) -> Court:
    """Create a court; its level comes from the shape of its code (rules §1.2).

    Without `parent` the court hangs under the nearest court above it by its code that the platform
    knows (courts.queries.court_above: 冀0602 under 冀06, or under 冀 while 冀06 is not in the
    platform); only the SPC and a high court may stand at the top (rules.parent_problem). Courts
    already in the platform that hang above the new court's place only because it was missing (冀0602
    under 冀 when 冀06 comes, or at the top) move under it through move_court, as far as the actor may
    move them; a court an administrator hung elsewhere (冀0638 under 冀96) stays where it is.
    """
    parsed = rules.parse_court_code(code)
    problem = name_problem(name.strip())
    if problem:
        raise ValidationError(problem)
    if parent is None:
        parent = court_above(parsed.code)
    # After the parent is known: an administrator of 冀96 may create 冀9601 without naming 冀96.
    permissions.check_administer(actor, parent)
    if Court.objects.filter(code=parsed.code).exists():
        raise ValidationError(_("法院代字“%(code)s”已存在") % {"code": code})
    if Court.objects.filter(name=name.strip()).exists():  # e.g. a high court named from its code
        raise ValidationError(_("法院名称“%(name)s”已被其他法院使用") % {"name": name.strip()})
    problem = rules.parent_problem(parsed.code, parent.code if parent else None)
    if problem:
        raise ValidationError(problem)
    court = Court.objects.create(
        code=parsed.code, name=name.strip(), level=parsed.level, parent=parent, path=""
    )
    court.path = f"{parent.path if parent else '/'}{court.pk}/"
    court.save(update_fields=["path"])
    audit.append(
        "court.create",
        court,
        {"code": court.code, "name": court.name, "parent": parent.code if parent else ""},
        actor,
    )
    for waiting in _waiting_for(court):
        if may_move_court(actor, waiting, court):
            move_court(waiting, court, actor=actor, reason=_("上级法院%(code)s建立") % {"code": court.code})
    return court


def _waiting_for(court: Court) -> list[Court]:
    """Courts whose code puts `court` above them while they hang higher up (or at the top): the courts
    that were placed before `court` was in the platform, and for which `court` is now the nearest court
    above by code. The courts below them move with them."""
    others = Court.objects.exclude(pk=court.pk)
    if court.level != rules.SUPREME:
        others = others.filter(code__startswith=court.code[0])
    candidates = list(others.select_related("parent"))
    known = {c.code for c in candidates}
    out = []
    for other in candidates:
        above = rules.codes_above(other.code)
        if court.code not in above:
            continue
        i = above.index(court.code)
        if any(c in known for c in above[:i]):
            continue  # a court nearer to it is in the platform: that one is its place
        if other.parent is None or other.parent.code in above[i + 1 :]:
            out.append(other)
    return out


def move_problems(court: Court, new_parent: Court | None, *, actor) -> list[str]:
    """Why `court` may not move under `new_parent` (empty when it may): the permission, a cycle, and
    the levels and provinces of rules.parent_problem. Forms show these beside the field."""
    if not may_move_court(actor, court, new_parent):
        return [_("只有同时管辖该法院现在的上级法院和新的上级法院的管理员可以移动法院")]
    if new_parent is not None and new_parent.path.startswith(court.path):
        return [_("不能把%(court)s移到它自己或它的下级法院之下") % {"court": court.name}]
    problem = rules.parent_problem(court.code, new_parent.code if new_parent else None)
    return [problem] if problem else []


@transaction.atomic
def move_court(court: Court, new_parent: Court | None, *, actor, reason: str = "") -> Court:
    """Hang `court` under `new_parent`: the administrator corrects the tree (a court placed by its code
    under 冀 that belongs under 冀96), or a court created above it adopts it (create_court).

    The materialised paths of the court and of every court below it follow in one UPDATE. Role grants
    are stored by court and reach down by path (queries.has_role), so they follow by themselves: a
    grant on the old parent no longer reaches the court, one on the new parent does. Cases stay with
    their court; stored bulletins keep the tree of their week.
    """
    court = Court.objects.select_for_update(of=("self",)).select_related("parent").get(pk=court.pk)
    if new_parent is not None:
        new_parent = Court.objects.get(pk=new_parent.pk)  # its path as stored now
    problems = move_problems(court, new_parent, actor=actor)
    if problems:
        if not may_move_court(actor, court, new_parent):
            raise PermissionDenied(problems[0])
        raise ValidationError(problems)
    old_parent = court.parent
    if (old_parent.pk if old_parent else None) == (new_parent.pk if new_parent else None):
        return court
    old_path = court.path
    new_path = f"{new_parent.path if new_parent else '/'}{court.pk}/"
    moved = Court.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=CharField())
    )
    Court.objects.filter(pk=court.pk).update(parent=new_parent)
    court.refresh_from_db()
    audit.append(
        "court.move",
        court,
        {
            "code": court.code,
            **audit.changes(
                {"parent": old_parent.code if old_parent else ""},
                {"parent": new_parent.code if new_parent else ""},
            ),
            "courts": moved,
            "reason": reason,
        },
        actor,
    )
    if not is_system(actor):
        actor.__dict__.pop("_grant_paths", None)  # the actor's cached reach (queries._grant_paths)
    return court


@transaction.atomic
def create_department(court: Court, name: str, *, actor) -> Department:
    permissions.check_administer(actor, court)
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
    *,
    actor,
) -> User:
    """A user of `court` with `roles` there. A password chosen by a person (an administrator: `actor`
    given) must pass Django's password validators (settings.AUTH_PASSWORD_VALIDATORS), so nobody sets
    password `1`; the system (a named system actor: the demo with its published password, system accounts with
    no password, the tests' cast) is not asked. `password` None leaves the account without one."""
    permissions.check_administer(actor, court)
    user = User(username=username, full_name=full_name, court=court, department=department)
    if password is not None and not is_system(actor):
        password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    for role in roles:
        RoleGrant.objects.create(user=user, court=court, role=role)
    audit.append(
        "user.create", user, {"username": username, "roles": list(roles), "court": court.code}, actor
    )
    return user


@transaction.atomic
def set_active(user: User, active: bool, reason: str = "", *, actor) -> User:
    """Stop (or restore) a user's access: someone who left the court or was moved out of enforcement
    work. The account, its roles and everything it did stay (the audit trail names them); an
    inactive user cannot sign in, and open sessions and API tokens stop working at the next request
    (Django and DRF refuse inactive users). Nobody stops their own access, only a superuser stops a
    superuser's, and the last active superuser is never stopped: the platform would be left with
    nobody who can create a root court or restore an administrator."""
    permissions.check_administer(actor, user.court)
    if not active and getattr(actor, "pk", None) == user.pk:
        raise ValidationError(_("不能停用自己的账号"))
    if user.is_active == active:
        return user
    if not active and user.is_superuser:
        if not is_system(actor) and not actor.is_superuser:
            raise PermissionDenied(_("只有超级管理员可以停用超级管理员的账号"))
        # Lock the active superusers, so that two administrators stopping the last two at the same
        # time cannot both succeed.
        active_superusers = list(
            User.objects.select_for_update()
            .filter(is_superuser=True, is_active=True)
            .values_list("pk", flat=True)
        )
        if not set(active_superusers) - {user.pk}:
            raise ValidationError(
                _("%(name)s 是最后一个有效的超级管理员，不能停用（请先设置另一名超级管理员）")
                % {"name": user.full_name or user.username}
            )
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.append(
        "user.activate" if active else "user.deactivate",
        user,
        {
            "username": user.username,
            "court": user.court.code if user.court else "",
            **audit.changes({"active": not active}, {"active": active}),
            "reason": reason,
        },
        actor,
    )
    return user


@transaction.atomic
def grant_role(user: User, court: Court, role: str, *, actor) -> RoleGrant:
    if role not in rules.ROLE_LABELS:
        raise ValidationError(_("未知角色：%(role)s") % {"role": role})
    permissions.check_administer(actor, court)
    grant, _created = RoleGrant.objects.get_or_create(user=user, court=court, role=role)
    audit.append("role.grant", grant, {"user": user.username, "court": court.code, "role": role}, actor)
    return grant


@transaction.atomic
def revoke_role(grant: RoleGrant, *, actor) -> None:
    permissions.check_administer(actor, grant.court)
    audit.append(
        "role.revoke",
        grant,
        {"user": grant.user.username, "court": grant.court.code, "role": grant.role},
        actor,
    )
    grant.delete()


@transaction.atomic
def issue_token(user: User, rotate: bool = False, *, actor):
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
