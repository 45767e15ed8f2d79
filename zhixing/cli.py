"""The `zhixing` command: Django's management commands under one name.

`zhixing serve` runs the development server on 127.0.0.1:8000; every other word is a management
command (`demo`, `import-cases`, `calendar`, `check`, `worker` …). Hyphenated names map to the
underscored command modules, so `import-cases` runs `import_cases`.
"""

import os
import sys

ALIASES = {"serve": ["runserver", "127.0.0.1:8000"], "worker": ["worker"], "check": ["integrity_check"]}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhixing.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        head = args[0]
        if head in ALIASES:
            args = ALIASES[head] + args[1:]
        else:
            args[0] = head.replace("-", "_")
    execute_from_command_line(["zhixing", *args])


if __name__ == "__main__":
    main()
