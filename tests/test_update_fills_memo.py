"""`update` fills the status memo (bitext.statusmemo.remember_update): the `status` that follows
it answers the catalogs `update` left as they were from the memo, from the very first run, and
says exactly what a `status` without a memo says.

Each publication is brought to a committed state without a memo (`BITEXT_CACHE_DIR` empty),
then `update` and `status` run as a pre-commit hook or CI job runs them, with a memo folder of
their own that starts empty; a spy on the merge proves which catalogs `status` planned.
"""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest

from conftest import PO, clear_one_fuzzy_keeping_size_and_time, run_cli, snapshot, status_outputs, translate_catalog

FORMATS = (("--format", "json"), ("--format", "github", "--check"),
           ("--check", "--fail-on", "stale,untranslated,outdated,layout"), ())
FR = "locales/fr/LC_MESSAGES/la.po"
OTHER = textwrap.dedent("""\
    # Another article

    Teachers organised patrols.

    A paragraph nobody translated yet.
    """)


@pytest.fixture
def memo(tmp_path_factory):
    return tmp_path_factory.mktemp("memo")


def statuses(root, monkeypatch, folder) -> list[tuple[int, str]]:
    """Every format's exit code and output, with the memo in `folder` ("": no memo)."""
    found = status_outputs(root, monkeypatch, folder, FORMATS)
    assert all(code in (0, 1) for code, _output in found), found
    return found


def committed(root, monkeypatch, *args: str) -> None:
    """`update` without a memo: the state a contributor commits."""
    monkeypatch.setenv("BITEXT_CACHE_DIR", "")
    result = run_cli(root, "update", *args)
    assert result.exit_code == 0, result.output


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def untranslated(root, monkeypatch) -> None:
    committed(root, monkeypatch)


def translated(root, monkeypatch) -> None:
    committed(root, monkeypatch)
    translate_catalog(root)


def stale_and_obsolete(root, monkeypatch) -> None:
    """Fuzzy entries with their previous English, an obsolete one, and an untranslated one."""
    committed(root, monkeypatch)
    translate_catalog(root)
    source = root / "source" / "la.md"
    edit(source, "Teachers organised patrols.", "Teachers organised the patrols.")  # stale
    edit(source, "> Papers for all!", "> Papers for everyone, now and always!")  # obsolete, new
    edit(source, "The community came out.", "The community came out.\nAnd stayed.")  # stale
    committed(root, monkeypatch)


def two_languages_two_articles(root, monkeypatch) -> None:
    (root / "bitext.toml").write_text('languages = ["es", "fr"]\n', encoding="utf-8")
    (root / "source" / "other.md").write_text(OTHER, encoding="utf-8")
    committed(root, monkeypatch)
    translate_catalog(root, fuzzy=True)  # es: every entry stale
    edit(root / FR, 'msgid "Teachers organised patrols."\nmsgstr ""',
         'msgid "Teachers organised patrols."\nmsgstr "Des enseignants ont organisé des patrouilles."')
    committed(root, monkeypatch)


def translation_memory(root, monkeypatch) -> None:
    """New segments pre-filled from another catalog and from a memory file."""
    (root / "bitext.toml").write_text('languages = ["es"]\nmemory = ["memory/*.po"]\n', encoding="utf-8")
    (root / "memory").mkdir()
    (root / "memory" / "old.po").write_text(textwrap.dedent("""\
        msgid ""
        msgstr ""
        "Language: es\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"

        msgid "A paragraph nobody translated yet."
        msgstr "Un párrafo que nadie tradujo aún."
        """), encoding="utf-8")
    committed(root, monkeypatch)
    translate_catalog(root)
    (root / "source" / "other.md").write_text(OTHER, encoding="utf-8")
    monkeypatch.setenv("BITEXT_CACHE_DIR", "")
    result = run_cli(root, "update")
    assert "pre-filled (exact) from article la" in result.stdout
    assert "pre-filled (exact) from memory/old.po" in result.stdout


SCENARIOS = [untranslated, translated, stale_and_obsolete, two_languages_two_articles, translation_memory]


def catalogs(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in (root / "locales").rglob("*.po"))


def remembered(folder) -> dict:
    """The entries of the memo in `folder` (a test's memo folder holds one publication's; the
    translation memory's pairs, which `update` keeps there too, are not the memo)."""
    found = list(folder.glob("status-*.json"))
    assert len(found) <= 1
    return json.loads(found[0].read_text())["catalogs"] if found else {}


