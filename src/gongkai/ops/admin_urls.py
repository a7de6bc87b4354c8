"""Back-office addresses of the duty log (under /admin/dutylog/)."""

from django.urls import path

from gongkai.ops import backoffice

app_name = "dutylog"
urlpatterns = [
    path("", backoffice.today, name="today"),
    path("run/", backoffice.run_now, name="run"),
    path("<str:day>/", backoffice.day_view, name="day"),
    path("<str:day>/review/", backoffice.review, name="review"),
    path("<str:day>/export.xlsx", backoffice.export, name="export"),
]
