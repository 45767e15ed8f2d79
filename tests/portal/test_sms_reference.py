"""`zhixing simulators`' hook for the portal (PortalConfig.start_simulators): the reference SMS gateway
started as a child process on the courts' trust file and registered as the active gateway, which then
takes the platform's signed texts."""

from __future__ import annotations

import json
import time

import pytest
from django.apps import apps

from tests.portal.conftest import DEBTOR_PHONE
from tests.simulators.bank_fixture import http
from zhixing.core.actors import CLI
from zhixing.inquiry import signing
from zhixing.inquiry.reference import get_json
from zhixing.portal import actions, sms
from zhixing.portal.models import SmsGateway, SmsMessage

pytestmark = pytest.mark.django_db


def test_the_simulators_hook_starts_and_registers_the_gateway(tmp_path, courts, people):
    trust = tmp_path / "trust.json"
    signing.write_trust_file(trust, [courts.xiongan])
    running = apps.get_app_config("portal").start_simulators(tmp_path, trust, CLI)
    try:
        [gw] = running
        registered = SmsGateway.objects.get(active=True)
        assert (registered.url, registered.public_key) == (gw.url, gw.public_key)
        assert (tmp_path / "sms").is_dir()
        # The suite's clock is travelled; the gateway's is the wall clock until told.
        status, _headers, _body = http(
            "POST", f"{gw.url}/admin/clock", json.dumps({"now": time.time()}).encode(), {}
        )
        assert status == 200
        actions.enqueue(people.case, DEBTOR_PHONE, "【测试】您好", SmsMessage.NODE, "T1")
        assert sms.deliver_all() == 1
        inbox = get_json(f"{gw.url}/v1/messages?phone={DEBTOR_PHONE}")["messages"]
        assert [m["text"] for m in inbox] == ["【测试】您好"]
    finally:
        for r in running:
            r.process.terminate()
            r.process.wait(timeout=10)
