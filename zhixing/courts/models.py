"""Courts, departments, users and per-court role grants."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules


class Court(models.Model):
    LEVELS = [(k, v) for k, v in rules.LEVEL_LABELS.items()]

    code = models.CharField(_("法院代字"), max_length=10, unique=True)
    name = models.CharField(_("法院名称"), max_length=60, unique=True)
    level = models.CharField(_("级别"), max_length=12, choices=LEVELS)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级法院"),
    )
    # Materialised path of ids ("/1/4/17/"), so "this court and every court below it" is one prefix match.
    path = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("法院")
        verbose_name_plural = _("法院")

    def __str__(self) -> str:
        return self.name

    def lineage_ids(self) -> list[int]:
        """This court's id, then its parent's, up to the root."""
        return [int(p) for p in reversed(self.path.strip("/").split("/")) if p]

    def subtree(self):
        return Court.objects.filter(path__startswith=self.path)


class Department(models.Model):
    court = models.ForeignKey(
        Court, on_delete=models.PROTECT, related_name="departments", verbose_name=_("法院")
    )
    name = models.CharField(_("部门名称"), max_length=40)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return f"{self.court.name} {self.name}"


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=30)
    court = models.ForeignKey(
        Court,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("所在法院"),
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("部门")
    )
    # The office line parties are given with the handler's name (rules §11.2).
    office_phone = models.CharField(_("办公电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    # People are shown by name, in Django's admin too ("欢迎，…" and its history read these).
    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username


class RoleGrant(models.Model):
    ROLES = [(k, v) for k, v in rules.ROLE_LABELS.items()]

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("用户"))
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="grants", verbose_name=_("法院"))
    role = models.CharField(_("角色"), max_length=12, choices=ROLES)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [models.UniqueConstraint(fields=["user", "court", "role"], name="rolegrant_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()} @ {self.court}"


class LoginFailure(models.Model):
    """One failed sign-in (courts.throttle): counted per account and per address across every process
    of the platform, so a lock holds whichever web worker the next attempt reaches."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_user_at"),
            models.Index(fields=["address", "at"], name="loginfailure_address_at"),
            models.Index(fields=["at"], name="loginfailure_at"),
        ]
