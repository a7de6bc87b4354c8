"""`gongkai docno normalize TEXT [--json]`: check and normalise a 发文字号 from the shell."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.catalog.docno import DocNoError, parse_doc_no


class Command(BaseCommand):
    help = "发文字号 tools. normalize: print the standard form, e.g. 金政办发〔2014〕68号."

    def add_arguments(self, parser: CommandParser) -> None:
        # Subcommands, so that e.g. "docno find FILE" can be added later without breaking callers.
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        normalize = sub.add_parser(
            "normalize", help="print the normalised 发文字号, or exit 2 if TEXT is not one"
        )
        # Several words are allowed because the shell splits "金政办发 [2014] 68号"; spaces are
        # ignored by the parser anyway.
        normalize.add_argument("text", nargs="+", metavar="TEXT")
        normalize.add_argument(
            "--json", action="store_true", help="print prefix, year, seq and normalized as JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "normalize":
            self._normalize(" ".join(options["text"]), as_json=options["json"])

    def _normalize(self, text: str, *, as_json: bool) -> None:
        try:
            doc_no = parse_doc_no(text)
        except DocNoError as e:
            self.stderr.write(f"错误 / error: {e.message_zh} / {e.message_en}")
            # Exit status 2 like other usage errors. Not CommandError: Django would prefix
            # its own "CommandError:" to the bilingual line.
            raise SystemExit(2) from e
        if as_json:
            self.stdout.write(json.dumps(doc_no.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(doc_no.normalized)
