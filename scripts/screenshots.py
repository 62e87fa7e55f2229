"""Screenshots of the design for the README and docs/ (desktop 1280 px and phone 320 px).

Usage: with `make run` (or any server with the demo content) on BASE (default
http://127.0.0.1:8000), run `.venv/bin/python scripts/screenshots.py [BASE]`. Uses Playwright
with Debian's chromium (/usr/bin/chromium) and writes docs/screenshots/*.png. The demo banner is
dismissed first, as a visitor would, so the pictures show the portal itself.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# name, path (or a callable finding it on the page before), full page?
SHOTS = [
    ("home", "/", False),
    ("ideas", "/ideen/", False),
    ("idea", "first-idea", False),
    ("pilot", "/piloten/smarte-parkplatzsensoren-elberfeld/", False),
    ("home-en", "/en/", False),
]
WIDTHS = {"desktop": (1280, 900), "phone": (320, 720)}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for label, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(BASE + "/")
            hide = page.get_by_role("button", name="Hinweis ausblenden")
            if hide.count():
                hide.click()
                page.wait_for_load_state()
            for name, path, full in SHOTS:
                if path == "first-idea":
                    page.goto(BASE + "/ideen/?sortierung=unterstuetzt")
                    href = page.locator("main .card__title a").first.get_attribute("href")
                    path = href
                page.goto(BASE + path)
                target = OUT / f"{name}-{label}.png"
                page.screenshot(path=target, full_page=full)
                print(f"{target.relative_to(OUT.parent.parent)}  {page.url}")
        browser.close()


if __name__ == "__main__":
    if not re.match(r"^https?://", BASE):
        raise SystemExit("BASE must be an http(s) URL")
    main()
