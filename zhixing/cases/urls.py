"""Staff pages of cases: inbox, case list, case page and its actions, filing, approvals, command centre."""

from django.urls import path

from .views import case, case_actions, caselist, closing, command, filing, inbox

app_name = "cases"

urlpatterns = [
    path("", inbox.inbox, name="home"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/export/", inbox.inbox_export, name="inbox_export"),
    path("cases/", caselist.case_list, name="list"),
    path("cases/new/", filing.file_case, name="file"),
    path("cases/<int:pk>/", case.case_detail, name="detail"),
    path("cases/<int:pk>/parties/<int:party_id>/identity/", case.reveal_identity, name="reveal_identity"),
    path("cases/<int:pk>/nodes/", case_actions.record_node, name="record_node"),
    path("cases/<int:pk>/take/", case_actions.assign_self, name="assign_self"),
    path("cases/<int:pk>/assign/", case_actions.assign, name="assign"),
    path("cases/<int:pk>/periods/", case_actions.start_period, name="start_period"),
    path("cases/<int:pk>/periods/end/", case_actions.end_period, name="end_period"),
    path("cases/<int:pk>/extend/", case_actions.extend, name="extend"),
    path("cases/<int:pk>/resume/", case_actions.resume, name="resume"),
    path("cases/<int:pk>/closure/request/", closing.request_closure, name="request_closure"),
    path("cases/<int:pk>/closure/approve/", closing.approve_closure, name="approve_closure"),
    path("cases/<int:pk>/closure/refuse/", closing.refuse_closure, name="refuse_closure"),
    path("approvals/", closing.approvals, name="approvals"),
    path("command/", command.command_centre, name="command"),
]
