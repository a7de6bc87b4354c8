from django.urls import path

from gongkai.reports import backoffice

app_name = "reports_admin"
urlpatterns = [
    path("decisions/", backoffice.decisions, name="decisions"),
    path("annual/", backoffice.report_list, name="reports"),
    path("annual/<str:code>/<int:year>/", backoffice.report_edit, name="report"),
    path("annual/<str:code>/<int:year>/backfill/", backoffice.report_backfill, name="backfill"),
    path(
        "annual/<str:code>/<int:year>.<str:fmt>",
        backoffice.report_download,
        name="report_download",
    ),
]
