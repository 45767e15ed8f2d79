"""The filing form: who may file, a filed case lands on its page with its number, errors in Chinese."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import APPLICANT_ID, DEBTOR_UNIT_ID
from zhixing.cases.models import Case, Party

pytestmark = pytest.mark.django_db

URL = "cases:file"


def form_data(courts, **over):
    data = {
        "court": courts.xiongan.pk,
        "type_code": "执",
        "filed_on": "2026-03-02",
        "applied_amount": "120000.50",
        "basis_number": "（2025）冀96民初88号",
        "cause": "追索劳动报酬纠纷",
        "handler": "",
        "applicant_name": "王申请",
        "applicant_id": APPLICANT_ID,
        "debtor_name": "雄安某建设有限公司",
        "debtor_id": DEBTOR_UNIT_ID,
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-0-role": "debtor",
        "party-0-name": "",
        "party-0-id_number": "",
        "party-1-role": "debtor",
        "party-1-name": "",
        "party-1-id_number": "",
    }
    data.update(over)
    return data


def test_a_clerk_files_a_case_and_lands_on_it(client, cast, courts):
    client.force_login(cast.clerk)
    form = client.get(reverse(URL))
    assert form.status_code == 200
    assert form.context["form"]["filed_on"].value() is not None  # defaults to today
    r = client.post(
        reverse(URL),
        form_data(courts, handler=cast.officer.pk, **{"party-0-name": "李担保", "party-0-role": "debtor"}),
        follow=True,
    )
    case = Case.objects.get()
    assert r.request["PATH_INFO"] == reverse("cases:detail", args=[case.pk])
    assert [str(m) for m in r.context["messages"]] == [f"立案成功，案号：{case.case_number}"]
    assert case.case_number == "（2026）冀96执1号" and case.handler == cast.officer
    assert str(case.applied_amount) == "120000.50" and case.is_migrant_wage
    assert sorted(case.parties.values_list("role", "name")) == [
        (Party.APPLICANT, "王申请"),
        (Party.DEBTOR, "李担保"),
        (Party.DEBTOR, "雄安某建设有限公司"),
    ]


def test_an_officer_files_without_a_handler(client, cast, courts):
    client.force_login(cast.officer)
    r = client.post(reverse(URL), form_data(courts))
    case = Case.objects.get()
    assert r.status_code == 302 and case.handler is None


def test_a_bad_id_number_is_shown_next_to_its_field(client, cast, courts):
    client.force_login(cast.clerk)
    r = client.post(reverse(URL), form_data(courts, applicant_id="110105194912310021"))
    assert r.status_code == 200 and not Case.objects.exists()
    assert r.context["form"].errors["applicant_id"] == ["居民身份证号码校验位不正确"]
    assert "居民身份证号码校验位不正确" in r.content.decode()


def test_required_fields_and_future_dates_are_refused_in_chinese(client, cast, courts, clock):
    client.force_login(cast.clerk)
    tomorrow = (clock.today + dt.timedelta(days=2)).isoformat()
    r = client.post(reverse(URL), form_data(courts, debtor_name="", filed_on=tomorrow))
    errors = r.context["form"].errors
    assert errors["debtor_name"] == ["该字段是必填项。"]
    assert errors["filed_on"] == ["立案日期不能晚于今天"]
    assert not Case.objects.exists()


def test_the_actions_refusal_appears_on_the_form(client, cast, courts):
    client.force_login(cast.clerk)
    client.post(reverse(URL), form_data(courts))
    r = client.post(reverse(URL), form_data(courts))  # same basis: one first-enforcement case only
    assert r.status_code == 200 and Case.objects.count() == 1
    [error] = r.context["form"].non_field_errors()
    assert "已有首次执行案件 （2026）冀96执1号" in error and "执恢" in error


def test_a_handler_from_another_court_is_refused(client, cast, courts):
    client.force_login(cast.clerk)
    r = client.post(reverse(URL), form_data(courts, handler=cast.outsider.pk))
    assert "handler" in r.context["form"].errors and not Case.objects.exists()


def test_only_filing_roles_may_file(client, cast):
    client.force_login(cast.judge)
    assert client.get(reverse(URL)).status_code == 403
    client.force_login(cast.clerk)
    courts = list(client.get(reverse(URL)).context["form"].fields["court"].queryset)
    assert [c.code for c in courts] == ["冀96", "冀9601"]  # the clerk's court and the court below
