"""The background-task tables of django-tasks-db, named in Chinese in the administrator's pages.

INSTALLED_APPS names `TasksDatabaseConfig` instead of the package's own config, which calls its
section "Tasks Database Backend" and its model "Task Result", and whose admin shows English columns,
statuses and function names. Only what is displayed changes: the model's verbose names (not kept in
migrations, so the package's migrations stay as they are) and the admin class; the fields' own
verbose names are left alone, since changing them would ask for a migration of the package.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig

# The tasks the platform runs, by task path (the function a worker calls). An unknown path shows as it is.
TASK_LABELS = {
    "zhixing.cases.tasks.scan_overdue_nodes": _("超期节点扫描"),
    "zhixing.supervision.tasks.weekly_bulletins": _("生成周通报"),
    "zhixing.funds.tasks.deliver_payouts": _("发送案款发放指令"),
    "zhixing.inquiry.tasks.deliver_inquiries": _("发送网络查控指令"),
    "zhixing.inquiry.tasks.scan_measures_task": _("查控措施到期扫描"),
    "zhixing.inquiry.tasks.reinquire_terminated": _("终本案件定期查询"),
    "zhixing.credit.tasks.deliver_pushes": _("推送失信信息"),
    "zhixing.credit.scans.credit_scan": _("信用惩戒扫描（公布、期满删除、删除事由）"),
    "zhixing.portal.tasks.deliver_sms": _("发送短信"),
}
STATUS_LABELS = {
    "READY": _("待执行"),
    "RUNNING": _("执行中"),
    "FAILED": _("失败"),
    "SUCCESSFUL": _("成功"),
}
QUEUE_LABELS = {"default": _("默认队列")}


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("后台任务")  # type: ignore[assignment]  # the package typed it as a plain str

    def ready(self) -> None:
        super().ready()
        from django_tasks_db import (
            admin as package_admin,
        )  # registers its admin first, whatever the app order
        from django_tasks_db.models import DBTaskResult

        DBTaskResult._meta.verbose_name = _("任务记录")
        DBTaskResult._meta.verbose_name_plural = _("任务记录")
        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
        admin.site.register(DBTaskResult, _task_admin(package_admin.DBTaskResultAdmin))


class StatusFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


def _task_admin(base: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    """The package's read-only admin with every column, filter and field labelled in Chinese."""

    class TaskResultAdmin(base):  # type: ignore[valid-type,misc]
        list_display = ("task", "state", "enqueued", "started", "finished", "queue")
        list_display_links = ("task",)
        list_filter = (StatusFilter,)
        search_fields = ("task_path",)

        def get_readonly_fields(self, request, obj=None):
            return [
                "task", "state", "enqueued", "started", "finished", "not_before", "queue", "rank",
                "arguments", "result", "error", "trace",
            ]  # fmt: skip

        def get_fields(self, request, obj=None):
            return self.get_readonly_fields(request, obj)

        @admin.display(description=_("任务"), ordering="task_path")
        def task(self, obj) -> str:
            return str(TASK_LABELS.get(obj.task_path, obj.task_path))

        @admin.display(description=_("状态"), ordering="status")
        def state(self, obj) -> str:
            return str(STATUS_LABELS.get(obj.status, obj.status))

        @admin.display(description=_("入队时间"), ordering="enqueued_at")
        def enqueued(self, obj):
            return obj.enqueued_at

        @admin.display(description=_("开始时间"), ordering="started_at")
        def started(self, obj):
            return obj.started_at

        @admin.display(description=_("完成时间"), ordering="finished_at")
        def finished(self, obj):
            return obj.finished_at

        @admin.display(description=_("最早执行时间"))
        def not_before(self, obj):
            return self.display_run_after(obj)

        @admin.display(description=_("队列"), ordering="queue_name")
        def queue(self, obj) -> str:
            return str(QUEUE_LABELS.get(obj.queue_name, obj.queue_name))

        @admin.display(description=_("优先级"), ordering="priority")
        def rank(self, obj) -> int:
            return obj.priority

        @admin.display(description=_("参数"))
        def arguments(self, obj):
            return obj.args_kwargs

        @admin.display(description=_("返回值"))
        def result(self, obj):
            return obj.return_value

        @admin.display(description=_("异常类型"))
        def error(self, obj) -> str:
            return obj.exception_class_path

        @admin.display(description=_("错误堆栈"))
        def trace(self, obj) -> str:
            return self.formatted_traceback(obj)

    return TaskResultAdmin
