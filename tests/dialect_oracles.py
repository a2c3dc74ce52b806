"""Each dialect's own renderer, run once on a batch of documents (tests/test_dialects.py).

`render(dialect, documents)` returns one HTML string per document, rendered by a
program independent of bitext's parser: cmark-gfm (PyPI cmarkgfm) for `gfm`, kramdown
(Debian ruby-kramdown, as Jekyll configures it) for `kramdown`, Python-Markdown with
MkDocs' extensions for `mkdocs`, markdown-it with markdown-it-container and
markdown-it-attrs (npm, on node) for `vitepress`, pandoc for `pandoc`, hugo on a
throw-away site for `hugo`, markdown-it-py's CommonMark for `commonmark`.  When the
renderer is missing, `missing(dialect)` says what to install (.ci/run installs all).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

ORACLES = Path(__file__).parent / "dialects" / "oracles"
# .ci/run installs the npm packages in .ci/node_modules; BITEXT_NODE_MODULES names another folder
NODE_MODULES = [Path(folder) for folder in (os.environ.get("BITEXT_NODE_MODULES"),) if folder] + [
    Path(__file__).parent.parent / ".ci" / "node_modules"]
FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.S)


def _node_modules() -> Path | None:
    for folder in NODE_MODULES:
        if (folder / "markdown-it-container").is_dir() and (folder / "markdown-it-attrs").is_dir():
            return folder
    return None


def missing(dialect: str) -> str | None:
    """What is missing to render `dialect`, or None."""
    if dialect == "gfm":
        try:
            import cmarkgfm  # noqa: F401
        except ImportError:
            return "PyPI cmarkgfm"
    elif dialect == "mkdocs":
        try:
            import markdown  # noqa: F401
        except ImportError:
            return "PyPI markdown"
    elif dialect == "kramdown":
        if not shutil.which("ruby") or subprocess.run(
            ["ruby", "-e", 'require "kramdown"; require "kramdown-parser-gfm"'], capture_output=True
        ).returncode:
            return "Debian ruby-kramdown ruby-kramdown-parser-gfm"
    elif dialect == "vitepress":
        if not shutil.which("node") or _node_modules() is None:
            return "node and npm markdown-it markdown-it-container markdown-it-attrs"
    elif dialect in ("pandoc", "hugo"):
        if not shutil.which(dialect):
            return f"Debian {dialect}"
    return None


def _strip_front_matter(text: str) -> str:
    # Jekyll and MkDocs take the front matter (a YAML mapping) off before their renderer
    # sees the text
    match = FRONT_MATTER.match(text)
    if match and isinstance(yaml.safe_load(match.group(0)[4:-4]), (dict, type(None))):
        return text[match.end():]
    return text


def render(dialect: str, documents: list[str]) -> list[str]:
    return _RENDERERS[dialect](documents)


# Hugo's own shortcodes; any other name a document uses gets a stub template (hugo refuses
# a page calling an unknown shortcode)
_HUGO_BUILTIN = {"figure", "highlight", "param", "ref", "relref", "gist", "instagram", "vimeo", "youtube", "x",
                 "comment", "details", "qr"}
_SHORTCODE = re.compile(r"\{\{[<%]\s*/?\s*([A-Za-z0-9_-]+)")


def _commonmark(documents: list[str]) -> list[str]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    return [md.render(_strip_front_matter(text)) for text in documents]


def _gfm(documents: list[str]) -> list[str]:
    import cmarkgfm
    from cmarkgfm.cmark import Options

    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    return [cmarkgfm.github_flavored_markdown_to_html(_strip_front_matter(text), options) for text in documents]


def _mkdocs(documents: list[str]) -> list[str]:
    import markdown

    md = markdown.Markdown(extensions=["attr_list", "admonition", "def_list", "footnotes", "md_in_html",
                                       "toc", "tables", "fenced_code"])
    out = []
    for text in documents:
        md.reset()
        out.append(md.convert(_strip_front_matter(text)))
    return out


def _kramdown(documents: list[str]) -> list[str]:
    stripped = [_strip_front_matter(text) for text in documents]
    result = subprocess.run(["ruby", str(ORACLES / "kramdown.rb")], input=json.dumps(stripped),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _vitepress(documents: list[str]) -> list[str]:
    stripped = [_strip_front_matter(text) for text in documents]
    env = dict(os.environ, NODE_PATH=str(_node_modules()))
    result = subprocess.run(["node", str(ORACLES / "vitepress.js")], input=json.dumps(stripped),
                            capture_output=True, text=True, check=True, env=env)
    return json.loads(result.stdout)


def _pandoc(documents: list[str]) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        batch = Path(folder) / "batch.md"
        batch.write_text("\n\x1e\n".join(documents), encoding="utf-8")
        subprocess.run(["pandoc", "--lua-filter", str(ORACLES / "pandoc.lua"), "-o", os.devnull],
                       input="x", capture_output=True, text=True, check=True,
                       env=dict(os.environ, BITEXT_BATCH=str(batch)))
        return (Path(folder) / "batch.md.html").read_text(encoding="utf-8").split("\n\x1e\n")


def _hugo(documents: list[str]) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "config.toml").write_text(
            'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", '
            '"section", "404", "robotsTXT"]\n[markup.goldmark.renderer]\nunsafe = true\n'
            '[markup.goldmark.parser.attribute]\nblock = true\ntitle = true\n', encoding="utf-8")
        layouts = site / "layouts" / "_default"
        layouts.mkdir(parents=True)
        (layouts / "single.html").write_text("<title>{{ .Title }}</title>\n{{ .Content }}", encoding="utf-8")
        shortcodes = site / "layouts" / "shortcodes"
        shortcodes.mkdir(parents=True)
        (shortcodes / "note.html").write_text('<aside class="note">{{ .Inner | markdownify }}</aside>',
                                              encoding="utf-8")
        (shortcodes / "version.html").write_text("<b>1.2</b>", encoding="utf-8")
        used = {name for text in documents for name in _SHORTCODE.findall(text)}
        for name in sorted(used - _HUGO_BUILTIN - {"note", "version"}):
            (shortcodes / f"{name}.html").write_text(f'<span class="sc-{name}">{{{{ .Inner }}}}</span>',
                                                     encoding="utf-8")
        content = site / "content"
        content.mkdir()
        for number, text in enumerate(documents):
            if not text.startswith("---\n"):
                text = "---\ntitle: untitled\n---\n" + text
            (content / f"d{number}.md").write_text(text, encoding="utf-8")
        subprocess.run(["hugo", "--quiet", "-s", str(site), "-d", str(site / "public")],
                       capture_output=True, text=True, check=True)
        return [(site / "public" / f"d{number}" / "index.html").read_text(encoding="utf-8")
                for number in range(len(documents))]


_RENDERERS = {"commonmark": _commonmark, "gfm": _gfm, "mkdocs": _mkdocs, "kramdown": _kramdown,
              "vitepress": _vitepress, "pandoc": _pandoc, "hugo": _hugo}
