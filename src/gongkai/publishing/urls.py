from django.urls import path

from gongkai.publishing import views

app_name = "publishing"
urlpatterns = [
    path("suggest-columns/", views.suggest_columns, name="suggest_columns"),
    path("documents/<int:pk>/redact/", views.redact, name="redact"),
    path("documents/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("timeliness/", views.timeliness_report, name="timeliness"),
    path("audit/", views.audit_log, name="audit"),
]
