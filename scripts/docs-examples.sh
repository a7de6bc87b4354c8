#!/usr/bin/env bash
# Regenerates the pictures in docs/examples/ from the demo county: a Chromium screenshot of the
# public 2025 annual report page and PNG renders of its PDF. Needs `make run` (or any server on
# BASE_URL with the demo loaded, and GONGKAI_DATA_DIR pointing at its data) and pdftoppm
# (poppler-utils, installed by scripts/system-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_URL=${BASE_URL:-http://127.0.0.1:8000}
OUT=docs/examples
mkdir -p "$OUT"
page=$(.venv/bin/python - "$BASE_URL" <<'PY'
import re, sys, urllib.request
html = urllib.request.urlopen(f"{sys.argv[1]}/u/620321000/c/annual_report/").read().decode()
print(re.search(r'href="(/d/[^"]+)">永昌县人民政府2025年', html).group(1))
PY
)
.venv/bin/python - "$BASE_URL$page" "$OUT/annual-report-page.png" <<'PY'
import sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(sys.argv[1])
    page.screenshot(path=sys.argv[2], full_page=True)
    browser.close()
PY
tmp=$(mktemp -d)
.venv/bin/gongkai annual-report --unit 620321000 --year 2025 --format pdf --output "$tmp/report.pdf"
pdftoppm -r 72 -png "$tmp/report.pdf" "$OUT/annual-report-pdf-page"
rm -r "$tmp"
ls -l "$OUT"
