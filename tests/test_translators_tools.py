"""Translators' tools at the seams: what each tool's library saves keeps CI green for the right reasons.

Each tool saves the publication's catalog (a copy) with one translation changed, the way
the translator's editor or platform would: translate-toolkit (Weblate's storage), polib,
GNU msgcat at other widths, Babel's writer, vim (a long line typed unwrapped), Poedit (a
regional `Language`).  Then `status --check` must stay green (a `layout` difference may
be reported, never `outdated`), `update` must bring back GNU's canonical form without
losing the change or any header field the tool added, and a real change of the English
must still fail, naming the entry.
"""

from __future__ import annotations

import io
import json
import re
import subprocess

import pytest

from bitext.pofile import generate_po, read_po

from conftest import REPO, run_cli

SLUG = "la-immigrant-movement"
PO = f"locales/es/LC_MESSAGES/{SLUG}.po"
TITLE = "A look at the tactics of the immigrant movement in Los Angeles"
# long enough to be wrapped; plain words, so every GNU-like wrapper breaks it at the same place
NEW_TITLE = ("Una mirada a las tácticas del movimiento de inmigrantes en Los Ángeles, en junio "
             "de 2025 y en los meses que siguieron a las redadas")
EDITED_ENGLISH = ("This gave a green light for the sheriffs to brutalize protesters.",
                  "This gave a green light for the police to brutalize protesters.")


def msgcat(data: bytes, *options: str) -> bytes:
    return subprocess.run(["msgcat", *options, "-"], input=data, capture_output=True, check=True).stdout


def header_fields(data: bytes) -> dict[str, str]:
    catalog = read_po(data, PO)
    fields = {}
    for piece in catalog.header.msgstr.split("\n"):
        name, colon, value = piece.partition(":")
        if colon:
            fields[name.strip()] = value.strip()
    return fields


# ---------------------------------------------------------------- the tools' saves

def save_translate_toolkit(data: bytes, width: int | None = None) -> bytes:
    from translate.storage import pypo

    store = pypo.pofile(io.BytesIO(data), **({} if width is None else {"width": width}))
    unit = next(unit for unit in store.units if unit.source == TITLE)
    unit.target = NEW_TITLE
    return bytes(store)


def save_polib(data: bytes, wrapwidth: int = 78) -> bytes:
    import polib

    catalog = polib.pofile(data.decode("utf-8"), wrapwidth=wrapwidth)
    catalog.find(TITLE).msgstr = NEW_TITLE
    catalog.metadata["X-Generator"] = "polib"
    return str(catalog).encode("utf-8")


def save_babel(data: bytes, width: int = 76) -> bytes:
    from babel.messages.pofile import read_po as babel_read_po, write_po

    catalog = babel_read_po(io.BytesIO(data))
    catalog[TITLE].string = NEW_TITLE
    out = io.BytesIO()
    write_po(out, catalog, width=width)
    return out.getvalue()


def _replace_title(data: bytes) -> bytes:
    catalog = read_po(data, PO)
    next(entry for entry in catalog.entries if entry.msgid == TITLE).msgstr = NEW_TITLE
    return generate_po(catalog).encode("utf-8")


def save_msgcat(data: bytes, *options: str) -> bytes:
    return msgcat(_replace_title(data), *options)


def save_vim(data: bytes) -> bytes:
    """A translator in vim: the new translation typed on one line, a long paragraph joined too."""
    text = data.decode("utf-8")
    text = text.replace('msgstr "Una mirada a las tácticas del movimiento inmigrante en Los Ángeles"',
                        f'msgstr "{NEW_TITLE}"')
    # join every wrapped msgstr of one entry into one long line (J in vim, then deleting the quotes)
    text = re.sub(r'msgstr ""\n((?:"[^\n]*"\n)+)',
                  lambda m: 'msgstr "' + "".join(line[1:-1] for line in m.group(1).splitlines()) + '"\n',
                  text, count=3)
    assert NEW_TITLE in text
    return text.encode("utf-8")


def save_poedit_regional(data: bytes) -> bytes:
    """Poedit, Spanish (Spain) picked: `Language: es_ES`, its own X-Generator, GNU's layout."""
    text = _replace_title(data).decode("utf-8")
    text = text.replace('"Language: es\\n"', '"Language: es_ES\\n"')
    text = text.replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"X-Generator: Poedit 3.4.2\\n"')
    return text.encode("utf-8")


def regional(save, declared: str):
    """A tool's save of a catalog whose translator picked a country: `Language: es_MX` and so on."""
    def save_regional(data: bytes) -> bytes:
        return save(data.replace(b'"Language: es\\n"', f'"Language: {declared}\\n"'.encode()))
    return save_regional


