"""The `zhixing` command: Django's management commands under one name.

Every word is a management command (`serve`, `demo`, `import-cases`, `calendar`, `worker` …);
hyphenated names map to the underscored command modules, so `import-cases` runs `import_cases`.
`zhixing check` is the platform's integrity check (`check --deploy`: Django's deployment checklist).
"""

import os
import sys

ALIASES = {"check": ["integrity_check"]}


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
