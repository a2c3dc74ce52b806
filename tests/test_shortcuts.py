"""The parser's and the segmenter's shortcuts give exactly what they stand for.

- URLs: `_normalize_link` / `_normalize_link_text` take a plain http(s) URL as it is
  (`_PLAIN_URL`) instead of parsing, re-assembling and encoding it; on every generated URL,
  plain or not, they must equal markdown-it's own `normalizeLink` / `normalizeLinkText`.
- Logging: markdown-it's block rules log a debug message each time they are tried; the
  parser makes those calls do nothing (unless debug logging was on when it was built).
- `strip_syntax` runs each of its patterns only on text that holds what its matches must.
- `language_name` asks Babel once per pair of codes.
- a reading keeps its block signature only for a build, which rebuilds what it reads.
- `Settings.abspath` splits a usual relative path itself (`_posix_parts`), as pathlib would.
- the build record's reader looks for a surrogate escape only in a line holding `\\u`.
"""

from __future__ import annotations

import logging

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common import normalize_url

from bitext.segment import parser
from bitext.segment.parser import _PLAIN_URL, _normalize_link, _normalize_link_text, get_parser, parse_inline

PLAIN = [
    "https://example.org/question/lizakit-304",
    "http://example.org",
    "https://www.ap.org/news/a-b_c~d.html?x=1&y=2#top",
    "https://EXAMPLE.org/Path/(1)/;a=b,c@d:e$f+g!h*i'j",
    "https://xn--mnchen-3ya.de/stadt",  # plain for the link; its text shows the host decoded
]
NOT_PLAIN = [
    "https://example.org/a%20b",  # an escape: the encoder keeps it, but it is its business
    "https://example.org/a b",
    "https://example.org:8080/x",  # a port
    "https://user@example.org/x",
    "https://exa_mple.org/x",
    "https://münchen.de/stadt",
    "https://example.org/ñ",
    "mailto:someone@example.org",
    "/relative/path",
    "https://" + "a" * 64 + ".org/x",  # a label longer than mdurl's host check allows
]


def test_plain_urls_take_the_short_way_and_the_others_do_not():
    assert all(_PLAIN_URL.fullmatch(url) for url in PLAIN)
    assert not any(_PLAIN_URL.fullmatch(url) for url in NOT_PLAIN)


def test_each_listed_url_is_normalised_as_markdown_it_does():
    for url in PLAIN + NOT_PLAIN:
        assert _normalize_link(url) == normalize_url.normalizeLink(url), url
        assert _normalize_link_text(url) == normalize_url.normalizeLinkText(url), url
    assert _normalize_link_text("https://xn--mnchen-3ya.de/stadt") == "https://münchen.de/stadt"


_LABEL = st.text(st.sampled_from("abcXYZ019-_ñ"), min_size=0, max_size=70) | st.just("xn--mnchen-3ya")
_PATH = st.text(st.sampled_from("abZ09/;?:@&=+$,-_.!~*'()#% \\[]<>\"ñ€\t"), max_size=30)


@st.composite
def urls(draw):
    scheme = draw(st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "mailto:", "//", "", "javascript:"]))
    host = ".".join(draw(st.lists(_LABEL, min_size=0, max_size=4)))
    port = draw(st.sampled_from(["", "", ":", ":80", ":x"]))
    user = draw(st.sampled_from(["", "", "u@", "u:p@"]))
    path = draw(st.sampled_from(["", "/"])) + draw(_PATH)
    return scheme + user + host + port + path


@settings(max_examples=600, deadline=None)
@given(urls())
def test_generated_urls_are_normalised_as_markdown_it_does(url):
    assert _normalize_link(url) == normalize_url.normalizeLink(url)
    assert _normalize_link_text(url) == normalize_url.normalizeLinkText(url)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LABEL.filter(lambda label: 0 < len(label) <= 63 and "ñ" not in label and "_" not in label),
                min_size=1, max_size=4),
       st.text(st.sampled_from("abZ09/;?:@&=+$,-_.!~*'()#"), max_size=30))
def test_generated_plain_urls_are_themselves(labels, path):
    url = "https://" + ".".join(labels) + "/" + path
    assert _PLAIN_URL.fullmatch(url)
    assert normalize_url.normalizeLink(url) == url == _normalize_link(url)
    if "xn--" not in url.lower():
        assert normalize_url.normalizeLinkText(url) == url == _normalize_link_text(url)


