"""Public addresses of 网上调查."""

from django.urls import path

from gongkai.interaction.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/results/", views.results, name="results"),
]
