"""The HTML outputs in a real browser (Debian Chromium through Playwright), from file:// URLs:
side by side at desktop width, stacked on a phone, a clean edition page, nothing fetched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bitext.outputs.html import render_bilingual_html, render_edition_html
from bitext.outputs.index import IndexRow, render_index_html
from conftest import CHROMIUM
from outputs_sample import make_counts, make_resolutions, sample_article

pytestmark = pytest.mark.skipif(
    shutil.which(CHROMIUM) is None, reason=f"{CHROMIUM} is missing (CI installs Debian's chromium package)"
)
SCREENSHOT = Path("/tmp/bilingual.png")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("build") / "es"
    folder.mkdir()
    article = sample_article()
    resolutions = make_resolutions(article)
    counts = make_counts(article, resolutions)
    files = {
        "edition": (folder / "harbour.html", render_edition_html(article, resolutions, "es")),
        "outdated": (folder / "harbour.outdated.html", render_edition_html(article, resolutions, "es", "translation")),
        "bilingual": (folder / "harbour.bilingual.html", render_bilingual_html(article, resolutions, counts, "es")),
        "index": (
            folder.parent / "index.html",
            render_index_html([IndexRow("es", "harbour", "The quiet harbour", counts,
                                        [("edition", "es/harbour.html"), ("bilingual", "es/harbour.bilingual.html")])]),
        ),
    }
    for path, text in files.values():
        path.write_text(text, encoding="utf-8")
    return {name: path for name, (path, _text) in files.items()}



class Watched:
    """A page that records console errors, page errors and any request that is not file://."""

    def __init__(self, browser, width: int, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: request.url.startswith("file:") or self.requests.append(request.url))

    def open(self, path: Path):
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def close(self):
        self.context.close()


def cell_boxes(page):
    boxes = []
    for row in page.locator("section.row").all():
        source = row.locator(".cell.source").bounding_box()
        target = row.locator(".cell.target").bounding_box()
        boxes.append((row.get_attribute("id"), source, target))
    return boxes


def test_bilingual_side_by_side_on_desktop(browser, pages):
    watched = Watched(browser, 1280)
    page = watched.open(pages["bilingual"])
    boxes = cell_boxes(page)
    assert len(boxes) >= 10
    for row_id, source, target in boxes:
        assert target["x"] >= source["x"] + source["width"] - 0.5, row_id
        assert abs(target["y"] - source["y"]) <= 1, row_id
        assert source["width"] > 300 and abs(source["width"] - target["width"]) <= 2, row_id
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000
    # the header stays in sight while scrolling
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") > 100
    assert page.locator("header.top").bounding_box()["y"] == pytest.approx(0, abs=1)
    assert watched.errors == [] and watched.requests == []
    watched.close()


def test_bilingual_stacks_on_a_phone(browser, pages):
    watched = Watched(browser, 400, 800)
    page = watched.open(pages["bilingual"])
    for row_id, source, target in cell_boxes(page):
        assert target["y"] >= source["y"] + source["height"] - 0.5, row_id
        assert abs(target["x"] - source["x"]) <= 1, row_id
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # nothing overflows sideways
    assert watched.errors == []
    watched.close()


def test_bilingual_anchor_and_review_filter(browser, pages):
    watched = Watched(browser, 1280)
    page = watched.open(pages["bilingual"])
    first_id = page.locator("section.row").nth(3).get_attribute("id")
    page.goto(pages["bilingual"].as_uri() + "#" + first_id)
    assert page.evaluate("location.hash") == "#" + first_id
    target_top = page.locator(f"#{first_id}").bounding_box()["y"]
    header_bottom = page.locator("header.top").bounding_box()["height"]
    assert target_top >= header_bottom - 1  # the jumped-to row is not hidden under the sticky header
    visible = page.locator("section.row:visible").count()
    page.locator("#only-review").check()
    to_review = page.locator("section.row:visible")
    assert 0 < to_review.count() < visible
    assert all("state-translated" not in (row.get_attribute("class") or "") for row in to_review.all())
    watched.close()


