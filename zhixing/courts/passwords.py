"""Password validators (settings.AUTH_PASSWORD_VALIDATORS): Django's four standard ones.

Django 5.2.19 reworded the minimum-length message (`%d` instead of `%(min_length)d`) and its Simplified
Chinese catalogue still has only the old wording, so that one message would reach an administrator in
English; this subclass says it in Chinese. The other three are translated by Django.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("密码太短，至少需要 %(n)d 个字符。") % {"n": self.min_length}

    def get_help_text(self) -> str:
        return _("密码至少需要 %(n)d 个字符。") % {"n": self.min_length}
