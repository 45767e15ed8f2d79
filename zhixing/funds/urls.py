"""Staff pages of case funds: the workbench, the payer's page, and the writes posted from the case
page's funds panel and the workbench."""

from django.urls import path

from .views import actions, payer, workbench
from .views import reconcile as reconcile_views

app_name = "funds"

urlpatterns = [
    path("", workbench.workbench, name="workbench"),
    path("pay/<int:case_id>/", payer.payer_page, name="pay"),
    path("reconcile/", reconcile_views.reconcile_page, name="reconcile"),
    path("reports/monthly/", reconcile_views.monthly_report, name="monthly_report"),
    path("cases/<int:pk>/payout/", actions.request_payout, name="request_payout"),
    path("cases/<int:pk>/direct/", actions.record_direct_payment, name="direct_payment"),
    path("cases/<int:pk>/cash/", actions.record_cash, name="cash"),
    path("cases/<int:pk>/hold/", actions.request_hold, name="request_hold"),
    path("cases/<int:pk>/hold/approve/", actions.approve_hold, name="approve_hold"),
    path("payouts/<int:payout_id>/decide/", actions.decide_payout, name="decide_payout"),
    path("payouts/<int:payout_id>/send/", actions.send_payout, name="send_payout"),
    path("receipts/<int:receipt_id>/claim/", actions.request_claim, name="request_claim"),
    path("receipts/<int:receipt_id>/claim/decide/", actions.decide_claim, name="decide_claim"),
]
