"""The site's URL map: the public portal, its API and feeds, and the Wagtail back office."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.portal.api import api
from gongkai.portal.sitemaps import SITEMAPS

handler404 = "gongkai.portal.views.not_found"
handler500 = "gongkai.portal.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document serving is for staff (guarded by a before_serve_document hook);
    # the public reach attachments through the portal, which checks publication.
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("gongkai.requests.urls")),  # 依申请公开: form, receipt, status, paper form
    path("messages/", include("gongkai.interaction.messages.urls")),  # 留言
    path("surveys/", include("gongkai.interaction.surveys.urls")),  # 网上调查
    path("consultations/", include("gongkai.interaction.consultations.urls")),  # 意见征集
    path("", include("gongkai.portal.urls")),
]
