"""The bank's notification endpoints, under /api/v1/funds/ (signed, not session-authenticated)."""

from django.urls import path

from . import webhooks

app_name = "funds-api"
urlpatterns = [
    path("notifications/receipt", webhooks.receipt_notification, name="receipt-notification"),
    path("notifications/payout", webhooks.payout_notification, name="payout-notification"),
]
