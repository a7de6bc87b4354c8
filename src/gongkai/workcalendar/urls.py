from django.urls import path

from gongkai.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.index, name="index"),
    path("add/", views.add, name="add"),
    path("<int:year>/", views.year_detail, name="year"),
    path("<int:year>/edit/", views.edit, name="edit"),
    path("<int:year>/delete/", views.delete, name="delete"),
]
