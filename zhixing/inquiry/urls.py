"""Staff pages of network inquiry and control, under /inquiry/: the batches, the command centre's
measure-expiry calendar and inquiry panel, and the writes posted from the case page's panel."""

from django.urls import path

from .views import actions, batches, centre

app_name = "inquiry"

urlpatterns = [
    path("", batches.batch_list, name="batches"),
    path("batches/start/", actions.start_batch, name="start_batch"),
    path("batches/<int:pk>/", batches.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", batches.batch_progress, name="batch_progress"),
    path("calendar/", centre.calendar, name="calendar"),
    path("panel/", centre.panel, name="panel"),
    path("cases/<int:pk>/start/", actions.start_case, name="start_case"),
    path("assets/<int:pk>/freeze/", actions.freeze, name="freeze"),
    path("measures/<int:pk>/renew/", actions.renew, name="renew"),
    path("measures/<int:pk>/release/", actions.release, name="release"),
    path("measures/<int:pk>/deduct/", actions.deduct, name="deduct"),
]
