"""`zhixing issue-token USERNAME`: print the API token of a system account (header
`Authorization: Token <key>`). The same token is printed again on a second run; `--rotate` replaces it,
so a leaked token stops working. `--create` first makes the account (no password: it can only use
its token) with the given roles on a court."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from zhixing.courts import actions, rules
from zhixing.courts.actors import CLI
from zhixing.courts.models import User
from zhixing.courts.queries import court_by_code


class Command(BaseCommand):
    help = _("为系统账号签发 API 令牌（请求头 Authorization: Token <令牌>）")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("用户名"))
        parser.add_argument("--rotate", action="store_true", help=_("作废旧令牌并签发新令牌"))
        parser.add_argument("--create", action="store_true", help=_("账号不存在时创建（无密码，只能用令牌）"))
        parser.add_argument("--court", help=_("创建账号时的所在法院代字"))
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=sorted(rules.ROLE_LABELS),
            help=_("创建账号时授予的角色，可重复"),
        )
        parser.add_argument("--full-name", default="", help=_("创建账号时的名称（默认同用户名）"))

    @transaction.atomic
    def handle(self, *args, username, rotate, create, court, role, full_name, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create:
                raise CommandError(
                    _("用户“%(name)s”不存在（可加 --create --court 代字 --role 角色 创建系统账号）")
                    % {"name": username}
                )
            user = self._create(username, full_name or username, court, role)
        if not user.is_active:
            raise CommandError(_("用户“%(name)s”已停用，不能签发令牌") % {"name": username})
        token = actions.issue_token(user, rotate=rotate, actor=CLI)
        self.stdout.write(token.key)

    def _create(self, username: str, full_name: str, court_code: str | None, roles: list[str]) -> User:
        court = court_by_code(court_code or "")
        if court is None:
            raise CommandError(
                _("创建账号需要有效的 --court 法院代字（收到：%(code)s）") % {"code": court_code or _("空")}
            )
        if not roles:
            raise CommandError(_("创建账号需要至少一个 --role 角色"))
        # No password: set_password(None) makes it unusable, so the account can only use its token.
        return actions.create_user(username, full_name, None, court, roles, actor=CLI)
