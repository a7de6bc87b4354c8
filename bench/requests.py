"""Benchmark of the request office's back-office pages with many open requests.

Creates a throw-away data dir, migrates it, loads the demo county and files --cases open
requests at 教育局 (received over the last 40 days), then renders in-process, logged in as
教育局's information officer: one case's page (the baseline: one case, one deadline), the
list of open cases sorted by working days left (every open case's deadline), and the staff
home page (the same for the dashboard panel, plus the publishing panel). Prints median
milliseconds over --repeat renders and each page as a ratio to the baseline.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="open requests to file")
    parser.add_argument("--repeat", type=int, default=7, help="renders per page")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="gongkai-bench-requests-")
    os.environ["GONGKAI_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    try:
        run(args)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from gongkai.ops.demo import _demo_id
    from gongkai.orgs.models import Unit
    from gongkai.requests import services
    from gongkai.requests.models import RequestCase

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    unit = Unit.objects.get(code="620321003")
    rng = random.Random(1)
    today = date.today()
    for i in range(args.cases):
        services.file_request(
            unit=unit,
            channel="online",
            received_on=today - timedelta(days=rng.randint(0, 40)),
            applicant_type="natural_person",
            applicant_name=f"基准{i}",
            id_kind="resident_id",
            id_number=_demo_id(i % 50 + 1),
            phone="13912345678",
            description="基准测试申请内容：某年度某项目的立项、招标和验收材料",
            preferred_form="electronic",
            delivery="online",
        )
    client = Client()
    client.force_login(get_user_model().objects.get(username="xinxiyuan"))

    def median_ms(url: str) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(times) * 1000

    open_cases = RequestCase.objects.filter(answered_on__isnull=True).count()
    baseline = median_ms(f"/admin/requests/{RequestCase.objects.first().pk}/")
    print(f"{open_cases} open requests at one unit; median of {args.repeat} renders")
    print(f"{'page':<44}{'ms':>8}{'× baseline':>12}")
    print(f"{'one case (baseline)':<44}{baseline:>8.1f}{1:>12.1f}")
    for label, url in (
        ("open cases by working days left", "/admin/requests/"),
        ("staff home page (dashboard panels)", "/admin/"),
    ):
        ms = median_ms(url)
        print(f"{label:<44}{ms:>8.1f}{ms / baseline:>12.1f}")


if __name__ == "__main__":
    main()
