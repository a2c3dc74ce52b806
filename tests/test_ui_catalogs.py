"""bitext's own page words: every string the templates and outputs mark for translation is in
the shipped Spanish and French catalogs, translated, with the same placeholders; the catalogs
hold nothing else; they load and pass GNU msgfmt's checks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import bitext.outputs
from bitext.outputs.i18n import shipped_languages, ui_translations

OUTPUTS = Path(bitext.outputs.__file__).parent
LOCALE = OUTPUTS / "locale"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def extracted() -> set[str | tuple[str, str]]:
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(OUTPUTS), METHODS, OPTIONS):
        messages.add(message if isinstance(message, str) else tuple(message[:2]))
    return messages


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)s", text))


def test_spanish_and_french_are_shipped():
    assert shipped_languages() == ["es", "fr"]


def test_the_templates_mark_their_words():
    messages = extracted()
    assert len(messages) > 40
    for expected in ("All articles", "Side by side: %(source)s and %(target)s", "outdated translation",
                     ("%(count)s article", "%(count)s articles")):
        assert expected in messages


@pytest.mark.parametrize("language", ["es", "fr"])
def test_every_template_string_is_in_the_catalog_and_translated(language):
    path = LOCALE / language / "LC_MESSAGES" / "bitext.po"
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=language)
    entries = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        entries[key] = message
    messages = extracted()
    assert sorted(map(str, messages - set(entries))) == []  # missing from the catalog
    assert sorted(map(str, set(entries) - messages)) == []  # no longer used by any template
    for key, message in entries.items():
        assert not message.fuzzy, key
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        sources = key if isinstance(key, tuple) else (key,)
        assert all(strings), key
        for string in strings:
            assert placeholders(string) == placeholders(sources[-1]), key


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("language", ["es", "fr"])
def test_catalogs_pass_msgfmt_check(language):
    path = LOCALE / language / "LC_MESSAGES" / "bitext.po"
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_translations_load_and_fall_back():
    spanish = ui_translations("es_MX")  # a regional variant uses its language's catalog
    assert spanish.language == "es" and not spanish.fallback
    assert spanish.translations.gettext("All articles") == "Todos los artículos"
    assert spanish.translations.ngettext("%(count)s article", "%(count)s articles", 2) == "%(count)s artículos"
    german = ui_translations("de")
    assert german.fallback and german.language == "en"
    assert german.translations.gettext("All articles") == "All articles"
    assert not ui_translations("en_GB").fallback  # the words are English already
