"""The party portal's pages (当事人服务; issue 11 item 5) at /portal/ (zhixing/urls.py), none of them behind
a staff login (ARCHITECTURE §9). The public search has its own map, public_urls.py, at /public/."""

from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.sign_in, name="sign_in"),
    path("code/", views.verify, name="verify"),
    path("code/resend/", views.resend, name="resend"),
    path("case/", views.case_page, name="case"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
