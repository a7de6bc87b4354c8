from django.urls import path

from gongkai.interaction.messages import backoffice

app_name = "messages_admin"
urlpatterns = [
    path("", backoffice.message_list, name="list"),
    path("<int:pk>/", backoffice.message_detail, name="detail"),
    path("<int:pk>/transfer/", backoffice.transfer, name="transfer"),
    path("<int:pk>/withhold/", backoffice.withhold, name="withhold"),
    path("<int:pk>/refer/", backoffice.refer, name="refer"),
    path("<int:pk>/reply/", backoffice.start_reply, name="reply"),
]
