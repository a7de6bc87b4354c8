from django.apps import AppConfig
from django.core import checks


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "信息公开目录"

    def ready(self) -> None:
        checks.register(libmagic_present)


def libmagic_present(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Uploads are judged by content through libmagic (filetypes.py): without the system
    library every upload would fail, so say so at start-up (migrate, runserver, check)."""
    try:
        from gongkai.catalog import filetypes

        filetypes.content_type(b"%PDF-1.4\n")
    except (ImportError, OSError) as exc:
        return [
            checks.Error(
                f"缺少系统库 libmagic，无法检查上传文件的类型 / libmagic is missing: {exc}",
                hint="sudo apt-get install libmagic1 (Debian/Ubuntu)",
                id="gongkai.E001",
            )
        ]
    return []
