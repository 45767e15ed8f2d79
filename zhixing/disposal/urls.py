"""Staff pages of disposal, under /disposal/: the auction desk, the case's disposal page, and the writes
posted from them."""

from django.urls import path

from .views import actions as a
from .views import case, desk

app_name = "disposal"

urlpatterns = [
    path("desk/", desk.desk, name="desk"),
    path("cases/<int:case_id>/", case.case_page, name="case"),
    path("cases/<int:pk>/start/", a.start_disposal, name="start"),
    path("disposals/<int:pk>/price/", a.start_price, name="start_price"),
    path("procedures/<int:pk>/agreement/", a.record_agreement, name="record_agreement"),
    path("procedures/<int:pk>/report/", a.record_report, name="record_report"),
    path("procedures/<int:pk>/fail/", a.fail_procedure, name="fail_procedure"),
    path("procedures/<int:pk>/collect/", a.collect_reports, name="collect_reports"),
    path("procedures/<int:pk>/object/", a.object_price, name="object_price"),
    path("procedures/<int:pk>/rule/", a.rule_price_objection, name="rule_price_objection"),
    path("disposals/<int:pk>/propose/", a.propose_auction, name="propose_auction"),
    path("auctions/<int:pk>/vote/", a.vote_auction, name="vote_auction"),
    path("auctions/<int:pk>/list/", a.list_auction, name="list_auction"),
    path("disposals/<int:pk>/suspend/", a.suspend_auction, name="suspend_auction"),
    path("disposals/<int:pk>/resume/", a.resume_auction, name="resume_auction"),
    path("disposals/<int:pk>/confirm/", a.confirm_sale, name="confirm_sale"),
    path("disposals/<int:pk>/serve/", a.serve_ruling, name="serve_ruling"),
    path("disposals/<int:pk>/transfer/", a.send_transfer_notice, name="send_transfer_notice"),
    path("disposals/<int:pk>/take/", a.take_in_payment, name="take_in_payment"),
    path("disposals/<int:pk>/refuse/", a.refuse_taking, name="refuse_taking"),
    path("disposals/<int:pk>/release/", a.release_undisposable, name="release_undisposable"),
    path("disposals/<int:pk>/distribution/", a.draw_distribution, name="draw_distribution"),
    path("distributions/<int:pk>/notify/", a.notify_distribution, name="notify_distribution"),
    path("distributions/<int:pk>/object/", a.object_distribution, name="object_distribution"),
    path("distributions/<int:pk>/rule/", a.rule_distribution_objection, name="rule_distribution_objection"),
    path("distributions/<int:pk>/finalise/", a.finalise_distribution, name="finalise_distribution"),
    path("distributions/<int:pk>/pay/", a.pay_distribution, name="pay_distribution"),
]
