"""`zhixing simulators`: start every reference institution on loopback (contract of issue 10).

Each runs as its own child process (`python -m simulators.institutions …`, PROTOCOL.md) with its data
under DATA_DIR/simulators/institutions/<code>; the courts' public keys are written to the trust file
they read; each is registered (or updated) as an Institution with its address and public key; the
addresses are printed, and the command runs until interrupted (Ctrl-C stops the children).
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from zhixing.core.commands import OperatorCommand
from zhixing.courts.actors import CLI
from zhixing.courts.models import Court

from ... import reference, signing


class Command(OperatorCommand):
    requires_system_checks: list[str] = []
    help = _("启动全部参考查控机构（本机回环地址），登记其地址和公钥，直到中断")

    def add_arguments(self, parser):
        parser.add_argument("--delay-ms", type=int, default=200, help=_("机构答复延迟（毫秒）"))
        parser.add_argument("--fail-rate", type=float, default=0.0, help=_("机构故障率"))
        parser.add_argument("--once", action="store_true", help=_("启动并登记后立即停止（检查用）"))

    def handle(self, *args, **options):
        folder = Path(settings.DATA_DIR) / "simulators" / "institutions"
        folder.mkdir(parents=True, exist_ok=True)
        trust = folder / "trust.json"
        signing.write_trust_file(trust, Court.objects.all())
        extra = ["--delay-ms", str(options["delay_ms"]), "--fail-rate", str(options["fail_rate"])]
        running = []
        try:
            for ref in reference.REFERENCE:
                r = reference.start(ref, folder, trust, extra)
                running.append(r)
                reference.register(r, CLI)
                self.stdout.write(f"{ref.name}（{ref.code}，{ref.kind}）  {r.url}")
            # Reference services of the apps above inquiry (credit's agencies, the portal's SMS
            # gateway), asked through their AppConfig: inquiry cannot import them
            # (tests/test_import_graph.py).
            from django.apps import apps

            for config in apps.get_app_configs():
                start_more = getattr(config, "start_simulators", None)
                if start_more is not None:
                    for r in start_more(folder.parent, trust, CLI):
                        running.append(r)
                        self.stdout.write(f"{r.reference.name}（{r.reference.code}）  {r.url}")
            self.stdout.write(_("信任文件：%(path)s") % {"path": trust})
            bank = reference.start_bank()
            if bank is not None:
                running.append(bank)
                self.stdout.write(_("案款参考银行（simulators/bank）  %(url)s") % {"url": bank.url})
            if options["once"]:
                return
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            self.stdout.write(_("按 Ctrl-C 停止"))
            while all(r.process.poll() is None for r in running):
                time.sleep(1)
            self.stderr.write(_("有参考机构进程已退出"))
        except KeyboardInterrupt:
            pass
        finally:
            for r in running:
                r.process.terminate()
            for r in running:
                try:
                    r.process.wait(timeout=5)
                except Exception:
                    r.process.kill()
