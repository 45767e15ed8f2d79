"""What measures plugs into the apps below it, connected from MeasuresConfig.ready(): cases cannot
import measures, documents cannot, core cannot. One line per seam; a helper adding a seam adds its
line here."""

from __future__ import annotations


def connect() -> None:
    from zhixing.cases import closing_checks
    from zhixing.core import checks
    from zhixing.documents.rendering import register_context

    from . import documents, evidence_store, panels
    from .actions.obstructions import closing_problems
    from .models import Evidence

    # 终本 condition 5 (rules §2.3): an obstruction met by no measure or referral blocks it.
    closing_checks.register("measures", closing_problems)
    # The measure documents' particulars reach their templates.
    register_context(documents.context)
    # The 强制措施 panel of the case page (panels.py).
    panels.register()

    # `zhixing check`: every evidence file still has its fingerprint (ARCHITECTURE "Contracts").
    @checks.register("证据文件指纹")
    def evidence_files():
        rows = Evidence.objects.order_by("pk").values_list("pk", "path", "sha256", "size").iterator()
        yield from evidence_store.verify(rows)

    # The hourly measures_scan (police messages a callback missed) registers itself with core.periodic.
    from . import scans  # noqa: F401

    # `zhixing demo`: the register, roster, operations, measures and referrals once the cases are built.
    from .demo import connect as connect_demo

    connect_demo()
