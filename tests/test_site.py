"""`bitext build` as a reader's site: every edition linked to the others both ways, the
original included; files carried; the page's own words in the reader's language; the
threshold never removing a page silently; a sitemap under `base_url`."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from bitext.pofile import generate_po, read_po
from conftest import run_cli, snapshot
from outputs_sample import parse_html
from site_sample import fake_translate, make_site


def references(page: Path):
    """(tag, attribute, url) of every link, image and <link> of an HTML page."""
    root = parse_html(page.read_text(encoding="utf-8"))
    for tag, attribute in (("a", "href"), ("img", "src"), ("link", "href")):
        for node in root.find_all(tag):
            if node.attrs.get(attribute) is not None:
                yield tag, attribute, node.attrs[attribute], node


def page_ids(page: Path) -> set:
    return {node.attrs.get("id") for node in parse_html(page.read_text(encoding="utf-8")).iter()}


def broken_links(build: Path) -> list[str]:
    """Every relative URL of every page that names no file (or, for `#id`, no element)."""
    broken = []
    for page in sorted(build.rglob("*.html")):
        for tag, _attribute, url, _node in references(page):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("/"):
                continue
            target = Path(posixpath.normpath(posixpath.join(str(page.parent), unquote(parts.path))))
            if parts.path and (not target.is_file() or build.resolve() not in target.resolve().parents):
                broken.append(f"{page.relative_to(build)}: {tag} {url}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in page_ids(target):
                broken.append(f"{page.relative_to(build)}: {tag} {url} (no such id)")
    return broken


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("site"))
    result = run_cli(root, "build")
    assert result.exit_code == 0, result.output
    return root


def test_an_edition_per_language_the_original_included(site):
    build = site / "build"
    for language in ("en", "es", "fr", "de"):
        for slug in ("la", "2026/part-two"):
            assert (build / language / f"{slug}.html").is_file(), (language, slug)
    assert not (build / "en" / "la.md").exists()  # the original's Markdown is the source itself
    original = parse_html((build / "en/la.html").read_text())
    assert original.find_all("html")[0].attrs["lang"] == "en"
    [body] = original.find_all("main")
    assert not body.find_all(class_="notice") and not body.find_all(lang="es") and not body.find_all(lang="en")


def test_every_link_and_image_of_every_page_resolves(site):
    assert broken_links(site / "build") == []
    for page in (site / "build").rglob("*.html"):
        for tag, _attribute, url, node in references(page):
            if tag == "link" and node.attrs.get("rel") in ("alternate", "canonical"):
                assert not urlsplit(url).scheme  # relative without base_url: the folder works anywhere
            if tag != "link" and not url.startswith(("https://", "#")):
                assert not urlsplit(url).scheme and not url.startswith("/"), (page, url)


def test_switcher_and_alternates_link_every_edition_both_ways(site):
    build = site / "build"
    for language in ("en", "es", "fr", "de"):
        page = build / language / "2026/part-two.html"
        root = parse_html(page.read_text())
        [switcher] = root.find_all("nav", class_="switcher")
        items = switcher.find_all("li")
        assert [item.text().strip() for item in items] == ["English", "Español", "Français", "Deutsch"]
        for item, code in zip(items, ("en", "es", "fr", "de")):
            [node] = [n for n in item.iter() if n.tag in ("a", "span")]
            assert node.attrs["lang"] == code  # each language named in its own language, marked as such
            if code == language:
                assert node.tag == "span" and node.attrs["aria-current"] == "page"
            else:
                assert node.attrs["href"] == f"../../{code}/2026/part-two.html"
        alternates = {link.attrs["hreflang"]: link.attrs["href"]
                      for link in root.find_all("link", rel="alternate")}
        assert set(alternates) == {"en", "es", "fr", "de", "x-default"}
        assert alternates["x-default"] == alternates["en"]
        assert (page.parent / alternates["es"]).resolve() == (build / "es/2026/part-two.html").resolve()
        [home] = root.find_all("a", class_="site-home")
        assert home.attrs["href"] == "../../index.html"
    # the bilingual page links back to both editions and the index
    bilingual = parse_html((build / "es/la.bilingual.html").read_text())
    hrefs = {a.attrs["href"] for a in bilingual.find_all("a")}
    assert {"../en/la.html", "la.html", "../index.html"} <= hrefs
    # the original links to every bilingual page, each translation to its own
    original = {a.attrs["href"] for a in parse_html((build / "en/la.html").read_text()).find_all("a")}
    assert {"../es/la.bilingual.html", "../fr/la.bilingual.html", "../de/la.bilingual.html"} <= original


def test_files_are_carried_once_and_pointed_at(site):
    build = site / "build"
    assert (build / "assets/img/garden.png").read_bytes() == (site / "source/img/garden.png").read_bytes()
    assert (build / "assets/files/leaflet.pdf").is_file() and (build / "assets/img/map.png").is_file()
    assert sorted(p.name for p in build.rglob("*.png")) == ["garden.png", "map.png"]  # one copy, shared
    for page, src in (("en/la.html", "../assets/img/garden.png"), ("es/la.html", "../assets/img/garden.png"),
                      ("es/la.bilingual.html", "../assets/img/garden.png"),
                      ("fr/2026/part-two.html", "../../assets/img/map.png")):
        images = parse_html((build / page).read_text()).find_all("img")
        assert src in [img.attrs["src"] for img in images], page
    links = [a.attrs["href"] for a in parse_html((build / "es/la.html").read_text()).find_all("a")]
    assert "../assets/files/leaflet.pdf" in links
    assert "2026/part-two.html#where-now" in links  # a link to another article: its edition in this language
    # headings take GitHub's ids from their English text, so the fragment works in every language
    assert "where-now" in page_ids(build / "es/2026/part-two.html")
    assert "https://example.org/city" in links  # external: as written
    assert "../la.html" in [a.attrs["href"] for a in
                            parse_html((build / "fr/2026/part-two.html").read_text()).find_all("a")]
    # the Markdown edition keeps the references as the source wrote them
    assert "(img/garden.png" in (build / "es/la.md").read_text()


def test_image_alt_and_title_are_translated(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    po = root / "locales/es/LC_MESSAGES/la.po"
    catalog = read_po(po.read_bytes(), "la.po")
    for entry in catalog.entries:
        if entry.msgid.startswith("![A community garden"):
            entry.msgstr = '![Un huerto comunitario en Paramount](img/garden.png "El huerto de Alondra Boulevard")'
    po.write_text(generate_po(catalog), encoding="utf-8")
    assert run_cli(root, "build").exit_code == 0
    [image] = parse_html((root / "build/es/la.html").read_text()).find_all("img")
    assert image.attrs == {"src": "../assets/img/garden.png", "alt": "Un huerto comunitario en Paramount",
                           "title": "El huerto de Alondra Boulevard"}


def test_a_reference_outside_the_source_folder_is_an_error(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    (root / "secret.png").write_bytes(b"x")
    source = root / "source/la.md"
    source.write_text(source.read_text().replace("(img/garden.png", "(../secret.png"))
    before = snapshot(root)
    result = run_cli(root, "build")
    assert result.exit_code == 2
    assert result.stderr.startswith("bitext: error: source/la.md:15: image '../secret.png' points outside")
    assert snapshot(root) == before  # nothing written


def test_a_symbolic_link_out_of_the_source_folder_is_an_error(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    (root / "elsewhere.png").write_bytes(b"x")
    (root / "source/img/garden.png").unlink()
    (root / "source/img/garden.png").symlink_to(root / "elsewhere.png")
    result = run_cli(root, "build")
    assert result.exit_code == 2 and "source/la.md:15:" in result.stderr
    assert not (root / "build").exists()


def test_a_missing_file_is_a_warning_naming_article_and_line(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    (root / "source/img/garden.png").unlink()
    result = run_cli(root, "build")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "garden" in line]
    assert warnings == ["bitext: warning: source/la.md:15: img/garden.png: no such file in source/; "
                        "the reference is left as written"]
    assert 'src="img/garden.png"' in (root / "build/es/la.html").read_text()


def test_site_absolute_and_external_urls_are_left_as_written(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    source = root / "source/la.md"
    source.write_text(source.read_text().replace("(img/garden.png", "(/static/garden.png"))
    result = run_cli(root, "build", "--threshold", "0")
    assert result.exit_code == 0 and "garden" not in result.stderr
    assert 'src="/static/garden.png"' in (root / "build/es/la.html").read_text()
    assert not (root / "build/assets/img/garden.png").exists()


def test_page_words_are_the_readers(site):
    build = site / "build"
    spanish = (build / "es/la.html").read_text()
    assert "Todos los artículos" in spanish and "En paralelo: inglés y español" in spanish
    assert "Mika, Natalia y N. Irazu" in spanish and "14 de enero de 2026" in spanish
    french = parse_html((build / "fr/la.html").read_text())
    assert "Mika, Natalia et N. Irazu" in french.text() and "14 janvier 2026" in french.text()
    [notice] = french.find_all(class_="notice")  # the paragraph left in English
    assert notice.text() == "Pas encore traduit\u00a0: affiché en anglais" and notice.attrs["lang"] == "fr"
    assert "All articles" not in spanish and "outdated translation" not in spanish
    bilingual = parse_html((build / "es/la.bilingual.html").read_text())
    assert bilingual.find_all("html")[0].attrs["lang"] == "es"
    assert "palabras traducidas" in bilingual.text()
    # German has no catalog of bitext's words: English labels, marked as English
    german = parse_html((build / "de/la.html").read_text())
    [bar] = german.find_all("nav", class_="site-bar")
    assert bar.attrs["lang"] == "en" and "All articles" in bar.text()
    assert "Mika, Natalia und N. Irazu" in german.text()  # Babel knows German lists all the same


def test_missing_page_words_are_said_once(tmp_path):
    root = make_site(tmp_path)
    result = run_cli(root, "build")
    notes = [line for line in result.stderr.splitlines() if "page words" in line]
    assert notes == ["bitext: note: bitext's own page words are not translated into de yet: "
                     "its pages show their labels in English"]
    assert sum("base_url" in line for line in result.stderr.splitlines()) == 1


def test_title_shows_once(site):
    root = parse_html((site / "build/es/la.html").read_text())
    assert [h.text() for h in root.find_all("h1")] == ["ES Workers take the streets"]
    assert root.find_all("h1")[0].attrs["id"] == "workers-take-the-streets"  # the left-out heading's id
    assert [h.text() for h in root.find_all("h2")] == ["ES Where now?"]
    # a first heading that says something else stays
    part_two = parse_html((site / "build/en/2026/part-two.html").read_text())
    assert [h.text() for h in part_two.find_all("h1")] == ["Part two"]


def test_index_lists_every_language_and_keeps_them_on_a_partial_build(site):
    index = parse_html((site / "build/index.html").read_text())
    assert index.find_all("html")[0].attrs["lang"] == "en"
    titles = index.find_all(class_="row-title")
    assert {t.attrs["lang"] for t in titles} == {"es", "fr", "de"}
    assert all(h.attrs.get("lang") == "en" for h in index.find_all("h3") if h.find_all("a"))
    assert len(index.find_all("tr", class_="published")) == 6
    before = (site / "build/index.html").read_text()
    fake_translate(site, "es", "ES2 ")
    result = run_cli(site, "build", "--lang", "es")
    assert result.exit_code == 0
    index = parse_html((site / "build/index.html").read_text())
    assert {t.attrs["lang"] for t in index.find_all(class_="row-title")} == {"es", "fr", "de"}
    assert "ES2 Workers take the streets" in index.text()
    assert [a.attrs["href"] for a in index.find_all("a") if a.text() == "edition"].count("fr/la.html") == 1
    assert broken_links(site / "build") == []
    fake_translate(site, "es", "ES ")  # as the other tests expect
    run_cli(site, "build")
    assert (site / "build/index.html").read_text() == before


def test_no_base_url_no_sitemap_and_base_url_gives_both(tmp_path):
    root = make_site(tmp_path, languages=("es",), extra_settings='base_url = "https://example.org/news"\n')
    result = run_cli(root, "build")
    assert result.exit_code == 0 and "base_url" not in result.stderr
    page = parse_html((root / "build/es/2026/part-two.html").read_text())
    [canonical] = page.find_all("link", rel="canonical")
    assert canonical.attrs["href"] == "https://example.org/news/es/2026/part-two.html"
    alternates = {link.attrs["hreflang"]: link.attrs["href"] for link in page.find_all("link", rel="alternate")}
    assert alternates == {"en": "https://example.org/news/en/2026/part-two.html",
                          "es": "https://example.org/news/es/2026/part-two.html",
                          "x-default": "https://example.org/news/en/2026/part-two.html"}
    sitemap = ET.parse(root / "build/sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.find("s:loc", ns).text: {l.get("hreflang"): l.get("href") for l in u.findall("x:link", ns)}
            for u in sitemap.findall("s:url", ns)}
    assert urls["https://example.org/news/es/la.html"]["en"] == "https://example.org/news/en/la.html"
    assert len(urls) == 5  # the index and two articles in two languages
    (root / "bitext.toml").write_text('languages = ["es"]\n')
    result = run_cli(root, "build")
    assert not (root / "build/sitemap.xml").exists() and "removed build/sitemap.xml" in result.stdout
    assert not parse_html((root / "build/es/la.html").read_text()).find_all("link", rel="canonical")


def test_base_url_must_be_an_absolute_url(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    (root / "bitext.toml").write_text('languages = ["es"]\nbase_url = "example.org"\n')
    result = run_cli(root, "build")
    assert result.exit_code == 2 and "bitext.toml:2: base_url must be an absolute" in result.stderr


def test_stale_words_count_with_stale_translation_and_removals_are_printed(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    assert run_cli(root, "build").exit_code == 0
    source = root / "source/la.md"
    source.write_text(source.read_text().replace("Unions called a march. Teachers organised patrols.",
                                                 "Unions called a general march. Teachers organised patrols.")
                      .replace("On Friday, June 6,", "On Friday, June 6, 2025,"))
    # the reader would see the outdated (marked) translations: they count, the edition stays
    result = run_cli(root, "build", "--stale", "translation", "--threshold", "90")
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert len(parse_html((root / "build/es/la.html").read_text()).find_all(class_="notice-outdated")) == 2
    # shown in English they do not count: the edition goes, and build says which files
    result = run_cli(root, "build", "--threshold", "90")
    [warning] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert "la (es)" in warning and "below the threshold of 90%" in warning
    assert "removed build/es/la.html, build/es/la.md" in warning
    assert not (root / "build/es/la.html").exists()
    # and no page links to the edition that went
    assert broken_links(root / "build") == []
    english = parse_html((root / "build/en/la.html").read_text())
    assert not english.find_all("nav", class_="switcher")  # the original is the only edition left
    assert not english.find_all("link", rel="alternate")


def test_files_named_in_raw_html_are_put_beside_every_page(tmp_path):
    root = make_site(tmp_path, languages=("es",))
    source = root / "source/2026/part-two.md"
    source.write_text(source.read_text() + '\n<figure><img src="../img/map.png" alt="The march"></figure>\n')
    result = run_cli(root, "build", "--threshold", "0")
    assert result.exit_code == 0, result.output
    for language in ("en", "es"):
        page = (root / f"build/{language}/2026/part-two.html").read_text()
        assert '<img src="../img/map.png" alt="The march">' in page  # raw HTML passes through as written
        copy = root / f"build/{language}/img/map.png"
        assert copy.read_bytes() == (root / "source/img/map.png").read_bytes()
        assert copy.samefile(root / "build/assets/img/map.png")  # one file on disk
    assert broken_links(root / "build") == []
    source.write_text(source.read_text().replace("../img/map.png\" alt", "../../outside.png\" alt"))
    result = run_cli(root, "build")
    assert result.exit_code == 2 and "source/2026/part-two.md:9: html '../../outside.png' points outside" \
        in result.stderr