TOOLS = {
    "translate-toolkit (Weblate)": save_translate_toolkit,
    "translate-toolkit width 60": lambda data: save_translate_toolkit(data, 60),
    "translate-toolkit no wrap": lambda data: save_translate_toolkit(data, -1),
    "polib": save_polib,
    "polib no wrap": lambda data: save_polib(data, 0),
    "babel write_po": save_babel,
    "msgcat -w 60": lambda data: save_msgcat(data, "-w", "60"),
    "msgcat --no-wrap": lambda data: save_msgcat(data, "--no-wrap"),
    "vim": save_vim,
    "poedit es_ES": save_poedit_regional,
    "babel write_po es_MX": regional(save_babel, "es_MX"),
    "translate-toolkit es-419": regional(save_translate_toolkit, "es-419"),
    "polib es_ES": regional(save_polib, "es_ES"),
}


def status(root, *args):
    result = run_cli(root, "status", "--format", "json", *args)
    return result, json.loads(result.stdout)


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_tools_save_of_correct_work_keeps_ci_green_and_update_restores_gnu_form(repo_copy, tool):
    path = repo_copy / PO
    original = path.read_bytes()
    saved = TOOLS[tool](original)
    assert saved != original
    path.write_bytes(saved)
    added_fields = header_fields(saved)

    check = run_cli(repo_copy, "status", "--check")
    assert check.exit_code == 0, check.output
    github = run_cli(repo_copy, "status", "--check", "--format", "github")
    assert github.exit_code == 0 and "::error" not in github.stdout, github.stdout
    _, data = status(repo_copy)
    catalog = data["catalogs"][0]
    assert catalog["up_to_date"] is True and catalog["translated"] == catalog["segments"] == 33
    # a layout-only difference is said (a notice), and fails only when asked for
    if catalog["layout"]:
        assert "::notice" in github.stdout and "layout:" in github.stdout
        assert run_cli(repo_copy, "status", "--check", "--fail-on", "layout").exit_code == 1
    else:
        assert saved == msgcat(saved)

    assert run_cli(repo_copy, "update").exit_code == 0
    rewritten = path.read_bytes()
    assert msgcat(rewritten) == rewritten  # GNU's canonical form again
    entry = next(e for e in read_po(rewritten, PO).entries if e.msgid == TITLE)
    assert entry.msgstr == NEW_TITLE and not entry.fuzzy
    kept = header_fields(rewritten)
    for name, value in added_fields.items():
        assert kept.get(name) == value, name  # not one field the tool wrote is dropped or changed
    _, data = status(repo_copy)
    assert data["catalogs"][0]["layout"] is False and data["catalogs"][0]["up_to_date"] is True
    assert run_cli(repo_copy, "update").stdout.startswith("nothing to do") and path.read_bytes() == rewritten


@pytest.mark.parametrize("tool", ["translate-toolkit (Weblate)", "polib", "babel write_po", "vim",
                                  "msgcat --no-wrap"])
def test_a_real_change_of_the_english_still_fails_naming_the_entry(repo_copy, tool):
    path = repo_copy / PO
    path.write_bytes(TOOLS[tool](path.read_bytes()))
    source = repo_copy / "source" / f"{SLUG}.md"
    source.write_text(source.read_text().replace(*EDITED_ENGLISH))
    result = run_cli(repo_copy, "status", "--check")
    assert result.exit_code == 1
    assert result.stderr.startswith("bitext: check failed: 1 segment stale, 1 catalog outdated")
    stale = re.search(rf"^{re.escape(PO)}:(\d+): stale: On June 10, the Democratic mayor.*clear the fuzzy flag$",
                      result.stdout, re.M)
    assert stale, result.stdout
    lines = path.read_text().splitlines()
    assert lines[int(stale.group(1)) - 1].startswith("msgid ")
    outdated = re.search(rf"^{re.escape(PO)}:(\d+): outdated: the English of entry \"On June 10, the "
                         r"Democratic mayor.*run `bitext update`", result.stdout, re.M)
    assert outdated and outdated.group(1) == stale.group(1), result.stdout
    github = run_cli(repo_copy, "status", "--check", "--format", "github").stdout
    assert re.search(rf"^::error file={re.escape(PO)},line={stale.group(1)}::stale: On June 10", github, re.M)
    assert f"::error file={PO},line={stale.group(1)}::outdated: the English of entry" in github


