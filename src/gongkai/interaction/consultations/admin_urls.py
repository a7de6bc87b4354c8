"""Back-office addresses of 意见征集 (under /admin/consultations/)."""

from django.urls import path

from gongkai.interaction.consultations import backoffice

app_name = "consultations_admin"

urlpatterns = [
    path("", backoffice.overview, name="overview"),
    path("<int:pk>/comments/", backoffice.comments, name="comments"),
    path("comments/<int:pk>/moderate/", backoffice.moderate, name="moderate"),
    path("<int:pk>/feedback/", backoffice.start_feedback, name="start-feedback"),
]
