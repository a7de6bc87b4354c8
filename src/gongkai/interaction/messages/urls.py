"""Public addresses of 留言."""

from django.urls import path

from gongkai.interaction.messages import views

app_name = "messages"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("sent/", views.sent, name="sent"),
    path("verify/", views.verify, name="verify"),
    path("status/", views.lookup, name="status"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.detail, name="detail"),
]
