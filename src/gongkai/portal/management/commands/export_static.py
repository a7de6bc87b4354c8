"""`gongkai export-static DIR [--full] [--base-url URL]`: the public site as static files.

Renders every public page, feed, sitemap and attachment into DIR for nginx
(:mod:`gongkai.portal.static_export`, docs/deployment.md "Static export"). Incremental: only
changed files are written and the files of pages that are gone are deleted. Exit 0 when every
page rendered, 1 when some failed (each named by its address on stderr, in Chinese and
English; their old files are kept), 2 when the export could not start (bad directory, base
URL or host).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.portal.static_export import ExportError, export_site


class Command(BaseCommand):
    help = (
        "把公开网站导出为静态文件，供 nginx 直接提供"
        " / export the public site as static files for nginx to serve"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="导出目录 / output directory")
        parser.add_argument(
            "--full",
            action="store_true",
            help="重写全部文件，不论是否变化 / write every file again, changed or not",
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help=(
                "公开网址，如 https://gk.example.gov.cn（用于订阅和网站地图中的绝对链接；"
                "默认沿用上次导出或 GONGKAI_BASE_URL） / the public address used in feeds and "
                "the sitemap (default: the last export's, else GONGKAI_BASE_URL)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = export_site(
                options["directory"], base_url=options["base_url"], full=options["full"]
            )
        except ExportError as error:
            self.stderr.write(f"错误 / error: {error}")
            raise SystemExit(2) from error
        self.stdout.write(
            f"已写入 / written: {len(result.written)}，未变化 / unchanged: {result.unchanged}，"
            f"已删除 / deleted: {len(result.deleted)}，出错 / errors: {len(result.errors)}"
        )
        if options["verbosity"] > 1:
            for url in result.written:
                self.stdout.write(f"  写入 / written: {url}")
            for url in result.deleted:
                self.stdout.write(f"  删除 / deleted: {url}")
        for url, message in result.warnings:
            self.stderr.write(f"提示 / warning: {url}: {message}")
        for url, message in result.errors:
            self.stderr.write(f"错误 / error: {url}: 页面渲染失败 / failed to render: {message}")
        if result.errors:
            raise SystemExit(1)
