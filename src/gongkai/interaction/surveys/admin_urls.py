"""Back-office addresses of 网上调查 (under /admin/surveys/)."""

from django.urls import path

from gongkai.interaction.surveys import backoffice

app_name = "surveys_admin"

urlpatterns = [
    path("<int:pk>/results/", backoffice.results, name="results"),
    path("<int:pk>/export.csv", backoffice.export_csv, name="export-csv"),
    path("<int:pk>/export.xlsx", backoffice.export_xlsx, name="export-xlsx"),
]
