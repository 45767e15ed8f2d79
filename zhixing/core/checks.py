"""Invariant checks that `zhixing check` runs (ARCHITECTURE "Contracts": the check command).

A check is a function that yields one Chinese sentence per problem it finds and nothing when all is
well. Apps register theirs with `@register("名称")` in a module their AppConfig.ready() imports (core
cannot import the apps that build on it, so each app brings its own checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.utils.translation import gettext as _

Check = Callable[[], Iterable[str]]

_registry: dict[str, Check] = {}
# Warnings are printed but do not fail the command (exit 0): something an operator should act on soon
# that is not yet wrong (next year's calendar not declared from 1 October).
_warnings: dict[str, Check] = {}


def register(name: str) -> Callable[[Check], Check]:
    """Register `fn` under `name` (the label printed in front of its problems). Registering a name
    again replaces the earlier function, so a module imported twice does not run its check twice."""

    def decorator(fn: Check) -> Check:
        _registry[name] = fn
        return fn

    return decorator


def register_warning(name: str) -> Callable[[Check], Check]:
    def decorator(fn: Check) -> Check:
        _warnings[name] = fn
        return fn

    return decorator


def warnings() -> list[tuple[str, list[str]]]:
    out = []
    for name, fn in _warnings.items():
        try:
            found = [str(w) for w in fn()]
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            found = [_("检查程序出错，未能完成：%(error)s") % {"error": f"{type(exc).__name__}: {exc}"}]
        out.append((name, found))
    return out


def registered() -> dict[str, Check]:
    return dict(_registry)


def run(name: str) -> Iterator[str]:
    """Problems of one check. A check that crashes is itself a problem: the command must not report
    "all well" because a check could not look."""
    try:
        yield from (str(p) for p in _registry[name]())
    except Exception as exc:  # noqa: BLE001 - reported, never swallowed
        yield _("检查程序出错，未能完成：%(error)s") % {"error": f"{type(exc).__name__}: {exc}"}


def run_all() -> list[tuple[str, list[str]]]:
    """Every registered check with the problems it found, in registration order."""
    return [(name, list(run(name))) for name in _registry]


@register("审计日志哈希链")
def audit_chain() -> Iterator[str]:
    """ARCHITECTURE §2: the audit log is append-only; an edited or deleted entry breaks the chain."""
    from .audit import verify_chain  # late: importing the registry must not need the app registry

    for brk in verify_chain():
        yield brk.reason


@register_warning("次年节假日安排")
def next_year_calendar() -> Iterator[str]:
    """issue 7: from 1 October, say that next year's holidays are not declared yet."""
    from django.utils import timezone

    from .calendar import next_year_warning

    warning = next_year_warning(timezone.localdate())
    if warning:
        yield warning
