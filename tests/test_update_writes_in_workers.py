"""`update` writes each article's changed files where the article is planned (the worker, or
this process for a small publication: `commands._write_in_worker`), and writes again, in its
place, a catalog the translation memory changes afterwards.  What reaches disk, what `update`
prints and what a failure leaves must be as when every file was written after planning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bitext.commands
import bitext.errors
import bitext.files
import bitext.publication
from bitext.pofile import generate_po, read_po

from conftest import run_cli, snapshot

SHARED = "A sentence that both articles hold, word for word."


def _catalog(root: Path, slug: str) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po"


def _translate_all(root: Path, slug: str) -> None:
    path = _catalog(root, slug)
    catalog = read_po(path.read_bytes(), str(path))
    for entry in catalog.entries:
        entry.msgstr = "ES " + entry.msgid
    path.write_text(generate_po(catalog), encoding="utf-8")


def _publication(root: Path, articles: int) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "bitext.toml").write_text('languages = ["es", "fr"]\n', encoding="utf-8")
    for n in range(articles):
        text = f"# Article {n}\n\nIts own paragraph {n}.\n"
        if n == 0:
            text += f"\n{SHARED}\n"
        (root / "source" / f"a{n:02}.md").write_text(text, encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    for n in range(articles):
        _translate_all(root, f"a{n:02}")
    return root


def _revise(root: Path, articles: int) -> None:
    """Every article changes; the last one gains the shared sentence, which the memory fills."""
    for n in range(articles):
        source = root / "source" / f"a{n:02}.md"
        text = source.read_text(encoding="utf-8").replace(f"paragraph {n}.", f"paragraph {n}, revised.")
        if n == articles - 1:
            text += f"\n{SHARED}\n"
        source.write_text(text, encoding="utf-8")


def _temporaries(root: Path) -> list[Path]:
    return sorted(root.rglob("*.tmp"))


@pytest.mark.parametrize("workers", [True, False], ids=["workers", "one-process"])
def test_files_written_where_planned_and_the_memory_fill_written_again(tmp_path, monkeypatch, workers):
    articles = 6
    root = _publication(tmp_path / "pub", articles)
    twin = tmp_path / "twin"
    _revise(root, articles)
    shutil.copytree(root, twin)
    if workers:
        monkeypatch.setattr(bitext.publication, "PARALLEL_MIN_ARTICLES", 2)
    parent_writes, rewrites = [], []
    real_write, real_rewrite = bitext.files.WriteSet.write, bitext.files.WriteSet.rewrite
    monkeypatch.setattr(bitext.files.WriteSet, "write",
                        lambda self, path, *a, **k: parent_writes.append(path.name) or real_write(self, path, *a, **k))
    monkeypatch.setattr(bitext.files.WriteSet, "rewrite",
                        lambda self, pending, *a, **k: rewrites.append(pending.path.name)
                        or real_rewrite(self, pending, *a, **k))
    result = run_cli(root, "update")
    assert result.exit_code == 0, result.output
    assert parent_writes == []  # every file's temporary was written where its article was planned
    assert rewrites == [f"a{articles - 1:02}.po"]  # the Spanish one the memory filled, written again
    last = read_po(_catalog(root, f"a{articles - 1:02}").read_bytes(), "last")
    filled = next(entry for entry in last.entries if entry.msgid == SHARED)
    assert filled.msgstr == "ES " + SHARED
    assert _temporaries(root) == []
    # the same files and report as an update that writes every file after planning
    monkeypatch.setattr(bitext.commands, "_write_in_worker", lambda settings: lambda plan: None)
    expected = run_cli(twin, "update")
    assert expected.exit_code == 0
    assert result.output == expected.output
    assert snapshot(root) == snapshot(twin)  # (the report's order included: compared whole above)


@pytest.mark.parametrize("workers", [True, False], ids=["workers", "one-process"])
def test_a_full_disk_in_a_worker_changes_nothing_and_leaves_no_temporary(tmp_path, monkeypatch, workers):
    articles = 6
    root = _publication(tmp_path / "pub", articles)
    _revise(root, articles)
    before = snapshot(root)
    if workers:
        monkeypatch.setattr(bitext.publication, "PARALLEL_MIN_ARTICLES", 2)
    real = bitext.files.write_temporary
    made = []

    def failing(path, shown, data, **options):
        if path.name == "a03.po" and path.parent.parent.name == "fr":  # after the article's Spanish one
            raise bitext.errors.BitextError("cannot write: No space left on device", shown)
        pending = real(path, shown, data, **options)
        made.append(pending.temporary)
        return pending

    monkeypatch.setattr(bitext.files, "write_temporary", failing)
    result = run_cli(root, "update")
    assert result.exit_code == 2
    assert result.stderr.startswith("bitext: error: locales/fr/LC_MESSAGES/a03.po: cannot write")
    assert made or workers  # other files' temporaries were written (here: seen in this process), and removed
    assert snapshot(root) == before
    assert _temporaries(root) == []


def test_a_rewritten_temporary_keeps_its_place_and_a_failed_rewrite_changes_nothing(tmp_path, monkeypatch):
    from bitext.files import WriteSet, write_pending

    targets = [tmp_path / name for name in ("a.po", "b.po", "c.po")]
    with WriteSet() as writes:
        pendings = []
        for target in targets:
            pending, ours = write_pending(target, target.name, f"old {target.name}\n")
            writes.adopt(pending, tag=target.name, ours=ours)
            pendings.append(pending)
        first = pendings[1].temporary
        writes.rewrite(pendings[1], "new b.po\n", tag="b.po again")
        assert not first.exists()
        real = bitext.files.write_temporary

        def full(path, shown, data, **options):
            raise bitext.errors.BitextError("cannot write: No space left on device", shown)

        monkeypatch.setattr(bitext.files, "write_temporary", full)
        with pytest.raises(bitext.errors.BitextError):
            writes.rewrite(pendings[2], "new c.po\n")
        monkeypatch.setattr(bitext.files, "write_temporary", real)
        assert pendings[2].temporary.exists()  # the failed rewrite left the first temporary in place
        assert writes.commit() == ["a.po", "b.po again", "c.po"]
    assert [target.read_text() for target in targets] == ["old a.po\n", "new b.po\n", "old c.po\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po", "b.po", "c.po"]
