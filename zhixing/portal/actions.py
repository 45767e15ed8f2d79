"""The party portal's one write path (ARCHITECTURE §2): one-time codes and the portal session, the SMS
outbox rows, a party's mobile number, and the SMS gateway's registration.

The code is drawn with `secrets`, sent only inside the SMS and kept only as an HMAC under a per-row
nonce. An outbox row is written in the transaction of what causes it; a code is sent at once after
commit, node messages by the periodic task (tasks.deliver_sms)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from zhixing.cases import catalogue
from zhixing.cases import events as case_events
from zhixing.cases.actions.common import ActionError
from zhixing.cases.models import Case, CaseEvent, Party
from zhixing.core import audit
from zhixing.core.actors import is_system, require_actor
from zhixing.core.identity import mask_phone
from zhixing.core.rulesettings import MissingRuleSetting, rule_setting
from zhixing.courts.actors import DEMO, IMPORT

from . import events, permissions, rules, sms
from .models import PortalChallenge, SmsGateway, SmsMessage

_SALT = "zhixing.portal.otp"


def otp_policy(court: Any = None) -> dict[str, int]:
    """The one-time code's numbers: the rule setting `credit.otp` when seeded, else rules.OTP_DEFAULTS."""
    value: Any = {}
    try:
        from zhixing.credit import settings_keys

        value = rule_setting(settings_keys.OTP, court)
    except (ImportError, AttributeError, MissingRuleSetting):
        value = {}
    policy = dict(rules.OTP_DEFAULTS)
    if isinstance(value, dict):
        policy.update({k: int(v) for k, v in value.items() if k in policy})
    return policy


def _digest(nonce: str, code: str) -> str:
    return salted_hmac(_SALT, f"{nonce}:{code}", algorithm="sha256").hexdigest()


# --- Sign-in -------------------------------------------------------------------------------------


@dataclass
class Started:
    """The answer to a sign-in: the challenge the code form names, the masked phone the code went to,
    and whether a new code was sent (False: the last one is less than `wait` seconds old)."""

    challenge: PortalChallenge
    masked_phone: str
    sent: bool
    wait: int = 0


def find_party(case_number: str, identity: str) -> Party | None:
    """The party of that case with that identity code and a mobile number, else None."""
    number = rules.normalize_case_number(case_number)
    code = rules.normalize_identity(identity)
    if not number or not code:
        return None
    return (
        Party.objects.filter(case__case_number=number, id_number=code)
        .exclude(phone="")
        .select_related("case", "case__court")
        .order_by("role", "position")
        .first()
    )


def start_challenge(case_number: str, identity: str, *, client: str = "", rng: Any = None) -> Started:
    """Send a one-time code to the phone of the party of `case_number` whose identity code is
    `identity`. Refused (without naming any phone) when no party of that case has that code and a
    phone; within `resend_seconds` of the last code no new one is sent."""
    party = find_party(case_number, identity)
    if party is None:
        raise ActionError(
            _("案号与证件号码不匹配，或该当事人未登记手机号码，请核对后重试，或联系承办人登记手机号码。")
        )
    return send_code(party, client=client, rng=rng)


