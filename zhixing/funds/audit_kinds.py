"""The audit actions of case funds, declared once with their Chinese labels (zhixing.core.audit)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhixing.core import audit

_CASE = _("案号")
_AMOUNT = _("金额")
_TXN = _("银行交易流水号")

audit.declare(
    "funds.open_pooled",
    _("开立执行款专户"),
    {"court": _("法院"), "account": _("专户账号"), "bank": _("开户行")},
)
audit.declare(
    "funds.receive",
    _("登记到账"),
    {
        "transaction_id": _TXN,
        "channel": _("渠道"),
        "amount": _AMOUNT,
        "case": _CASE,
        "matched_by": _("匹配方式"),
    },
)
audit.declare(
    "funds.request_claim", _("申请认领"), {"transaction_id": _TXN, "case": _CASE, "note": _("说明")}
)
audit.declare(
    "funds.approve_claim", _("批准认领"), {"transaction_id": _TXN, "case": _CASE, "amount": _AMOUNT}
)
audit.declare("funds.refuse_claim", _("驳回认领"), {"transaction_id": _TXN, "case": _CASE, "note": _("意见")})
audit.declare(
    "funds.import_statement",
    _("导入银行对账单"),
    {"file": _("文件"), "account": _("专户账号"), "posted": _("入账笔数"), "skipped": _("已入账跳过")},
)
audit.declare(
    "funds.request_payout",
    _("申请发放案款"),
    {"case": _CASE, "amount": _AMOUNT, "payee": _("收款人"), "payee_account": _("收款账号")},
)
audit.declare(
    "funds.approve_payout", _("审批发放"), {"case": _CASE, "step": _("环节"), "approved": _("同意")}
)
audit.declare("funds.send_payout", _("发送发放指令"), {"case": _CASE, "amount": _AMOUNT, "key": _("幂等键")})
audit.declare(
    "funds.settle_payout",
    _("银行回执"),
    {"case": _CASE, "amount": _AMOUNT, "status": _("结果"), "reason": _("原因")},
)
audit.declare("funds.reverse", _("冲正"), {"entry": _("原凭证"), "memo": _("摘要")})
audit.declare(
    "funds.direct_payment",
    _("登记直接支付"),
    {"case": _CASE, "amount": _AMOUNT, "paid_on": _("支付日期"), "evidence": _("证据")},
)
audit.declare(
    "funds.cash",
    _("现场收取现金交财务"),
    {"case": _CASE, "amount": _AMOUNT, "receipt_number": _("收据号"), "officers": _("在场人员")},
)
audit.declare("funds.hold", _("申请暂存"), {"case": _CASE, "reason": _("暂存事由")})
audit.declare("funds.approve_hold", _("批准暂存"), {"case": _CASE, "reason": _("暂存事由")})
audit.declare("funds.end_hold", _("结束暂存"), {"case": _CASE, "end_on": _("结束日期")})
audit.declare("funds.read_account", _("查看完整账号"), {"case": _CASE, "purpose": _("用途")})
audit.declare(
    "funds.book_statement",
    _("对账单批量入账"),
    {
        "account": _("专户账号"),
        "booked": _("入账笔数"),
        "matched": _("匹配到案件"),
        "amount": _("金额合计"),
        "transaction_ids": _TXN,
    },
)
audit.declare(
    "funds.transfer",
    _("案件账户间划转案款"),
    {"source": _("转出案件"), "target": _("转入案件"), "amount": _AMOUNT, "memo": _("事由")},
)
audit.declare(
    "funds.fine",
    _("罚款缴入专户"),
    {"account": _("专户账号"), "amount": _AMOUNT, "reference": _("缴款凭证号"), "memo": _("摘要")},
)
audit.declare(
    "funds.relief_fund",
    _("拨入司法救助资金"),
    {"account": _("专户账号"), "amount": _AMOUNT, "reference": _("拨款凭证号"), "memo": _("摘要")},
)
