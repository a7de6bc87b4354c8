from django.urls import path, re_path

from gongkai.portal import feeds, robots, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feed.xml", feeds.LatestFeed(), name="latest-feed"),
    path("robots.txt", robots.robots_txt, name="robots"),
    path("u/<str:unit>/", views.unit, name="unit"),
    path("u/<str:unit>/leaders/<int:pk>/", views.leader, name="leader"),
    path("u/<str:unit>/c/<slug:column>/", views.column, name="column"),
    path("u/<str:unit>/c/<slug:column>/feed.xml", feeds.ColumnFeed(), name="column-feed"),
    path("u/<str:unit>/c/<slug:column>/index.json", views.column_json, name="column-json"),
    path("d/<str:unit>/<str:number>/", views.document, name="document"),
    path("d/<str:unit>/<str:number>/chart.svg", views.report_chart_svg, name="report-chart"),
    path(
        "d/<str:unit>/<str:number>/a/<int:pk>/<str:filename>",
        views.attachment,
        name="attachment",
    ),
    # Leader photos and other image renditions are public; original uploads are not.
    re_path(r"^media/images/(?P<path>[^/]+)$", views.image_rendition, name="image-rendition"),
]
