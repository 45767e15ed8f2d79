"""Staff pages of measures, under /measures/: the case's measures page and the writes posted from it,
the command centre's board, the equipment register and roster, operation planning, the operation page
and report, and the phone-sized field page."""

from django.urls import path

from .views import case, field, operations
from .views import case_actions as a

app_name = "measures"


def monthly_report(request):
    """The monthly report of measures (views_reports.py), imported when asked for."""
    from .views_reports import monthly_report as view

    return view(request)


urlpatterns = [
    path("cases/<int:case_id>/", case.case_page, name="case"),
    path("cases/<int:case_id>/obstructions/", a.record_obstruction, name="record_obstruction"),
    path("cases/<int:case_id>/propose/", a.propose_measure, name="propose"),
    path("cases/<int:case_id>/referrals/", a.draft_referral, name="draft_referral"),
    path("coercive/<int:pk>/decide/", a.decide_measure, name="decide"),
    path("coercive/<int:pk>/carry-out/", a.carry_out, name="carry_out"),
    path("coercive/<int:pk>/end/", a.end_measure, name="end"),
    path("coercive/<int:pk>/cancel/", a.cancel_measure, name="cancel"),
    path("coercive/<int:pk>/fine/", a.book_fine, name="book_fine"),
    path("coercive/<int:pk>/informants/", a.register_informant, name="register_informant"),
    path("coercive/<int:pk>/reward/", a.pay_reward, name="pay_reward"),
    path("informants/<int:pk>/verify/", a.verify_lead, name="verify_lead"),
    path("referrals/<int:pk>/<slug:step>/", a.referral_step, name="referral_step"),
    path("evidence/<int:pk>/", a.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/supersede/", a.supersede_evidence, name="supersede_evidence"),
    path("board/", operations.board, name="board"),
    path("equipment/", operations.equipment, name="equipment"),
    path("equipment/new/", operations.register_equipment, name="register_equipment"),
    path("equipment/<int:pk>/state/", operations.equipment_state, name="equipment_state"),
    path("duty/", operations.set_duty, name="set_duty"),
    path("operations/new/", operations.plan, name="plan"),
    path("operations/<int:pk>/", operations.operation, name="operation"),
    path("operations/<int:pk>/start/", operations.start_operation, name="start_operation"),
    path("operations/<int:pk>/close/", operations.close_operation, name="close_operation"),
    path("operations/<int:pk>/cancel/", operations.cancel_operation, name="cancel_operation"),
    path("operations/<int:pk>/report/", operations.report, name="report"),
    path("witnesses/<int:pk>/attended/", operations.mark_witness, name="mark_witness"),
    path("cash/<int:pk>/receive/", operations.hand_over_cash, name="hand_over_cash"),
    path("reports/monthly/", monthly_report, name="monthly_report"),
    path("field/<int:pk>/", field.field_page, name="field"),
    path("field/<int:pk>/check-in/", field.check_in, name="check_in"),
    path("field/<int:pk>/finding/", field.finding, name="finding"),
    path("field/<int:pk>/cash/", field.take_cash, name="take_cash"),
    path("field/<int:pk>/photo/", field.upload, name="upload"),
    path("field/<int:pk>/seize/", field.seize, name="seize"),
]
