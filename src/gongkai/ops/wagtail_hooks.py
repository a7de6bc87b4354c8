"""Back office wiring of the duty log (值班日志): its pages and its menu item."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.ops import admin_urls, backoffice


@hooks.register("register_admin_urls")
def dutylog_urls():
    return [path("dutylog/", include(admin_urls, namespace="dutylog"))]


class DutyLogMenuItem(MenuItem):
    def is_shown(self, request):
        return backoffice.can_read(request.user)


@hooks.register("register_admin_menu_item")
def dutylog_menu_item():
    return DutyLogMenuItem("值班日志", reverse("dutylog:today"), icon_name="warning", order=320)
