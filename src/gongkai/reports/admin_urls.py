from django.urls import path

from gongkai.reports import backoffice

app_name = "reports_admin"
urlpatterns = [path("decisions/", backoffice.decisions, name="decisions")]
