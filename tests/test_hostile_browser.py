"""The hostile corpus (tests/hostile/) built and opened in a real browser: no script runs.

Every case that is not a `refuse-` case is placed in a fresh copy of `tests/hostile/base/`
(see tests/hostile/README.md) and built with `--threshold 0 --stale translation`, so that
every page exists and outdated translations are shown too.  Then:

- every page `build` wrote is loaded from its file:// URL in Debian's Chromium (one browser
  for all of them) with a dialog hook (`alert`, `confirm`, `prompt`, `print` dialogs), a
  listener on every request and on every navigation; each `javascript:` link on the page is
  clicked.  No dialog may open, no request may leave file:, no frame may navigate to a
  `javascript:` URL, and no page of a catalog or settings case may even make the policy
  refuse something (the console says when it does).  A source case keeps its own raw HTML (`raw_html = "keep"`): there the
  Content-Security-Policy is what stops it, and this is where that is proved;
- without a browser: every TMX parses as XML, every page carries the policy, and for a
  catalog case no output (the `.md` edition rendered by a renderer that keeps raw HTML and
  every link scheme included) holds a link, image, element or event handler the untranslated
  build lacks.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from bitext.outputs.html import CONTENT_SECURITY_POLICY
from conftest import run_cli
from outputs_sample import inventory_html, parse_html

HOSTILE = Path(__file__).parent / "hostile"
FOLDERS = {"source": None, "catalog": "locales/es/LC_MESSAGES/article.po", "settings": "bitext.toml"}
# Cases about size and about links leaving the publication are test_hostile.py's; pages are
# about what a text can make a browser do.
MAX_CASE_BYTES = 256_000


def _cases() -> list[Path]:
    found = []
    for folder in FOLDERS:
        for path in sorted((HOSTILE / folder).glob("*")):
            if (path.is_file() and not path.is_symlink() and not path.name.startswith("refuse-")
                    and path.suffix in (".md", ".txt", ".po", ".toml") and path.stat().st_size <= MAX_CASE_BYTES):
                found.append(path)
    return found


CASES = _cases()


def _case_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _place(case: Path, root: Path) -> None:
    shutil.copytree(HOSTILE / "base", root)
    target = FOLDERS[case.parent.name] or f"source/{case.name}"
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(case, root / target)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Each case built once: case id -> its publication root."""
    roots = {}
    for case in CASES:
        root = tmp_path_factory.mktemp("hostile") / "publication"
        _place(case, root)
        result = run_cli(root, "build", "--threshold", "0", "--stale", "translation")
        assert result.exit_code in (0, 1), (_case_id(case), result.output)
        roots[_case_id(case)] = root
    return roots


@pytest.fixture(scope="module")
def untranslated(tmp_path_factory) -> Path:
    """The base publication built with no catalog: what the English alone gives."""
    root = tmp_path_factory.mktemp("hostile") / "publication"
    shutil.copytree(HOSTILE / "base", root)
    assert run_cli(root, "build", "--threshold", "0").exit_code == 0
    return root


def _pages(root: Path) -> list[Path]:
    return sorted((root / "build").rglob("*.html"))


def test_the_corpus_has_the_cases_it_promises():
    names = [path.name for path in CASES]
    assert sum(name.startswith("xss-") for name in names) >= 20
    assert any(path.suffix == ".txt" for path in CASES)


# --- without a browser ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_every_tmx_is_well_formed_and_every_page_has_the_policy(built, case):
    root = built[_case_id(case)]
    tmx = sorted((root / "build").rglob("*.tmx"))
    assert tmx, "build wrote no TMX"
    for path in tmx:
        ET.parse(path)  # expat refuses any character XML 1.0 forbids
    pages = _pages(root)
    assert any(page.name == "index.html" for page in pages)
    for page in pages:
        metas = [node.attrs.get("content") for node in parse_html(page.read_text("utf-8")).find_all("meta")
                 if (node.attrs.get("http-equiv") or "").lower() == "content-security-policy"]
        assert metas == [CONTENT_SECURITY_POLICY], page.name


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # as renderers that do not drop javascript: links
    return md


