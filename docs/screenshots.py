"""Regenerate the screenshots in docs/ from this repository's own publication.

    python docs/screenshots.py

Builds a copy of the publication (source/, locales/ and the settings) in a temporary folder,
then photographs each kind of page in Debian's Chromium through Playwright: the Spanish
edition (docs/edition.png, and docs/edition-phone.png at 400 px), the bilingual page
(docs/bilingual.png) and the index (docs/index.png).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SLUG = "la-immigrant-movement"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("source", "locales"):
            shutil.copytree(REPO / name, root / name)
        shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
        subprocess.run([sys.executable, "-m", "bitext", "-C", str(root), "build"], check=True)
        build = root / "build"
        shots = [
            ("edition.png", build / "es" / f"{SLUG}.html", 1280, 900),
            ("edition-phone.png", build / "es" / f"{SLUG}.html", 400, 860),
            ("bilingual.png", build / "es" / f"{SLUG}.bilingual.html", 1280, 900),
            ("index.png", build / "index.html", 1280, 720),
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for name, page_path, width, height in shots:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_path.as_uri())
                page.screenshot(path=str(DOCS / name))
                page.close()
                print(f"docs/{name}")
            browser.close()


if __name__ == "__main__":
    main()
