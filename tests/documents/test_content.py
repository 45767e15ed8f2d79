"""What the documents say (rules §3.2 "Execution notice content"; rules §2.3 art 2, §6.2–6.3;
财产调查规定 arts 4–10). Read from the rendered HTML the PDF is made from, since the PDF's text is
stored as glyph numbers."""

from __future__ import annotations

import datetime as dt

import pytest
import segno
from django.template.loader import render_to_string

from zhixing.cases import actions as case_actions
from zhixing.cases.models import Party
from zhixing.documents import rendering, rules

from ..conftest import APPLICANT_ID


def html_of(case, kind, cast, version=1):
    spec = rules.KINDS[kind]
    draft = rendering.Draft(
        spec,
        rules.document_number(case.case_number, spec, version),
        "ABCD-EFGH-JKLM-NPQR",
        dt.date(2026, 3, 4),
        version,
    )
    ctx = rendering.document_context(case, draft, cast.officer, perform_days=0, report_days=5)
    return render_to_string(f"documents/pdf/{kind}.html", ctx), ctx


def test_execution_notice_orders_performance_and_warns_of_interest_and_credit_sanctions(case, cast):
    html, _ = html_of(case, "execution_notice", cast)
    assert "河北雄安新区中级人民法院" in html and "执行通知书" in html
    assert "雄安某建设有限公司：" in html  # the debtor is the addressee
    assert "责令你单位立即履行下列义务" in html
    assert "人民币50,000.00元" in html
    assert "加倍支付迟延履行期间的债务利息" in html
    assert "失信被执行人名单" in html
    assert "限制消费" in html
    assert "法定代表人、主要负责人、影响债务履行的直接责任人员、实际控制人" in html  # a unit debtor
    assert f"{case.case_number}-执通" in html


def test_property_report_order_sets_a_period_and_warns_of_fines_detention_and_listing(case, cast):
    html, _ = html_of(case, "property_report_order", cast)
    assert "报告财产令" in html
    assert "自收到本令之日起5日内" in html
    assert "收到执行通知之日前一年" in html
    assert "十日内向本院补充报告" in html
    assert "罚款、拘留" in html and "追究刑事责任" in html
    assert "失信被执行人名单" in html
    assert "财产调查表" in html


def test_a_natural_person_is_addressed_as_you(file_case, cast):
    person = file_case(
        parties=[
            case_actions.PartyInput(Party.APPLICANT, "雄安某建设有限公司", "91330109699830509X"),
            case_actions.PartyInput(Party.DEBTOR, "王申请", APPLICANT_ID),
        ]
    )
    html, _ = html_of(person, "execution_notice", cast)
    assert "王申请：" in html and "责令你立即履行" in html
    assert "实际控制人" not in html


@pytest.mark.parametrize("kind", sorted(rules.KINDS))
def test_the_qr_code_points_to_the_public_verification_page(case, cast, kind):
    html, ctx = html_of(case, kind, cast)
    url = "https://zx.example.court.gov.cn/verify/ABCD-EFGH-JKLM-NPQR/"
    assert ctx["verify_url"] == url
    assert ctx["qr"] == segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=2)
    assert ctx["qr"] in html
    assert html.count("ABCD-EFGH-JKLM-NPQR") >= 2  # printed under the QR code and in the footer


def test_public_url_defaults_to_the_local_server(settings, monkeypatch):
    del settings.ZHIXING_PUBLIC_URL
    monkeypatch.delenv("ZHIXING_PUBLIC_URL", raising=False)
    assert (
        rendering.verification_url("ABCD-EFGH-JKLM-NPQR")
        == "http://127.0.0.1:8000/verify/ABCD-EFGH-JKLM-NPQR/"
    )
    monkeypatch.setenv("ZHIXING_PUBLIC_URL", "https://court.example/")
    assert rendering.public_base_url() == "https://court.example"
