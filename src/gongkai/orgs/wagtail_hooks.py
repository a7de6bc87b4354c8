"""Back office: units with their leaders and working bodies edited on one page; the staff
account's second factor (orgs/twofactor.py)."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.orgs.models import Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = "机构"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "short_name"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("parent"), FieldPanel("position")]),
                FieldPanel("is_active"),
            ],
            heading="基本信息",
        ),
        MultiFieldPanel(
            [
                FieldPanel("disclosure_office"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax"), FieldPanel("postcode")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("office_hours")]),
            ],
            heading="联系方式",
        ),
        InlinePanel("leaders", heading="领导简介", label="领导"),
        InlinePanel("bodies", heading="工作机构", label="工作机构"),
    ]


register_snippet(UnitViewSet)


@hooks.register("register_admin_urls")
def twofactor_urls():
    from gongkai.orgs import twofactor

    return [path("two-factor/", include((twofactor.urlpatterns, "orgs_twofactor")))]


@hooks.register("register_account_menu_item")
def twofactor_account_item(request):
    return {
        "url": reverse("orgs_twofactor:setup"),
        "label": "两步验证",
        "help_text": "登录时除密码外，再输入手机验证器上的验证码。",
    }