def test_edition_page_in_a_browser(browser, pages):
    for name in ("edition", "outdated"):
        watched = Watched(browser, 1280)
        page = watched.open(pages[name])
        assert page.locator("html[lang=es]").count() == 1
        assert page.get_by_text("14 de enero de 2026").is_visible()
        assert page.title() == "El puerto tranquilo"
        assert page.locator("[lang=en]", has_text="Ropes on the pier").count() == 1
        # a readable measure: the column holds 60 to 90 characters of running text a line
        measure = page.evaluate(
            """() => { const p = document.querySelector('.body p');
                       const ctx = document.createElement('canvas').getContext('2d');
                       const cs = getComputedStyle(p);
                       ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
                       const sample = 'the quick brown fox jumps over the lazy dog, ';
                       return p.getBoundingClientRect().width / (ctx.measureText(sample).width / sample.length); }"""
        )
        assert 60 <= measure <= 90, measure
        family = page.evaluate("getComputedStyle(document.querySelector('.body p')).fontFamily")
        assert "serif" in family and "sans-serif" not in family.split(",")[-1]
        if name == "outdated":
            marker = page.locator(".outdated .notice")
            assert marker.is_visible() and marker.inner_text().lower() == "traducción desactualizada: el original ha cambiado"
        assert watched.errors == [] and watched.requests == []
        watched.close()


def test_index_page_in_a_browser(browser, pages):
    watched = Watched(browser, 1280)
    page = watched.open(pages["index"])
    bar = page.locator(".article .bar").first.bounding_box()
    fill = page.locator(".article .bar .fill-translated").first.bounding_box()
    assert bar["width"] > 50 and 0 < fill["width"] < bar["width"]
    assert page.locator("a[href='es/harbour.bilingual.html']").count() == 1
    assert watched.errors == [] and watched.requests == []
    watched.close()


# --- the built site: links, images, the language switcher, accessibility ----------------------

AXE = Path(__file__).resolve().parents[1] / ".ci" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SITE_PAGES = ["en/la.html", "es/la.html", "fr/la.html", "de/la.html", "es/2026/part-two.html",
              "es/la.bilingual.html", "fr/la.bilingual.html", "index.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from conftest import run_cli
    from site_sample import make_site

    root = make_site(tmp_path_factory.mktemp("site"))
    result = run_cli(root, "build", "--stale", "translation")
    assert result.exit_code == 0, result.output
    return root / "build"


def local_file(url: str) -> Path:
    from urllib.parse import unquote, urlsplit

    return Path(unquote(urlsplit(url).path))


@pytest.mark.parametrize("width", [1280, 400])
def test_every_link_and_image_of_the_site_resolves_in_the_browser(browser, site, width):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 15  # 2 articles: the original, 3 editions and 3 bilingual pages; the index
    for path in pages:
        watched = Watched(browser, width)
        page = watched.open(path)
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href], link[href]'), a => a.href)")
        for href in hrefs:
            if href.startswith("file:"):
                assert local_file(href).is_file(), (path, href)
                assert site.resolve() in local_file(href).resolve().parents, (path, href)  # never leaves build/
        images = page.evaluate("Array.from(document.images, i => [i.currentSrc, i.complete && i.naturalWidth > 0])")
        assert all(loaded for _src, loaded in images), (path, images)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path  # nothing overflows sideways
        assert watched.errors == [] and watched.requests == [], path
        watched.close()


def test_the_switcher_round_trips(browser, site):
    watched = Watched(browser, 400, 800)
    page = watched.open(site / "en" / "2026" / "part-two.html")
    for name, code in (("Español", "es"), ("Français", "fr"), ("Deutsch", "de"), ("English", "en")):
        page.locator("nav.switcher").get_by_role("link", name=name).click()
        page.wait_for_load_state("load")
        assert page.url == (site / code / "2026" / "part-two.html").as_uri()
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("nav.switcher [aria-current=page]").inner_text() == name
    page.get_by_role("link", name="All articles").click()
    page.wait_for_load_state("load")
    assert page.url == (site / "index.html").as_uri()
    page.get_by_role("link", name="Workers take the streets", exact=True).click()
    assert page.url == (site / "en" / "la.html").as_uri()
    page.get_by_role("link", name="Side by side: English and Spanish").click()
    assert page.url == (site / "es" / "la.bilingual.html").as_uri()
    page.get_by_role("link", name="Español", exact=True).click()
    assert page.url == (site / "es" / "la.html").as_uri()
    watched.close()


def axe_violations(browser, path: Path, width: int) -> list[dict]:
    # bypass_csp: the pages' Content-Security-Policy rightly forbids injected scripts
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(path.as_uri())
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    context.close()
    return violations


@pytest.mark.skipif(not AXE.is_file(), reason="axe-core missing: .ci/run installs it with npm into .ci/npm")
@pytest.mark.parametrize("width", [1280, 400])
def test_axe_finds_no_violations(browser, site, width):
    found = {name: axe_violations(browser, site / name, width) for name in SITE_PAGES}
    assert {name: v for name, v in found.items() if v} == {}
