"""Back office wiring: the 工作日历 area, its menu item and its permission on the group page."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.workcalendar import urls
from gongkai.workcalendar.views import PERMISSION


@hooks.register("register_admin_urls")
def workcalendar_urls():
    return [path("workcalendar/", include(urls, namespace="workcalendar"))]


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def calendar_menu_item():
    return CalendarMenuItem(
        "工作日历",
        reverse("workcalendar:index"),
        name="workcalendar",
        icon_name="calendar",
        order=320,
    )


@hooks.register("register_permissions")
def calendar_permissions():
    """So that a 系统管理员 can give the permission to another group on the group's page."""
    return Permission.objects.filter(
        content_type__app_label="workcalendar", codename="change_calendaryear"
    )