def assert_status_remembers_the_same(root, monkeypatch, filled_by_update, tmp_path_factory) -> None:
    """What `update` remembered is, entry for entry, what a `status` remembers (the same rules)."""
    own = tmp_path_factory.mktemp("status-memo")
    statuses(root, monkeypatch, own)
    assert remembered(filled_by_update) == remembered(own)


@pytest.mark.parametrize("update_args", [(), ("--no-memory",)], ids=["memory", "no-memory"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_status_after_update_answers_from_the_memo_as_without_it(publication, memo, merges, monkeypatch,
                                                                  tmp_path_factory, scenario, update_args):
    scenario(publication, monkeypatch)
    planned = statuses(publication, monkeypatch, "")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(memo))
    result = run_cli(publication, "update", *update_args)
    assert result.exit_code == 0 and result.stdout.startswith("nothing to do"), result.output
    assert_status_remembers_the_same(publication, monkeypatch, memo, tmp_path_factory)
    merges.clear()
    assert statuses(publication, monkeypatch, memo) == planned
    assert merges == []  # no catalog read and merged: update left the answers
    document = json.loads(next(memo.glob("status-*.json")).read_text())
    assert sorted(document["catalogs"]) == catalogs(publication)


def test_the_states_are_there_to_be_remembered(publication, monkeypatch):
    """The scenarios hold what they say: translated, stale, untranslated and obsolete entries."""
    totals = {}
    for scenario in SCENARIOS:
        root = publication / scenario.__name__
        (root / "source").mkdir(parents=True)
        shutil.copy(publication / "source" / "la.md", root / "source" / "la.md")
        shutil.copy(publication / "bitext.toml", root / "bitext.toml")
        scenario(root, monkeypatch)
        found = statuses(root, monkeypatch, "")
        totals[scenario.__name__] = json.loads(found[0][1])["totals"]
    assert totals["untranslated"]["untranslated"] == totals["untranslated"]["segments"] > 0
    assert totals["translated"]["translated"] == totals["translated"]["segments"] > 0
    stale = totals["stale_and_obsolete"]
    assert stale["stale"] >= 2 and stale["obsolete"] >= 1 and stale["untranslated"] >= 1
    mixed = totals["two_languages_two_articles"]
    assert mixed["stale"] > 0 and mixed["translated"] > 0 and mixed["untranslated"] > 0
    memory = totals["translation_memory"]
    assert memory["untranslated"] == 1 and memory["translated"] == memory["segments"] - 1  # but the new heading


def test_catalogs_update_writes_are_planned_by_status(publication, memo, merges, monkeypatch):
    """A catalog `update` writes is not remembered (its status is that of the bytes written);
    the others still are, and every answer is the answer without a memo."""
    two_languages_two_articles(publication, monkeypatch)
    edit(publication / "source" / "la.md", "Teachers organised patrols.", "Teachers organised the patrols.")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(memo))
    result = run_cli(publication, "update")
    assert result.exit_code == 0 and "2 catalogs written" in result.stdout, result.output
    planned = statuses(publication, monkeypatch, "")
    merges.clear()
    found = statuses(publication, monkeypatch, memo)
    assert found == planned
    assert len(merges) == 2  # la's two catalogs, once: other's came from the memo, then la's too
    merges.clear()
    assert statuses(publication, monkeypatch, memo) == planned
    assert merges == []


def test_a_translators_save_after_update_is_seen(publication, memo, merges, monkeypatch):
    translated(publication, monkeypatch)
    translate_catalog(publication, fuzzy=True)
    committed(publication, monkeypatch)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(memo))
    run_cli(publication, "update")
    before = json.loads(statuses(publication, monkeypatch, memo)[0][1])["catalogs"][0]
    assert before["stale"] == before["segments"]
    clear_one_fuzzy_keeping_size_and_time(publication / PO)  # the translator's save
    merges.clear()
    found = statuses(publication, monkeypatch, memo)
    assert merges  # planned again: its bytes are not the ones update remembered
    assert found == statuses(publication, monkeypatch, "")
    now = json.loads(found[0][1])["catalogs"][0]
    assert now["stale"] == before["stale"] - 1 and now["translated"] == 1


