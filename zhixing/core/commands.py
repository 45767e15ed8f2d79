"""The base of the `zhixing` operator commands."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError


class OperatorCommand(BaseCommand):
    """From the command line a refusal prints as the bare Chinese message and exits non-zero (Django
    would prefix "CommandError:" in English); from call_command the exception reaches the caller."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not self._called_from_command_line or options.get("traceback"):
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)