def test_translate_toolkit_at_its_default_width_saves_what_gnu_saves():
    """Weblate's default (translate-toolkit's width 77) wraps plain text exactly as GNU's 79 columns."""
    original = (REPO / PO).read_bytes()
    for width in (None, 77):
        saved = save_translate_toolkit(original, width)
        assert saved == msgcat(saved) == _replace_title(original)
    assert save_translate_toolkit(original, 60) != _replace_title(original)


def test_polib_and_babel_have_no_setting_that_saves_what_gnu_saves():
    """Documented in docs/translators.md: their layout always differs, so it is `layout`, never `outdated`."""
    original = (REPO / PO).read_bytes()
    gnu = _replace_title(original)
    for wrapwidth in (0, 76, 77, 78, 79, 80):
        # polib wraps translator comments too, and breaks strings with textwrap
        assert save_polib(original, wrapwidth).replace(b'"X-Generator: polib\\n"\n', b"") != gnu
    for width in (76, 79, 80):
        assert save_babel(original, width) != gnu


@pytest.mark.parametrize("declared", ["es_ES", "es-419", "es_MX", "es-ES"])
def test_a_regional_variant_of_the_folders_language_is_accepted_and_kept(repo_copy, declared):
    path = repo_copy / PO
    path.write_text(path.read_text().replace('"Language: es\\n"', f'"Language: {declared}\\n"'))
    result = run_cli(repo_copy, "status", "--check")
    assert result.exit_code == 0, result.output
    run_cli(repo_copy, "update")
    assert f'"Language: {declared}\\n"' in path.read_text()
    assert run_cli(repo_copy, "build").exit_code == 0


def test_another_language_in_the_folder_is_an_error_at_the_header_line(repo_copy):
    path = repo_copy / PO
    text = path.read_text().replace('"Language: es\\n"', '"Language: fr\\n"')
    path.write_text(text)
    line = text.splitlines().index('"Language: fr\\n"') + 1
    for command in ("status", "update", "build"):
        result = run_cli(repo_copy, command)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"bitext: error: {PO}:{line}: catalog declares Language: fr, "
                                        "but its folder is 'es'"), result.stderr
    assert path.read_text() == text


def test_same_language():
    from bitext.errors import SettingsError
    from bitext.lang import same_language

    assert same_language("es_ES", "es") and same_language("es-419", "es") and same_language("es", "es")
    assert same_language("pt", "pt_BR") and same_language("pt-BR", "pt_BR")
    assert not same_language("pt_PT", "pt_BR") and not same_language("fr", "es")
    assert not same_language("zh_Hant", "zh_Hans")
    with pytest.raises(SettingsError):
        same_language("Spanish (Spain)", "es")


def _review_with_translate_toolkit(data: bytes, msgid: str, translation: str) -> bytes:
    from translate.storage import pypo

    store = pypo.pofile(io.BytesIO(data))
    unit = next(unit for unit in store.units if unit.source == msgid)
    unit.target = translation
    unit.markfuzzy(False)
    return bytes(store)


def _review_with_polib(data: bytes, msgid: str, translation: str) -> bytes:
    import polib

    catalog = polib.pofile(data.decode("utf-8"))
    entry = catalog.find(msgid)
    entry.msgstr = translation
    entry.flags.remove("fuzzy")  # what a script or a tool on polib does; previous_msgid stays
    return str(catalog).encode("utf-8")


@pytest.mark.parametrize("review", [_review_with_translate_toolkit, _review_with_polib])
def test_a_stale_entry_reviewed_in_a_tool_is_green_and_update_drops_its_previous_msgid(repo_copy, review):
    source = repo_copy / "source" / f"{SLUG}.md"
    source.write_text(source.read_text().replace(*EDITED_ENGLISH))
    run_cli(repo_copy, "update")
    path = repo_copy / PO
    catalog = read_po(path.read_bytes(), PO)
    stale = next(entry for entry in catalog.entries if entry.fuzzy)
    assert EDITED_ENGLISH[0] in stale.previous_msgid
    revised = stale.msgstr.replace("a los agentes del sheriff", "a la policía")
    assert revised != stale.msgstr
    path.write_bytes(review(path.read_bytes(), stale.msgid, revised))

    result = run_cli(repo_copy, "status", "--check")
    assert result.exit_code == 0, result.output
    _, data = status(repo_copy)
    assert data["catalogs"][0]["stale"] == 0 and data["catalogs"][0]["up_to_date"] is True
    run_cli(repo_copy, "update")
    after = read_po(path.read_bytes(), PO)
    entry = next(entry for entry in after.entries if entry.msgid == stale.msgid)
    assert entry.msgstr == revised and not entry.fuzzy and entry.previous_msgid is None
    assert "#|" not in path.read_text()
