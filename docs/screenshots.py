"""Screenshots of the main pages at a phone's and a desk's width, from the demo data.

    make screenshots            # against the portal `make run` serves
    .venv/bin/python docs/screenshots.py --base http://127.0.0.1:5000 --only case-file

Writes docs/screenshots/<page>-<width>.png; the README shows some of them. Remake them
after a change to a page. Needs Debian's Chromium (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Demo#Bapas2026"  # noqa: S105 - the demo accounts' published password (README)
OUT = Path(__file__).parent / "screenshots"
WIDTHS = {"phone": (390, 844), "desk": (1366, 768)}


def _first_client(page) -> str:
    """The case file of the first client on the PK's home (the most urgent)."""
    for link in page.locator("main a[href*='/klien/']").all():
        href = link.get_attribute("href") or ""
        if re.search(r"/klien/\d+", href):
            return href.split("#")[0]
    raise SystemExit("no client on the PK's home: is the demo data loaded?")


# (name, office, account, path or a function of the signed-in page, full page?)
PAGES = [
    ("pk-home", "purwokerto", "pk", "/purwokerto/", True),
    ("my-cases", "purwokerto", "pk", "/purwokerto/klien/saya", False),
    ("case-file", "purwokerto", "pk", _first_client, False),
    ("staff-home", "purwokerto", "staf", "/purwokerto/", True),
    ("trainings", "tangerang", "staf", "/tangerang/pelatihan/", False),
    (
        "mobile-counseling",
        "jakarta-timur-utara",
        "pk",
        "/jakarta-timur-utara/wajib-lapor/keliling/",
        False,
    ),
    ("central-landing", "pusat", "ditjenpas", "/pusat/", False),
    ("national-comparison", "pusat", "ditjenpas", "/pusat/indikator/", False),
    ("funnel", "pusat", "ditjenpas", "/pusat/indikator/grafik", False),
    ("what-works", "pusat", "ditjenpas", "/pusat/apa-yang-berhasil/", False),
    ("litmas-requests", "purwokerto", "admin", "/purwokerto/litmas/permintaan/", False),
    ("audit-log", "purwokerto", "admin", "/purwokerto/audit/", False),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:5000")
    parser.add_argument("--only", help="one page's name")
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, area, user, target, full in PAGES:
            if args.only and args.only != name:
                continue
            for label, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(f"{args.base}/{area}/login")
                page.get_by_label("Nama pengguna").fill(user)
                page.get_by_label("Kata sandi").fill(PASSWORD)
                page.locator("button[type=submit]").last.click()
                page.wait_for_url(f"{args.base}/{area}/")
                if args.lang == "en":
                    page.get_by_role("button", name="EN").click()
                path = target(page) if callable(target) else target
                page.goto(f"{args.base}{path}")
                file = OUT / f"{name}-{label}.png"
                page.screenshot(path=str(file), full_page=full)
                wide = page.evaluate("document.documentElement.scrollWidth")
                print(f"{file}  {width}px wide window, page {wide}px wide")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
