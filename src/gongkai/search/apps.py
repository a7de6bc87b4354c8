from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from gongkai.search import signals  # noqa: F401  (connects the index to the models)