def _article_outputs(root: Path) -> dict[str, str]:
    """The base article's pages, and its .md edition rendered to HTML."""
    folder = root / "build" / "es"
    outputs = {name: (folder / name).read_text("utf-8") for name in ("article.html", "article.bilingual.html")}
    outputs["article.md"] = _renderer().render((folder / "article.md").read_text("utf-8").split("---\n", 2)[-1])
    return outputs


def _resources(html: str) -> set[str]:
    root = parse_html(html)
    found = set()
    for node in root.iter():
        for name in ("href", "src", "action", "formaction", "data", "srcdoc", "content"):
            value = node.attrs.get(name)
            if value and not value.startswith("#") and node.tag != "meta":
                found.add(f"{node.tag}[{name}]={value}")
    return found


CATALOG_CASES = [case for case in CASES if case.parent.name == "catalog"]
FORBIDDEN_ELEMENTS = {"script", "svg", "iframe", "object", "embed", "style", "meta", "base", "form", "link", "math"}


@pytest.mark.parametrize("case", CATALOG_CASES, ids=_case_id)
def test_a_hostile_catalog_adds_nothing_to_any_output(built, untranslated, case):
    got = _article_outputs(built[_case_id(case)])
    baseline = _article_outputs(untranslated)
    for name, html in got.items():
        assert _resources(html) <= _resources(baseline[name]), (name, _resources(html) - _resources(baseline[name]))
        inventory, base_inventory = inventory_html(html), inventory_html(baseline[name])
        assert inventory.event_handlers == 0, name
        added = set(inventory.tags) - set(base_inventory.tags)
        assert not added & FORBIDDEN_ELEMENTS, (name, added)
        # inline markup a translation may carry, and the marks of an outdated one (bilingual page)
        assert not (set(inventory.tags) - {"br", "em", "strong", "code", "b", "del", "ins", "span"}) - set(base_inventory.tags), name


# --- in Chromium (the `browser` fixture is conftest's) -----------------------------------------


_CLICK_JAVASCRIPT_LINKS = """() => {
    const links = [...document.querySelectorAll('a[href]')]
        .filter(a => a.getAttribute('href').replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase().startsWith('javascript:'));
    links.forEach(a => a.click());
    return links.length;
}"""


def test_no_page_of_any_case_runs_a_script(browser, built):
    context = browser.new_context()
    seen: dict[str, list[str]] = {"dialogs": [], "requests": [], "navigations": []}
    current = {"page": ""}

    def on_route(route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            seen["requests"].append(f"{current['page']}: {url}")
            route.abort()

    context.route("**/*", on_route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (seen["dialogs"].append(f"{current['page']}: {dialog.type} {dialog.message}"),
                                      dialog.dismiss()))
    page.on("framenavigated", lambda frame: frame.url.lower().startswith("javascript:")
            and seen["navigations"].append(f"{current['page']}: {frame.url}"))
    # what the policy refused: a source's own raw HTML may try; nothing from a catalog may
    refused: list[str] = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and refused.append(f"{current['page']}: {message.text[:120]}"))
    loaded = 0
    clicked: dict[str, int] = {}
    for case_id, root in built.items():
        for path in _pages(root):
            current["page"] = f"{case_id} {path.relative_to(root)}"
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            clicked[current["page"]] = page.evaluate(_CLICK_JAVASCRIPT_LINKS)
            page.wait_for_timeout(20)  # let a clicked link or a timer fire, if anything could
            loaded += 1
    # after every page: anything still pending has had its chance
    page.wait_for_timeout(200)
    context.close()
    assert loaded >= 3 * len(built)
    assert seen == {"dialogs": [], "requests": [], "navigations": []}
    # a translation never brings a javascript: link; a source's own raw HTML may (kept, as
    # `raw_html = "keep"` says), and clicking it opened nothing above: the policy held
    assert [name for name, count in clicked.items() if count and name.startswith("catalog/")] == []
    assert sum(clicked.values()) > 0
    assert [line for line in refused if not line.startswith("source/")] == []
    assert any(line.startswith("source/xss-raw-html-script.md") for line in refused)
