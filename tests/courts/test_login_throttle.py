"""Failed sign-ins are throttled per account and per address (issue 7, security "Production
configuration": 30 wrong passwords then the right one logged in)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from zhixing.courts import throttle
from zhixing.courts.models import LoginFailure

LOGIN = "/accounts/login/"
LOCKED = "登录失败次数过多"


def attempt(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(res) -> bool:
    return res.status_code == 302 and "_auth_user_id" in res.client.session


@pytest.mark.django_db
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, cast):
    for _ in range(30):
        assert not signed_in(attempt(client, "zhang", "wrong"))
    res = attempt(client, "zhang", "pw-zhang")
    assert not signed_in(res)
    assert LOCKED in res.content.decode()
    # Refused attempts are not counted: only the five that opened the lock are on record.
    assert LoginFailure.objects.filter(username="zhang").count() == throttle.ACCOUNT_LIMIT


@pytest.mark.django_db
def test_the_lock_holds_for_every_way_of_signing_in(client, cast):
    for _ in range(throttle.ACCOUNT_LIMIT):
        attempt(client, "zhang", "wrong")
    assert not client.login(username="zhang", password="pw-zhang")  # the backend itself refuses
    res = client.post("/admin/login/", {"username": "zhang", "password": "pw-zhang"}, REMOTE_ADDR="10.9.9.9")
    assert res.status_code == 200 and LOCKED in res.content.decode()


@pytest.mark.django_db
def test_a_few_mistakes_then_the_right_password_sign_in(client, cast):
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        attempt(client, "zhang", "wrong")
    assert signed_in(attempt(client, "zhang", "pw-zhang"))
    assert not LoginFailure.objects.filter(username="zhang").exists()  # a success clears the count


@pytest.mark.django_db
def test_another_account_from_the_same_address_is_not_blocked_until_the_address_limit(client, cast):
    for _ in range(throttle.ACCOUNT_LIMIT):
        attempt(client, "zhang", "wrong")
    assert LOCKED in attempt(client, "zhang", "pw-zhang").content.decode()
    assert signed_in(attempt(client, "li", "pw-li"))  # same address, another account
    client.logout()

    # Guessing across many accounts from one address: the address is locked at its own limit.
    for n in range(throttle.ADDRESS_LIMIT - throttle.ACCOUNT_LIMIT):
        assert LOCKED not in attempt(client, f"guess{n}", "wrong").content.decode()
    res = attempt(client, "li", "pw-li")
    assert not signed_in(res) and LOCKED in res.content.decode()
    # From another address, the accounts that were not guessed at sign in.
    assert signed_in(attempt(client, "li", "pw-li", address="10.0.0.2"))


@pytest.mark.django_db
def test_the_lock_ends_after_fifteen_minutes(client, cast):
    for _ in range(throttle.ACCOUNT_LIMIT):
        attempt(client, "zhang", "wrong")
    later = timezone.now() + dt.timedelta(minutes=14)
    with time_machine.travel(later, tick=False):
        assert LOCKED in attempt(client, "zhang", "pw-zhang").content.decode()
    with time_machine.travel(later + dt.timedelta(minutes=2), tick=False):
        assert signed_in(attempt(client, "zhang", "pw-zhang"))


@pytest.mark.django_db
def test_failures_spread_beyond_the_window_do_not_lock(client, cast):
    start = timezone.now()
    for n in range(throttle.ACCOUNT_LIMIT * 2):
        with time_machine.travel(start + n * dt.timedelta(minutes=4), tick=False):
            assert LOCKED not in attempt(client, "zhang", "wrong").content.decode()


def test_behind_the_tls_proxy_the_address_is_the_proxys_last_hop(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7")
    settings.HTTPS = False
    assert throttle.client_address(request) == "127.0.0.1"
    settings.HTTPS = True
    assert throttle.client_address(request) == "203.0.113.7"
