"""Back office wiring of 网上调查: the snippet screens, results and export pages, list buttons."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from gongkai.interaction.surveys import admin_urls
from gongkai.interaction.surveys.backoffice import SurveyViewSet

register_snippet(SurveyViewSet)


@hooks.register("register_admin_urls")
def survey_urls():
    return [path("surveys/", include(admin_urls, namespace="surveys_admin"))]


@hooks.register("register_snippet_listing_buttons")
def survey_listing_buttons(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    from gongkai.interaction.surveys.models import Survey

    if isinstance(snippet, Survey):
        yield ListingButton(
            "调查结果", reverse("surveys_admin:results", args=[snippet.pk]), priority=5
        )
