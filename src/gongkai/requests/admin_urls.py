from django.urls import path

from gongkai.requests import backoffice

app_name = "foi_admin"
urlpatterns = [
    path("", backoffice.case_list, name="list"),
    path("new/", backoffice.case_register, name="register"),
    path("<int:pk>/", backoffice.case_detail, name="case"),
    path("<int:pk>/letters/new/", backoffice.letter_new, name="letter_new"),
    path(
        "<int:pk>/letters/<int:letter_pk>.<str:fmt>",
        backoffice.letter_download,
        name="letter_download",
    ),
    path("templates/", backoffice.template_list, name="templates"),
    path("templates/<slug:kind>/", backoffice.template_edit, name="template_edit"),
]