def send_code(party: Party, *, client: str = "", rng: Any = None) -> Started:
    """A new one-time code to `party`'s phone, unless the last one is younger than `resend_seconds`."""
    if not party.phone:
        raise ActionError(_("该当事人未登记手机号码，请联系承办人登记。"))
    case = party.case
    policy = otp_policy(case.court)
    now = timezone.now()
    with transaction.atomic():
        last = (
            PortalChallenge.objects.select_for_update()
            .filter(party=party)
            .order_by("-created_at", "-id")
            .first()
        )
        if last is not None and (now - last.created_at).total_seconds() < policy["resend_seconds"]:
            wait = policy["resend_seconds"] - int((now - last.created_at).total_seconds())
            return Started(last, mask_phone(last.phone), False, max(1, wait))
        rng = rng or secrets.SystemRandom()
        code = "".join(str(rng.randrange(10)) for _ in range(policy["digits"]))
        nonce = secrets.token_hex(16)
        challenge = PortalChallenge.objects.create(
            case=case,
            party=party,
            phone=party.phone,
            nonce=nonce,
            code_hash=_digest(nonce, code),
            created_at=now,
            expires_at=now + dt.timedelta(seconds=policy["ttl_seconds"]),
            client=(client or "")[:45],
        )
        text = _(
            "【%(court)s】验证码 %(code)s，%(minutes)s 分钟内有效，用于登录当事人服务平台查询 %(case)s 案件。"
            "请勿告诉他人；如非本人操作，请忽略本短信。"
        ) % {
            "court": case.court.name,
            "code": code,
            "minutes": max(1, policy["ttl_seconds"] // 60),
            "case": case.case_number,
        }
        message = enqueue(case, party.phone, text, SmsMessage.OTP, f"OTP{challenge.pk}", now=now)
        if message is not None:
            pk = message.pk
            transaction.on_commit(lambda: sms.deliver([pk]))
    return Started(challenge, mask_phone(party.phone), True)


def verify_code(challenge_id: int, code: str, *, client: str = "") -> PortalChallenge:
    """Sign the party in with the code of challenge `challenge_id`; a wrong code is counted (and stays
    counted: the count is written before the refusal), an expired or used one is refused."""
    now = timezone.now()
    challenge = PortalChallenge.objects.select_related("case", "party").filter(pk=challenge_id).first()
    if challenge is None:
        raise ActionError(_("验证码已失效，请重新获取。"))
    policy = otp_policy(challenge.case.court)
    if challenge.used_at is not None:
        raise ActionError(_("该验证码已使用，请重新获取。"))
    if now >= challenge.expires_at:
        raise ActionError(_("验证码已过期，请重新获取。"))
    if challenge.attempts >= policy["max_attempts"]:
        raise ActionError(_("验证码错误次数过多，已失效，请重新获取。"))
    typed = "".join((code or "").split())
    if not constant_time_compare(_digest(challenge.nonce, typed), challenge.code_hash):
        PortalChallenge.objects.filter(pk=challenge.pk).update(attempts=F("attempts") + 1)
        left = policy["max_attempts"] - challenge.attempts - 1
        if left <= 0:
            raise ActionError(_("验证码错误次数过多，已失效，请重新获取。"))
        raise ActionError(_("验证码不正确，还可以再试 %(left)s 次。") % {"left": left})
    with transaction.atomic():
        won = PortalChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(
            used_at=now, client=(client or challenge.client)[:45]
        )
        if not won:
            raise ActionError(_("该验证码已使用，请重新获取。"))
        audit.append(
            "portal.sign_in",
            challenge.party,
            {
                "case": challenge.case.case_number,
                "party": challenge.party.name,
                "role": challenge.party.role,
                "client": client,
            },
            permissions.PARTY,
        )
    challenge.used_at = now
    return challenge


def session(challenge_id: Any) -> PortalChallenge | None:
    """The signed-in challenge behind a portal cookie while its session lasts (30 minutes from sign-in,
    until sign-out), else None."""
    try:
        pk = int(challenge_id)
    except (TypeError, ValueError):
        return None
    challenge = (
        PortalChallenge.objects.select_related("case", "case__court", "case__handler", "party")
        .filter(pk=pk, used_at__isnull=False, ended_at__isnull=True)
        .first()
    )
    if challenge is None:
        return None
    if (timezone.now() - challenge.used_at).total_seconds() >= rules.SESSION_SECONDS:
        return None
    return challenge


def end_session(challenge_id: Any) -> None:
    try:
        pk = int(challenge_id)
    except (TypeError, ValueError):
        return
    PortalChallenge.objects.filter(pk=pk, ended_at__isnull=True).update(ended_at=timezone.now())


# --- The SMS outbox ----------------------------------------------------------------------------------


def enqueue(
    case: Case, phone: str, text: str, purpose: str, key: str, *, now: dt.datetime | None = None
) -> SmsMessage | None:
    """One outbox row (none when `key` is already queued: the message is the same message)."""
    now = now or timezone.now()
    message, created = SmsMessage.objects.get_or_create(
        key=key[:64],
        defaults={
            "court_id": case.court_id,
            "case": case,
            "phone": phone,
            "text": text[:500],
            "purpose": purpose,
            "next_at": now,
            "created_at": now,
        },
    )
    return message if created else None


NOTIFIED = (case_events.FILED, case_events.NODE_RECORDED, case_events.CLOSED)


def notifies(event: CaseEvent) -> bool:
    """Whether the parties get an SMS for `event`: filing, closing, and a disclosed node (rules §11.2)."""
    if event.kind not in NOTIFIED:
        return False
    if event.kind == case_events.NODE_RECORDED:
        kind = catalogue.kinds().get((event.data or {}).get("node", ""))
        return kind is not None and kind.disclosed
    return True


def _event_key(event: CaseEvent) -> str:
    if event.pk:
        return f"E{event.pk}"
    raw = json.dumps(
        [event.case_id, event.kind, event.at.isoformat(), event.data], sort_keys=True, default=str
    )
    return "E" + hashlib.sha256(raw.encode()).hexdigest()[:24]


def node_text(case: Case, event: CaseEvent) -> str:
    data = event.data or {}
    court, number = case.court.name, case.case_number
    tail = _("可凭案号和证件号码登录当事人服务平台查看详情。")
    if event.kind == case_events.FILED:
        return _("【%(court)s】您的执行案件已立案，案号%(case)s。") % {"court": court, "case": number} + tail
    if event.kind == case_events.CLOSED:
        from zhixing.cases import rules as case_rules

        method = str(case_rules.CLOSURE_LABELS.get(data.get("method", ""), ""))
        return (
            _("【%(court)s】%(case)s案件已结案（%(method)s）。")
            % {"court": court, "case": number, "method": method}
            + tail
        )
    kind = catalogue.kinds().get(data.get("node", ""))
    return (
        _("【%(court)s】%(case)s案件流程节点“%(node)s”已完成（%(on)s）。")
        % {"court": court, "case": number, "node": kind.name if kind else "", "on": data.get("done_on", "")}
        + tail
    )


def notify_parties(event: CaseEvent) -> list[SmsMessage]:
    """One SMS per party of the event's case with a phone, keyed by event and party, so that the same
    event announced twice queues nothing more."""
    if not notifies(event):
        return []
    parties = list(Party.objects.filter(case_id=event.case_id).exclude(phone="").values_list("pk", "phone"))
    if not parties:
        return []
    case = Case.objects.select_related("court").get(pk=event.case_id)
    text = node_text(case, event)
    now = timezone.now()
    key = _event_key(event)
    rows = [
        SmsMessage(
            key=f"{key}-P{pk}",
            court_id=case.court_id,
            case=case,
            phone=phone,
            text=text[:500],
            purpose=SmsMessage.NODE,
            next_at=now,
            created_at=now,
        )
        for pk, phone in parties
    ]
    with transaction.atomic():
        return SmsMessage.objects.bulk_create(rows, ignore_conflicts=True)


def on_case_event(sender: Any, event: CaseEvent, **kwargs: Any) -> None:
    """Receiver of cases.events.case_event (connected in PortalConfig.ready). An import writes history
    (cases filed and closed before the platform): nobody is texted about it, and a 100,000-case
    import asks nothing per event."""
    if event.system_actor in (IMPORT.code, DEMO.code):
        return
    if event.kind in NOTIFIED:
        notify_parties(event)


# --- Staff: a party's mobile number ------------------------------------------------------------------


def set_party_phone(party: Party, phone: str, *, actor: Any) -> Party:
    """Record (or clear, with "") the mobile number the portal sends a party's codes and notices to.
    The handler or a judge of the case's court; the audit entry and the event hold it masked."""
    require_actor(actor)
    phone = "".join((phone or "").split())
    case = party.case
    permissions.check_set_party_phone(actor, case)
    if phone and not rules.valid_mobile(phone):
        raise ActionError(_("手机号码应为 11 位中国大陆手机号（1 开头，第二位 3 至 9）"))
    old = party.phone
    if old == phone:
        return party
    with transaction.atomic():
        Party.objects.filter(pk=party.pk).update(phone=phone)
        party.phone = phone
        masked_new = mask_phone(phone) if phone else ""
        case_events.emit(case, events.PARTY_PHONE_SET, actor, party=party.name, phone=masked_new)
        audit.append(
            "portal.set_party_phone",
            party,
            {
                "case": case.case_number,
                "party": party.name,
                "old": mask_phone(old) if old else "",
                "new": masked_new,
            },
            actor,
        )
    return party


def log_phone_reads(parties: list[Party], actor: Any, purpose: str) -> int:
    """One `portal.read_party_phone` entry per party whose full number a staff page shows."""
    require_actor(actor)
    records = [
        audit.AuditRecord(
            "portal.read_party_phone",
            p,
            {"case": p.case.case_number, "party": p.name, "purpose": purpose},
            actor,
        )
        for p in parties
        if p.phone
    ]
    if records:
        audit.append_many(records)
    return len(records)


# --- The gateway -------------------------------------------------------------------------------------


def register_gateway(
    code: str, name: str, url: str, public_key: str, *, actor: Any, active: bool = True
) -> SmsGateway:
    """Create or update the SMS gateway by its code (`zhixing simulators`, or an administrator)."""
    require_actor(actor)
    if not is_system(actor):
        permissions.check_register_gateway(actor)
    with transaction.atomic():
        gw, _created = SmsGateway.objects.update_or_create(
            code=code, defaults={"name": name, "url": url, "public_key": public_key, "active": active}
        )
        audit.append(
            "portal.register_gateway", gw, {"code": code, "name": name, "url": url, "active": active}, actor
        )
    return gw
