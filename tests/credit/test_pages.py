"""The credit pages: the case page's 信用惩戒 panel for every role (the actions offered exactly when the
`may_*` predicates allow), its forms posted end to end through the actions, the leaders' signing
queue, and the lists read without a query per row. Identity codes are shown masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.credit.conftest import DEBTOR_ID, REP_ID
from zhixing.cases.models import Party
from zhixing.credit import rules
from zhixing.credit.actions import corrections, listings, removals, restrictions
from zhixing.credit.models import (
    Certificate,
    ConsumptionPermit,
    Correction,
    Listing,
    PublicEntry,
    Restriction,
)

pytestmark = pytest.mark.django_db


def panel(client, user, case) -> str:
    client.force_login(user)
    r = client.get(reverse("cases:detail", args=[case.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    start = html.find('id="credit"')
    assert start >= 0
    return html[start : html.find("</section>", start)]


def post(client, user, name, pk, data, follow=True):
    client.force_login(user)
    return client.post(reverse(f"credit:{name}", args=[pk]), data, follow=follow)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def listed(case, party, cast, ground=1, **kw):
    proposal = listings.propose_listing(case, party, ground, actor=cast.officer, facts="拒不履行", **kw)
    return listings.decide_listing(proposal, actor=cast.president)


# --- who sees what ---------------------------------------------------------------------------------


def test_the_officer_is_offered_proposals_and_not_signing(client, cast, person_case, debtor):
    html = panel(client, cast.officer, person_case)
    assert "信用惩戒" in html and "本案没有失信名单记录" in html
    assert 'id="propose-listing-form"' in html and 'id="propose-restriction-form"' in html
    for text in rules.GROUNDS.values():
        assert text in html  # the six grounds in Chinese
    for text in rules.EXCLUSIONS.values():
        assert text in html
    listings.propose_listing(person_case, debtor, 2, actor=cast.officer)
    html = panel(client, cast.officer, person_case)
    assert "待审批" in html and "decide-listing-form" not in html  # the proposer does not sign


def test_the_president_signs_and_a_clerk_sees_only_a_notice(client, cast, person_case, debtor):
    listings.propose_listing(person_case, debtor, 2, actor=cast.officer)
    html = panel(client, cast.president, person_case)
    assert "decide-listing-form" in html and "批准并签发" in html
    clerk = panel(client, cast.clerk, person_case)
    assert 'id="credit-hidden"' in clerk and "decide-listing-form" not in clerk
    assert "propose-listing-form" not in clerk


def test_the_outsider_sees_nothing_and_cannot_post(client, cast, person_case, debtor):
    client.force_login(cast.outsider)
    assert client.get(reverse("cases:detail", args=[person_case.pk])).status_code == 404
    r = post(
        client, cast.outsider, "propose_listing", person_case.pk, {"party": debtor.pk, "ground": 2}, False
    )
    assert r.status_code == 404
    proposal = listings.propose_listing(person_case, debtor, 2, actor=cast.officer)
    assert (
        post(client, cast.outsider, "decide_listing", proposal.pk, {"decision": "approve"}, False).status_code
        == 404
    )
    assert Listing.objects.get(pk=proposal.pk).status == Listing.PROPOSED
    client.force_login(cast.outsider)
    assert client.get(reverse("credit:approvals")).status_code == 403
    assert client.get(reverse("credit:centre")).status_code == 403


# --- the forms, end to end ---------------------------------------------------------------------------


def test_propose_sign_and_the_panel_shows_published_restriction_and_masked_code(
    client, cast, person_case, debtor, clock
):
    r = post(
        client,
        cast.officer,
        "propose_listing",
        person_case.pk,
        {"party": debtor.pk, "ground": 1, "facts": "有财产拒不履行", "grace_months": 0, "extension_years": 0,
         "no_exclusion": "on"},
    )  # fmt: skip
    assert any("待院领导审批" in m for m in messages_of(r))
    listing = Listing.objects.get()
    assert listing.status == Listing.PROPOSED and listing.proposed_by == cast.officer
    r = post(client, cast.president, "decide_listing", listing.pk, {"decision": "approve"})
    assert any("已签发失信决定书" in m for m in messages_of(r)), messages_of(r)
    listing.refresh_from_db()
    assert listing.status == Listing.PUBLISHED
    html = panel(client, cast.officer, person_case)
    assert "已公布" in html and "已发出" in html  # the listing and the restriction it made mandatory
    assert reverse("documents:pdf", args=[listing.document_id]) in html
    assert DEBTOR_ID not in html
    assert "无固定期限" in html
    assert f'<td class="text-nowrap publish-on">{clock.today.isoformat()}</td>' in html


def test_ground_one_needs_the_exclusions_affirmed_and_a_declared_one_refuses(
    client, cast, person_case, debtor
):
    data = {"party": debtor.pk, "ground": 1, "grace_months": 0, "extension_years": 0}
    r = post(client, cast.officer, "propose_listing", person_case.pk, data)
    assert any("须确认不存在排除情形" in m for m in messages_of(r))
    r = post(client, cast.officer, "propose_listing", person_case.pk, {**data, "exclusions": ["guarantee"]})
    assert any(rules.EXCLUSIONS["guarantee"] in m for m in messages_of(r))
    assert not Listing.objects.exists()


def test_a_unit_needs_its_legal_representative_and_refusal_needs_a_reason(client, cast, unit_case):
    unit = unit_case.parties.get(role=Party.DEBTOR)
    data = {"party": unit.pk, "ground": 4, "grace_months": 1, "extension_years": 2}
    r = post(client, cast.officer, "propose_listing", unit_case.pk, data)
    assert any("法定代表人" in m for m in messages_of(r))
    post(
        client, cast.officer, "propose_listing", unit_case.pk, {**data, "rep_name": "孙某", "rep_id": REP_ID}
    )
    listing = Listing.objects.get()
    assert listing.grace_months == 1 and listing.extension_years == 2
    r = post(client, cast.president, "decide_listing", listing.pk, {"decision": "refuse"})
    assert any("不予批准须说明理由" in m for m in messages_of(r))
    post(client, cast.president, "decide_listing", listing.pk, {"decision": "refuse", "reason": "证据不足"})
    listing.refresh_from_db()
    assert listing.status == Listing.REFUSED and listing.refusal_reason == "证据不足"


def test_grace_period_listing_shows_its_publication_day(client, cast, person_case, debtor, clock):
    listing = listed(person_case, debtor, cast, ground=2, grace_months=2)
    assert listing.status == Listing.DECIDED
    html = panel(client, cast.officer, person_case)
    assert "已决定（宽限期内）" in html and listing.publish_on.isoformat() in html


def test_trigger_remove_and_the_overdue_deadline_in_red(client, cast, person_case, debtor, clock):
    listing = listed(person_case, debtor, cast)
    r = post(client, cast.officer, "note_trigger", listing.pk, {"trigger": "applicant_request"})
    assert any("已记录删除事由" in m for m in messages_of(r))
    listing.refresh_from_db()
    due = listing.removal_due_on
    assert due == rules.removal_due_on(clock.today).on
    clock.move_to(due + dt.timedelta(days=2))
    html = panel(client, cast.officer, person_case)
    assert "table-danger" in html and "超期 2 天" in html
    r = post(client, cast.officer, "remove_listing", listing.pk, {})
    assert any("已删除失信信息" in m for m in messages_of(r))
    listing.refresh_from_db()
    assert listing.status == Listing.REMOVED
    assert not PublicEntry.objects.filter(kind=PublicEntry.DISHONEST).exists()


def test_an_inapplicable_trigger_is_refused_in_chinese(client, cast, person_case, debtor):
    listing = listed(person_case, debtor, cast, ground=3)
    html = panel(client, cast.officer, person_case)
    assert rules.REMOVAL_TRIGGERS["performed"] in html  # early removal offered
    r = post(client, cast.officer, "note_trigger", listing.pk, {"trigger": "applicant_request"})
    assert any("选择一个有效的选项" in m or "不适用" in m for m in messages_of(r)), messages_of(r)
    assert Listing.objects.get(pk=listing.pk).removal_due_on is None


def test_revoke_is_offered_to_the_president_only(client, cast, person_case, debtor):
    listing = listed(person_case, debtor, cast)
    assert "revoke-form" not in panel(client, cast.officer, person_case)
    assert "revoke-form" in panel(client, cast.president, person_case)
    r = post(client, cast.officer, "revoke_listing", listing.pk, {"reason": "错误"})
    assert any("院领导" in m for m in messages_of(r))
    post(client, cast.president, "revoke_listing", listing.pk, {"reason": "已提供担保，错误纳入"})
    assert Listing.objects.get(pk=listing.pk).status == Listing.REVOKED


def test_corrections_run_their_clocks_through_the_panel(client, cast, person_case, debtor, clock):
    listing = listed(person_case, debtor, cast)
    r = post(client, cast.officer, "record_correction", listing.pk,
             {"ground": "inaccurate", "statement": "姓名有误", "filed_on": clock.today.isoformat()})  # fmt: skip
    assert any("已登记纠正申请" in m for m in messages_of(r)), messages_of(r)
    c = Correction.objects.get()
    html = panel(client, cast.judge, person_case)
    assert "审查期限" in html and c.review_due_on.isoformat() in html and "decide-correction-form" in html
    assert "decide-correction-form" not in panel(client, cast.officer, person_case)  # the proposer
    post(client, cast.judge, "decide_correction", c.pk, {"outcome": "rejected", "note": "信息无误"})
    c.refresh_from_db()
    assert c.status == Correction.REJECTED
    post(client, cast.officer, "serve_rejection", c.pk, {"served_on": clock.today.isoformat()})
    c.refresh_from_db()
    assert c.reconsideration_deadline == rules.reconsideration_deadline(clock.today).on
    post(client, cast.officer, "reconsideration_filed", c.pk, {"filed_on": clock.today.isoformat()})
    c.refresh_from_db()
    assert c.status == Correction.RECONSIDERING
    post(client, cast.officer, "reconsideration_decided", c.pk, {"outcome": "overturned"})
    c.refresh_from_db()
    assert c.status == Correction.OVERTURNED and c.correct_due_on is not None
    assert "纠正期限" in panel(client, cast.officer, person_case)
    r = post(client, cast.officer, "correct_listing", listing.pk, {"name": "赵某"})
    assert any("已更正" in m for m in messages_of(r))
    c.refresh_from_db()
    assert c.corrected_on == clock.today
    assert PublicEntry.objects.get(kind=PublicEntry.DISHONEST).record["name"] == "赵某"


def test_a_unit_restriction_with_bound_persons_issue_permit_and_lift(client, cast, unit_case, clock):
    unit = unit_case.parties.get(role=Party.DEBTOR)
    r = post(
        client, cast.officer, "propose_restriction", unit_case.pk, {"party": unit.pk, "reason": "未履行"}
    )
    assert any("法定代表人或主要负责人" in m for m in messages_of(r)), messages_of(r)
    data = {"party": unit.pk, "reason": "未履行", "capacity_0": "legal_representative", "name_0": "孙某",
            "id_0": REP_ID}  # fmt: skip
    post(client, cast.officer, "propose_restriction", unit_case.pk, data)
    restriction = Restriction.objects.get()
    assert list(restriction.persons.values_list("name", flat=True)) == ["孙某"]
    html = panel(client, cast.officer, unit_case)
    assert "孙某" in html and REP_ID not in html and REP_ID[:6] + "********" + REP_ID[-4:] in html
    assert "issue-restriction-form" not in html
    post(client, cast.president, "issue_restriction", restriction.pk, {"decision": "approve"})
    restriction.refresh_from_db()
    assert restriction.status == Restriction.ISSUED
    person = restriction.persons.get()
    post(client, cast.officer, "request_permit", restriction.pk,
         {"person": person.pk, "reason": "illness", "item": "乘坐飞机就医", "valid_from": clock.today.isoformat(),
          "valid_to": clock.today.isoformat()})  # fmt: skip
    permit = ConsumptionPermit.objects.get()
    assert permit.person == person
    assert "decide-permit-form" not in panel(client, cast.officer, unit_case)  # who recorded it
    post(client, cast.judge, "decide_permit", permit.pk, {"grant": "yes"})
    assert ConsumptionPermit.objects.get().status == ConsumptionPermit.GRANTED
    post(client, cast.officer, "lift_restriction", restriction.pk, {"reason": "applicant_consent"})
    assert Restriction.objects.get().status == Restriction.LIFTED


def test_a_certificate_shows_its_problems_until_it_may_be_issued(client, cast, person_case, debtor):
    html = panel(client, cast.officer, person_case)
    assert "暂不能出具自动履行证明" in html and "尚未全部履行" in html and "certificate-form" not in html
    type(person_case).objects.filter(pk=person_case.pk).update(realized_amount=person_case.applied_amount)
    html = panel(client, cast.officer, person_case)
    assert 'id="certificate-form"' in html
    r = post(client, cast.officer, "issue_certificate", person_case.pk,
             {"party": debtor.pk, "confirmed_on": "2026-11-30", "confirmation": "申请执行人书面确认已全部收到"})  # fmt: skip
    assert any("已出具自动履行证明" in m for m in messages_of(r)), messages_of(r)
    certificate = Certificate.objects.get()
    assert reverse("documents:pdf", args=[certificate.document_id]) in panel(
        client, cast.officer, person_case
    )


# --- the signing queue -----------------------------------------------------------------------------


def test_the_queue_lists_proposals_oldest_first_and_signs_back_to_the_queue(
    client, cast, file_case, person_case, debtor, unit_case, clock
):
    unit = unit_case.parties.get(role=Party.DEBTOR)
    first = listings.propose_listing(unit_case, unit, 4, actor=cast.officer, legal_representative=("孙某", REP_ID),
                                     on=clock.today - dt.timedelta(days=3))  # fmt: skip
    second = listings.propose_listing(person_case, debtor, 2, actor=cast.officer)
    restrictions.propose_restriction(person_case, debtor, actor=cast.officer, reason="未履行")
    client.force_login(cast.president)
    html = client.get(reverse("credit:approvals")).content.decode()
    assert html.index(f'data-listing="{first.pk}"') < html.index(f'data-listing="{second.pk}"')
    assert unit_case.case_number in html and person_case.case_number in html and "雄安某建设有限公司" in html
    assert reverse("cases:detail", args=[person_case.pk]) + "#credit" in html
    assert 'data-restriction="' in html
    r = client.post(
        reverse("credit:decide_listing", args=[second.pk]),
        {"decision": "approve", "next": reverse("credit:approvals")},
    )
    assert r.status_code == 302 and r.url == reverse("credit:approvals")
    assert Listing.objects.get(pk=second.pk).status == Listing.PUBLISHED
    client.force_login(cast.officer)
    assert client.get(reverse("credit:approvals")).status_code == 403


def test_navbar_entries(client, cast):
    for user, shown in [(cast.president, True), (cast.command, True), (cast.officer, False)]:
        client.force_login(user)
        html = client.get(reverse("cases:inbox")).content.decode()
        assert (reverse("credit:home") in html) is shown
    client.force_login(cast.command)
    assert client.get(reverse("credit:home")).url == reverse("credit:centre")


# --- no query per row ------------------------------------------------------------------------------


def _many_listings(file_case, cast, n):
    from tests.conftest import APPLICANT_ID
    from tests.credit.conftest import resident_id
    from zhixing.cases import actions as case_actions

    made = []
    for i in range(n):
        case = file_case(
            parties=[
                case_actions.PartyInput(Party.APPLICANT, "王申请", APPLICANT_ID),
                case_actions.PartyInput(
                    Party.DEBTOR, f"债务人{i}", resident_id(f"13062919800101{i + 100:03d}")
                ),
            ]
        )
        made.append((case, case.parties.get(role=Party.DEBTOR)))
    return made


def test_the_queue_does_not_query_per_row(
    client, cast, file_case, django_assert_max_num_queries, steady_caches
):
    client.force_login(cast.president)
    made = _many_listings(file_case, cast, 2)
    for case, party in made:
        listings.propose_listing(case, party, 2, actor=cast.officer)
        restrictions.propose_restriction(case, party, actor=cast.officer)
    client.get(reverse("credit:approvals"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("credit:approvals"))
    for case, party in _many_listings(file_case, cast, 4)[2:]:
        listings.propose_listing(case, party, 2, actor=cast.officer)
        restrictions.propose_restriction(case, party, actor=cast.officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("credit:approvals"))


def test_the_panel_does_not_query_per_row(
    client, cast, person_case, debtor, django_assert_max_num_queries, steady_caches
):
    listing = listed(person_case, debtor, cast, ground=2)
    corrections.record_correction(listing, "inaccurate", "有误", actor=cast.officer)
    restriction = Restriction.objects.get()
    restrictions.request_permit(restriction, actor=cast.officer, reason="illness", item="就医",
                                valid_from=dt.date(2026, 12, 1), valid_to=dt.date(2026, 12, 2))  # fmt: skip
    client.force_login(cast.president)
    url = reverse("cases:detail", args=[person_case.pk])
    client.get(url)
    with django_assert_max_num_queries(200) as one:
        client.get(url)
    base = len(one.captured_queries)
    removals.remove_listing(listing, actor=cast.officer, trigger="performed")
    listing2 = listings.propose_listing(person_case, debtor, 3, actor=cast.officer)
    listings.decide_listing(listing2, actor=cast.president)
    corrections.record_correction(listing2, "inaccurate", "有误", actor=cast.officer)
    corrections.record_correction(listing2, "wrongly_listed", "不应纳入", actor=cast.officer)
    restrictions.request_permit(Restriction.objects.get(status=Restriction.ISSUED), actor=cast.officer,
                                reason="funeral", item="奔丧", valid_from=dt.date(2026, 12, 1),
                                valid_to=dt.date(2026, 12, 2))  # fmt: skip
    with django_assert_max_num_queries(base):
        client.get(url)