def test_links_in_a_parse_carry_markdown_it_s_urls():
    text = "[a](https://example.org/x?y=1#z) <https://example.org/auto> [b](https://example.org/a%20b)"
    hrefs = [token.attrGet("href") for token in parse_inline(text) if token.type == "link_open"]
    assert hrefs == ["https://example.org/x?y=1#z", "https://example.org/auto", "https://example.org/a%20b"]


def test_a_parse_logs_nothing_and_calls_no_logger(monkeypatch):
    calls = []
    monkeypatch.setattr(logging.Logger, "debug", lambda self, *args, **kwargs: calls.append(self.name))
    get_parser().parse("# Title\n\n> quote\n\n- item\n\n```\ncode\n```\n\nText *with* [a link](https://x.org/).\n", {})
    assert calls == []


def test_debug_logging_that_is_on_stays_on():
    logger = logging.getLogger("markdown_it.rules_block.paragraph")
    saved_level, saved_debug = logger.level, logger.__dict__.pop("debug", None)
    try:
        logger.setLevel(logging.DEBUG)
        parser._quiet_debug_logging()
        assert "debug" not in logger.__dict__
        logger.setLevel(logging.WARNING)
        parser._quiet_debug_logging()
        assert logger.__dict__.get("debug") is parser._ignore
    finally:
        logger.setLevel(saved_level)
        if saved_debug is not None:
            logger.debug = saved_debug


_SYNTAX_PIECES = list("ab é{}%<>-#.:=/@wmtilo \n\t") + [
    "{{< x >}}", "{% raw %}", "{{ site.url }}", "{: .note}", "{#id}", "{target=_blank}",
    "https://", "www.", "mailto:", "a@b.cd"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SYNTAX_PIECES), max_size=20).map("".join))
def test_strip_syntax_runs_its_patterns_only_where_they_can_match(text):
    from bitext.segment.syntax import _URL, INLINE_SYNTAX, strip_syntax

    assert strip_syntax(text) == _URL.sub(" ", INLINE_SYNTAX.sub(" ", text))


def test_a_language_s_name_is_asked_of_babel_once(monkeypatch):
    from babel.core import Locale

    from bitext.lang import language_name

    language_name.cache_clear()
    asked = []
    real = Locale.get_display_name
    monkeypatch.setattr(Locale, "get_display_name", lambda self, locale=None: asked.append(1) or real(self, locale))
    assert [language_name("es"), language_name("es"), language_name("es", "en")] == ["español", "español", "Spanish"]
    assert len(asked) == 2


def test_only_a_build_keeps_each_reading_s_block_signature_and_a_rebuild_finds_the_same():
    from bitext.segment import markdown

    text = "# Title\n\n- one\n- two\n\n> a quote\n\n| a | b |\n|---|---|\n| c | d |\n"
    saved = markdown._KEEP_SIGNATURES
    try:
        markdown.keep_signatures(False)  # update, status: nothing is rebuilt
        assert markdown.read_markdown(text, "a.md", [])[2].signature is None
        markdown.keep_signatures()  # build
        kept = markdown.read_markdown(text, "a.md", [])[2].signature
    finally:
        markdown.keep_signatures(saved)
    assert kept == markdown._block_signature(text, "commonmark") and "table_open" in kept


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", ".", "..", "", " ", "\\", "é", "locales", "es.po"]), max_size=6))
def test_a_relative_path_is_split_as_pathlib_splits_it(pieces):
    from pathlib import PurePosixPath

    from bitext.config import _posix_parts

    relative = "/".join(pieces)
    assert _posix_parts(relative) == PurePosixPath(relative).parts


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"\\", b"u", b"d", b"D", b"8", b"f", b"a", b'"', b"x", b"\\u", b"\\ud8"]),
                max_size=12))
def test_a_surrogate_escape_is_only_where_a_backslash_u_is(pieces):
    from bitext.buildcache import _SURROGATE_ESCAPE

    data = b"".join(pieces)
    if _SURROGATE_ESCAPE.search(data):
        assert b"\\u" in data
