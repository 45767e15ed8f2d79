"""Staff pages of credit measures, under /credit/: the signing queue, the command centre's credit
board, and the writes posted from the case page's 信用惩戒 panel."""

from django.urls import path

from .views import actions, approvals, centre

app_name = "credit"

urlpatterns = [
    path("", approvals.home, name="home"),
    path("approvals/", approvals.approvals, name="approvals"),
    path("centre/", centre.centre, name="centre"),
    path("cases/<int:pk>/listings/propose/", actions.propose_listing, name="propose_listing"),
    path("cases/<int:pk>/restrictions/propose/", actions.propose_restriction, name="propose_restriction"),
    path("cases/<int:pk>/certificates/issue/", actions.issue_certificate, name="issue_certificate"),
    path("listings/<int:pk>/decide/", actions.decide_listing, name="decide_listing"),
    path("listings/<int:pk>/trigger/", actions.note_trigger, name="note_trigger"),
    path("listings/<int:pk>/remove/", actions.remove_listing, name="remove_listing"),
    path("listings/<int:pk>/revoke/", actions.revoke_listing, name="revoke_listing"),
    path("listings/<int:pk>/corrections/", actions.record_correction, name="record_correction"),
    path("listings/<int:pk>/correct/", actions.correct_listing, name="correct_listing"),
    path("corrections/<int:pk>/decide/", actions.decide_correction, name="decide_correction"),
    path("corrections/<int:pk>/serve/", actions.serve_rejection, name="serve_rejection"),
    path(
        "corrections/<int:pk>/reconsideration/", actions.reconsideration_filed, name="reconsideration_filed"
    ),
    path(
        "corrections/<int:pk>/reconsideration/decided/",
        actions.reconsideration_decided,
        name="reconsideration_decided",
    ),
    path("restrictions/<int:pk>/issue/", actions.issue_restriction, name="issue_restriction"),
    path("restrictions/<int:pk>/lift/", actions.lift_restriction, name="lift_restriction"),
    path("restrictions/<int:pk>/permits/", actions.request_permit, name="request_permit"),
    path("permits/<int:pk>/decide/", actions.decide_permit, name="decide_permit"),
]
