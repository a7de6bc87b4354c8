"""Public addresses of 意见征集."""

from django.urls import path

from gongkai.interaction.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attachments/<int:item>/<str:filename>", views.attachment, name="attachment"),
]
