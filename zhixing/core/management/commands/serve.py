"""`zhixing serve [--host H] [--port N] [--dev] [--no-worker] [--simulators]`: the one way to serve the
platform.

Without `--dev` it serves as in production: DEBUG as configured (off unless ZHIXING_DEBUG=1), the
WSGI application `zhixing.wsgi` under gunicorn, static files collected into STATIC_ROOT and served by
WhiteNoise, and a background worker (`zhixing worker`) beside it so the periodic scans run. This
process supervises the two: Ctrl-C or SIGTERM stops both (each gets one SIGTERM and finishes what it
is doing), and when either ends on its own the other is stopped too and the exit status says so.

Static files are collected on every start rather than found in the apps' folders (WhiteNoise's
USE_FINDERS): WhiteNoise then serves one folder holding exactly what this version ships, with DEBUG
off and in any WSGI server; collecting again only copies what changed, so a start takes a second.

`--simulators` (for the demo, `make run`) also runs `zhixing simulators` beside them: the reference
institutions of network inquiry and control start as its children on loopback and are registered
again under their new addresses, so that an inquiry started from a case page is answered; they stop
with the platform. (core knows nothing of inquiry: the command is started by name, as the worker is.)

`--dev` runs Django's development server instead (DEBUG on, reloading on code changes, no worker:
developers start `zhixing worker` beside it when they need the scans).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhixing.core import secretkey
from zhixing.core.commands import OperatorCommand

STOP_WAIT = 30  # seconds a child gets to finish after SIGTERM before it is killed


class Stop(Exception):
    """SIGTERM or SIGHUP reached the supervisor."""


def _on_signal(signum, frame):
    raise Stop


try:
    _LIBC: ctypes.CDLL | None = ctypes.CDLL("libc.so.6", use_errno=True) if sys.platform == "linux" else None
except OSError:  # pragma: no cover - a libc under another name (musl)
    _LIBC = None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM when this supervisor dies, even by SIGKILL, so none is left behind."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _gunicorn_options() -> list[str]:
    """gunicorn ≥ 25 opens a control socket at ~/.gunicorn/gunicorn.ctl, one path for every instance
    of the machine's user; this supervisor is the control, so it is turned off where it exists."""
    from gunicorn.config import KNOWN_SETTINGS

    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


class Command(OperatorCommand):
    help = _("启动平台：默认以 gunicorn 提供服务并同时运行后台任务进程；--dev 使用 Django 开发服务器")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help=_("监听地址（默认 127.0.0.1）"))
        parser.add_argument("--port", type=int, default=8000, help=_("端口（默认 8000）"))
        parser.add_argument("--dev", action="store_true", help=_("开发模式：Django 开发服务器，DEBUG 开启"))
        parser.add_argument("--no-worker", action="store_true", help=_("不同时启动后台任务进程"))
        parser.add_argument(
            "--simulators",
            action="store_true",
            help=_("同时启动参考查控机构（zhixing simulators，演示用），随平台一起停止"),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help=_("gunicorn 工作进程数（默认取 WEB_CONCURRENCY，否则 2）"),
        )
        parser.add_argument("--threads", type=int, default=4, help=_("每个工作进程的线程数（默认 4）"))

    def handle(self, *args, **options):
        host, port = options["host"], options["port"]
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if options["dev"] and options["simulators"]:
            raise CommandError(_("--simulators 不能与 --dev 同用：请另开终端运行 zhixing simulators"))
        if options["dev"]:
            # The reloader runs this command again in a child process, which reads the environment.
            os.environ["ZHIXING_DEBUG"] = "1"
            settings.DEBUG = True
            call_command("runserver", address)
            return
        if not settings.DEBUG and not secretkey.is_strong(settings.SECRET_KEY):
            raise CommandError(
                _(
                    "ZHIXING_SECRET_KEY 过于简单（至少 50 个字符、5 种以上不同字符），不能用于生产；"
                    "请换成随机生成的密钥，或不设置它，由平台在数据目录中生成。"
                )
            )
        if settings.DEBUG:
            self.stderr.write(_("警告：ZHIXING_DEBUG=1，调试模式已开启，切勿用于生产环境。"))
        call_command("collectstatic", interactive=False, verbosity=0)

        children = {
            "gunicorn": [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                address,
                "--workers",
                str(options["workers"]),
                "--threads",
                str(options["threads"]),
                "--timeout",
                "300",  # a bulletin's PDF or a large export may take minutes
                "--graceful-timeout",
                "10",
                "--access-logfile",
                "-",
                *_gunicorn_options(),
                "zhixing.wsgi:application",
            ]
        }
        if not options["no_worker"]:
            children["worker"] = [sys.executable, "-m", "zhixing.cli", "worker", "--no-startup-delay"]
        if options["simulators"]:
            children["simulators"] = [sys.executable, "-m", "zhixing.cli", "simulators"]
        scheme = "https" if getattr(settings, "HTTPS", False) else "http"
        self.stdout.write(
            _("平台已启动：%(url)s（按 Ctrl-C 停止）") % {"url": f"{scheme}://{address}/"}, ending="\n"
        )
        self.stdout.flush()
        status = self.supervise(children)
        if status:
            sys.exit(status)

    def supervise(self, commands: dict[str, list[str]]) -> int:
        """Run the children until Ctrl-C, SIGTERM or the end of one of them; then stop them all."""
        procs: dict[str, subprocess.Popen] = {}
        # SIGTERM (a service manager) and SIGHUP (the terminal closed) stop the platform as Ctrl-C does.
        previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGHUP)}
        failed = 0
        try:
            for name, cmd in commands.items():
                # Their own process group: a terminal's Ctrl-C reaches only this supervisor, which then
                # sends each child one SIGTERM (a second signal would cut a running task short).
                procs[name] = subprocess.Popen(cmd, process_group=0, preexec_fn=_die_with_parent)
            while True:
                ended = {n: p.returncode for n, p in procs.items() if p.poll() is not None}
                if ended:
                    for name, code in ended.items():
                        self.stderr.write(
                            _("%(name)s 进程意外退出（状态 %(code)s），平台随之停止")
                            % {"name": name, "code": code}
                        )
                    failed = 1
                    break
                time.sleep(0.5)
        except (KeyboardInterrupt, Stop):
            self.stdout.write(_("正在停止……"))
        finally:
            self._stop(procs)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return failed

    def _stop(self, procs: dict[str, subprocess.Popen]) -> None:
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + STOP_WAIT
        try:
            for proc in procs.values():
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
        except (KeyboardInterrupt, Stop):  # asked again: do not wait
            for proc in procs.values():
                if proc.poll() is None:
                    proc.kill()
        for proc in procs.values():
            if proc.poll() is None:
                proc.wait()