def test_an_unusable_memo_never_fails_update(publication, monkeypatch, tmp_path_factory):
    """A memo below a file, a memo that is a folder, a damaged memo: `update` says and writes
    what it does without a memo, run after run."""
    from bitext.config import load_settings
    from bitext.statusmemo import memo_file

    stale_and_obsolete(publication, monkeypatch)
    edit(publication / "source" / "la.md", "Over 200,000 people marched.", "Over 300,000 people marched.")

    def copy():
        root = tmp_path_factory.mktemp("copy")
        shutil.copytree(publication, root, dirs_exist_ok=True)
        return root

    reference = copy()
    monkeypatch.setenv("BITEXT_CACHE_DIR", "")
    expected = [run_cli(reference, "update") for _ in range(2)]  # writing catalogs, then none
    assert "written" in expected[0].stdout and expected[1].stdout.startswith("nothing to do")
    planned = statuses(reference, monkeypatch, "")
    unusable = tmp_path_factory.mktemp("unusable")
    (unusable / "a-file").write_text("not a folder\n")
    for folder, damage in ((unusable / "a-file" / "memo", None), (unusable / "folder", "folder"),
                           (unusable / "damaged", '{"format": 1, "catalogs": [')):
        root = copy()
        monkeypatch.setenv("BITEXT_CACHE_DIR", str(folder))
        target = memo_file(load_settings(root))
        if damage == "folder":
            target.mkdir(parents=True)
        elif damage is not None:
            folder.mkdir()
            target.write_text(damage)
        for wanted in expected:
            result = run_cli(root, "update")
            assert (result.exit_code, result.stdout, result.stderr) == \
                (wanted.exit_code, wanted.stdout, wanted.stderr)
        assert snapshot(root) == snapshot(reference)
        assert statuses(root, monkeypatch, folder) == planned
        if damage is not None and damage != "folder":  # replaced by a sound memo
            assert PO in json.loads(target.read_text())["catalogs"]


def test_no_memo_folder_no_memo(publication, monkeypatch, tmp_path):
    """`BITEXT_CACHE_DIR=` (empty): update writes no memo, not even in the default folder."""
    translated(publication, monkeypatch)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BITEXT_CACHE_DIR", "")
    before = snapshot(publication)
    assert run_cli(publication, "update").exit_code == 0
    assert snapshot(publication) == before
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_update_of_some_languages_keeps_what_the_others_remembered(publication, memo, merges, monkeypatch):
    two_languages_two_articles(publication, monkeypatch)
    planned = statuses(publication, monkeypatch, "")
    statuses(publication, monkeypatch, memo)  # fills every catalog's entry
    memo_path = next(memo.glob("status-*.json"))
    document = json.loads(memo_path.read_text())
    spoilt = [path for path in document["catalogs"] if path.startswith("locales/es/")]
    assert len(spoilt) == 2 and len(document["catalogs"]) == 4
    for path in spoilt:
        document["catalogs"][path]["key"] = "spoilt"
    memo_path.write_text(json.dumps(document))
    assert run_cli(publication, "update", "--lang", "es").stdout.startswith("nothing to do")
    merges.clear()
    assert statuses(publication, monkeypatch, memo) == planned
    assert merges == []  # es's entries filled again by update, fr's kept


def test_purge_obsolete_leaves_the_memo_to_status(publication, memo, merges, monkeypatch):
    stale_and_obsolete(publication, monkeypatch)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(memo))
    assert "1 catalog written" in run_cli(publication, "update", "--purge-obsolete").stdout
    assert run_cli(publication, "update", "--purge-obsolete").stdout.startswith("nothing to do")
    merges.clear()
    found = statuses(publication, monkeypatch, memo)
    assert merges  # planned by status: `update --purge-obsolete` remembers nothing
    assert found == statuses(publication, monkeypatch, "")
    assert json.loads(found[0][1])["totals"]["obsolete"] == 0


def test_an_update_run_again_does_not_count_what_is_remembered(publication, memo, monkeypatch):
    """An entry already remembered from the same inputs is kept as it is, not computed again."""
    import bitext.publication

    two_languages_two_articles(publication, monkeypatch)
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(memo))
    run_cli(publication, "update")
    memo_path = next(memo.glob("status-*.json"))
    filled = memo_path.read_bytes()
    counted = []
    real = bitext.publication.status_of
    monkeypatch.setattr(bitext.publication, "status_of", lambda *a, **k: counted.append(1) or real(*a, **k))
    assert run_cli(publication, "update").stdout.startswith("nothing to do")
    assert counted == [] and memo_path.read_bytes() == filled


def test_this_repositorys_publication(repo_copy, memo, merges, monkeypatch, tmp_path_factory):
    """A real publication (this repository's articles and catalogs, as committed): its template
    records its article's digest, so `update` has nothing to do, fills the memo, and `status`
    answers from it."""
    planned = statuses(repo_copy, monkeypatch, "")
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(memo))
    assert run_cli(repo_copy, "update").stdout.startswith("nothing to do")
    assert_status_remembers_the_same(repo_copy, monkeypatch, memo, tmp_path_factory)
    merges.clear()
    assert statuses(repo_copy, monkeypatch, memo) == planned
    assert merges == []