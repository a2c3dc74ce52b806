"""Issue 8: writes that lose nothing and change nothing when they fail.

- a catalog saved while `update` runs (a translator's editor, `git pull`, a Weblate push)
  is merged again, never overwritten: before the first rename and past it;
- a full disk, a read-only folder or a permission error while writing is exit 2 with
  the path, and the publication is exactly as it was (no file, no temporary, no folder);
- a kill during the renames leaves each file old or new, and the next run cleans the
  temporaries it left and reaches the same state;
- a second writer is refused with the PID of the first.
"""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

import bitext.files
import bitext.publication
from bitext.files import FolderLock
from bitext.pofile import generate_po, read_po

from conftest import ARTICLE, run_cli, snapshot

PO = "locales/es/LC_MESSAGES/la.po"


def translate(root: Path, relative: str, msgid: str, msgstr: str) -> None:
    """What a translator's editor does: read the catalog, set one translation, save by rename."""
    path = root / relative
    catalog = read_po(path.read_bytes(), relative)
    for entry in catalog.entries:
        if entry.msgid == msgid and not entry.obsolete:
            entry.msgstr = msgstr
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            break
    else:
        raise AssertionError(f"no entry {msgid!r}")
    temporary = path.with_name(path.name + ".editor-save")
    temporary.write_text(generate_po(catalog), encoding="utf-8")
    os.replace(temporary, path)


def translations(root: Path, relative: str = PO) -> dict[str, str]:
    catalog = read_po((root / relative).read_bytes(), relative)
    return {entry.msgid: entry.msgstr for entry in catalog.entries if not entry.obsolete}


def edit_source(root: Path, old: str, new: str) -> None:
    source = root / "source" / "la.md"
    text = source.read_text()
    assert old in text
    source.write_text(text.replace(old, new))


def temporaries(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.tmp"))


def folders(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir())


# ----------------------------------------------------------------- lost edits

def test_a_catalog_saved_after_update_read_it_is_merged_not_overwritten(publication, monkeypatch):
    """The translator saves between update's read and its write: the edit survives, merged."""
    run_cli(publication, "update")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    saved = []
    real = bitext.publication.generate_po

    def generate_then_save(catalog, *args, **kwargs):
        text = real(catalog, *args, **kwargs)
        if catalog.header_value("Language") == "es" and not saved:
            saved.append(True)  # update has read and merged the catalog: now the editor saves it
            translate(publication, PO, "Teachers organised patrols.", "Los docentes organizaron patrullas.")
        return text

    monkeypatch.setattr(bitext.publication, "generate_po", generate_then_save)
    result = run_cli(publication, "update")
    assert saved and result.exit_code == 0, result.output
    found = translations(publication)
    assert found["Teachers organised patrols."] == "Los docentes organizaron patrullas."
    assert "Papers for everyone!" in found and "Papers for all!" not in found  # and the merge happened
    assert temporaries(publication) == []


def test_a_catalog_saved_during_the_renames_is_merged_not_overwritten(publication, monkeypatch):
    """Past the first rename: the other catalog is saved just before its own turn."""
    (publication / "bitext.toml").write_text('languages = ["es", "fr"]\n')
    run_cli(publication, "update")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    fr = "locales/fr/LC_MESSAGES/la.po"
    swaps = []
    real = bitext.files._swap

    def swap_after_a_save(pending, ours):
        swaps.append(pending.shown)
        if pending.shown == PO:  # the first rename; the French catalog is saved before its own
            translate(publication, fr, "Teachers organised patrols.", "Les enseignants ont organisé des patrouilles.")
        return real(pending, ours)

    monkeypatch.setattr(bitext.files, "_swap", swap_after_a_save)
    result = run_cli(publication, "update")
    assert result.exit_code == 0, result.output
    assert swaps[0] == PO and swaps.count(fr) == 2  # refused once, merged again, then replaced
    found = translations(publication, fr)
    assert found["Teachers organised patrols."] == "Les enseignants ont organisé des patrouilles."
    assert "Papers for everyone!" in found
    assert "Papers for everyone!" in translations(publication, PO)
    assert f"{fr}: updated" in result.stdout
    assert temporaries(publication) == []


def test_an_in_place_save_of_the_same_size_is_seen(publication, monkeypatch):
    """An editor that rewrites the file in place, same length, same second: the content decides."""
    run_cli(publication, "update")
    translate(publication, PO, "Teachers organised patrols.", "AAAA")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    real = bitext.files._swap

    def save_in_place(pending, ours):
        if pending.shown == PO and not getattr(save_in_place, "done", False):
            save_in_place.done = True
            path = publication / PO
            stat = path.stat()
            data = path.read_bytes().replace(b'msgstr "AAAA"', b'msgstr "BBBB"')
            with open(path, "r+b") as stream:
                stream.write(data)
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even the time looks unchanged
        return real(pending, ours)

    monkeypatch.setattr(bitext.files, "_swap", save_in_place)
    assert run_cli(publication, "update").exit_code == 0
    assert translations(publication)["Teachers organised patrols."] == "BBBB"


@pytest.mark.parametrize("seed", range(12))
def test_saves_at_random_moments_of_an_update_are_never_lost(publication, monkeypatch, seed):
    """Deterministic, repeated: at a random step of update (reading, writing temporaries,
    renaming) a random catalog gets a translator's save; every save is in the result."""
    rng = random.Random(seed)
    languages = ["es", "fr", "de"]
    (publication / "bitext.toml").write_text(f"languages = {languages!r}\n".replace("'", '"'))
    run_cli(publication, "update")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    msgids = ["Unions called a march.", "Teachers organised patrols.", "Where now?"]
    saves = {}
    moments = rng.sample(range(12), 3)  # three saves, at three of the first twelve steps
    step = [0]

    def maybe_save():
        if step[0] in moments:
            language, msgid = rng.choice(languages), rng.choice(msgids)
            relative = f"locales/{language}/LC_MESSAGES/la.po"
            msgstr = f"{language} {msgid} {step[0]}"
            translate(publication, relative, msgid, msgstr)
            saves[(relative, msgid)] = msgstr
        step[0] += 1

    def hooked(real):
        def call(*args, **kwargs):
            maybe_save()
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(bitext.publication, "read_snapshot", hooked(bitext.publication.read_snapshot))
    monkeypatch.setattr(bitext.files, "write_temporary", hooked(bitext.files.write_temporary))
    monkeypatch.setattr(bitext.files, "_swap", hooked(bitext.files._swap))
    result = run_cli(publication, "update")
    assert result.exit_code == 0, result.output
    assert saves
    for (relative, msgid), msgstr in saves.items():
        assert translations(publication, relative)[msgid] == msgstr, (seed, relative, msgid)
    for language in languages:
        assert "Papers for everyone!" in translations(publication, f"locales/{language}/LC_MESSAGES/la.po")
    assert temporaries(publication) == []


def test_a_broken_save_before_the_renames_stops_with_nothing_changed(publication, monkeypatch):
    """What was saved cannot be merged (a PO syntax error): exit 2 naming it, nothing replaced."""
    (publication / "bitext.toml").write_text('languages = ["es", "fr"]\n')
    run_cli(publication, "update")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    before = snapshot(publication)
    real = bitext.files.WriteSet._compare_all

    def break_it_first(self):
        (publication / PO).write_text('msgid "unterminated\n', encoding="utf-8")
        return real(self)

    monkeypatch.setattr(bitext.files.WriteSet, "_compare_all", break_it_first)
    result = run_cli(publication, "update")
    assert result.exit_code == 2
    assert re.match(rf"bitext: error: {PO}:\d+: end-of-line within string", result.stderr)
    after = snapshot(publication)
    assert after.pop(PO) == b'msgid "unterminated\n'  # the translator's file as they saved it
    before.pop(PO)
    assert after == before  # and nothing else replaced (no temporaries either)


def test_a_broken_save_past_the_first_rename_is_left_as_saved_and_named(publication, monkeypatch):
    (publication / "bitext.toml").write_text('languages = ["es", "fr"]\n')
    run_cli(publication, "update")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    fr = "locales/fr/LC_MESSAGES/la.po"
    real = bitext.files._swap

    def break_fr_after_es(pending, ours):
        if pending.shown == PO:
            (publication / fr).write_text('msgid "half saved\n', encoding="utf-8")
        return real(pending, ours)

    monkeypatch.setattr(bitext.files, "_swap", break_fr_after_es)
    result = run_cli(publication, "update")
    assert result.exit_code == 2
    assert re.match(rf"bitext: error: {fr}:\d+: ", result.stderr)
    assert result.stdout.startswith(f"{PO}: updated")  # what was written all the same is said
    assert (publication / fr).read_text() == 'msgid "half saved\n'  # never overwritten
    assert "Papers for everyone!" in translations(publication, PO)
    assert temporaries(publication) == []


def test_without_a_way_to_plan_again_a_changed_file_is_refused(tmp_path):
    from bitext.errors import BitextError
    from bitext.files import WriteSet, read_snapshot

    target = tmp_path / "a.po"
    target.write_text("old")
    _, seen = read_snapshot(target, "a.po")
    target.write_text("theirs")
    with pytest.raises(BitextError, match="changed while bitext was running"):
        with WriteSet() as writes:
            writes.write(target, "a.po", "ours", expected=seen)
            writes.commit()
    assert target.read_text() == "theirs" and temporaries(tmp_path) == []


def test_a_file_created_meanwhile_is_not_replaced(tmp_path):
    from bitext.errors import BitextError
    from bitext.files import WriteSet

    target = tmp_path / "new.po"
    with pytest.raises(BitextError):
        with WriteSet() as writes:
            writes.write(target, "new.po", "ours", expected=None)  # planned as missing
            target.write_text("someone else's")
            writes.commit()
    assert target.read_text() == "someone else's"


EDITOR_ROUNDS = 5


def test_edits_saved_while_updates_run_are_never_lost(publication):
    """Real concurrency, repeated: an editor saves translations while `update` runs in other processes.

    The English changes before every update so that each one rewrites the catalog.  At
    the end every translation the editor saved must be in the catalog.
    """
    body = "\n\n".join(f"Paragraph number {n} of the long article." for n in range(60))
    (publication / "source" / "la.md").write_text(ARTICLE + "\n" + body + "\n")
    run_cli(publication, "update")
    rng = random.Random(8)
    env = {**os.environ, "PYTHONPATH": str(Path(bitext.files.__file__).parents[1])}
    for round_ in range(EDITOR_ROUNDS):
        saved: list[tuple[str, str]] = []
        stop = threading.Event()

        def editor():
            numbers = list(range(60))
            rng.shuffle(numbers)
            for n in numbers:
                if stop.is_set():
                    break
                msgstr = f"Párrafo {n}, ronda {round_}."
                translate(publication, PO, f"Paragraph number {n} of the long article.", msgstr)
                saved.append((f"Paragraph number {n} of the long article.", msgstr))
                time.sleep(rng.uniform(0, 0.02))

        thread = threading.Thread(target=editor)
        outcomes = []
        thread.start()
        for step in range(3):
            source = publication / "source" / "la.md"
            text = source.read_text()
            marker = f"Closing words {round_}.{step}."
            source.write_text(re.sub(r"\n\nClosing words [0-9.]+\.\n$", "\n", text) + f"\n{marker}\n")
            update = subprocess.run([sys.executable, "-m", "bitext", "-C", str(publication), "update"],
                                    capture_output=True, text=True, env=env)
            outcomes.append((update.returncode, update.stderr))
        stop.set()
        thread.join()
        for code, stderr in outcomes:  # a run may give up on a file that keeps changing, never crash
            assert code == 0 or (code == 2 and "changing" in stderr), stderr
        assert run_cli(publication, "update").exit_code == 0
        found = translations(publication)
        for msgid, msgstr in saved:
            assert found[msgid] == msgstr, (round_, msgid)
        assert temporaries(publication) == []


# -------------------------------------------------------------- failed writes

def _publication_of(root: Path, articles: int) -> None:
    for n in range(articles):
        (root / "source" / f"a{n}.md").write_text(f"# Article {n}\n\nParagraph {n}.\n")


def _fail_on_write(monkeypatch, after: int, code: int = errno.ENOSPC) -> list[int]:
    """Every fsync after the first `after` fails with `code` (a disk that fills up mid-run)."""
    calls = [0]
    real = os.fsync

    def fsync(descriptor):
        calls[0] += 1
        if calls[0] > after:
            raise OSError(code, os.strerror(code))
        return real(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    return calls


@pytest.mark.parametrize("command", ["update", "extract"])
def test_a_full_disk_during_update_or_extract_changes_nothing(publication, monkeypatch, command):
    _publication_of(publication, 6)
    assert run_cli(publication, "update").exit_code == 0
    for n in range(6):  # every template and catalog must change
        (publication / "source" / f"a{n}.md").write_text(f"# Article {n}\n\nParagraph {n}, revised.\n")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    before = snapshot(publication)
    calls = _fail_on_write(monkeypatch, after=5)
    result = run_cli(publication, command)
    assert calls[0] > 5  # it failed mid-way through the temporaries (flushed together: more may be tried)
    assert result.exit_code == 2
    assert re.match(r"bitext: error: locales/\S+\.pot?: cannot write: No space left on device", result.stderr)
    assert snapshot(publication) == before
    assert temporaries(publication) == []


def test_a_full_disk_on_a_first_update_leaves_no_folder_behind(publication, monkeypatch):
    (publication / "bitext.toml").write_text('languages = ["es", "fr", "de"]\n')
    before, layout = snapshot(publication), folders(publication)
    _fail_on_write(monkeypatch, after=2)
    result = run_cli(publication, "update")
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert snapshot(publication) == before and folders(publication) == layout


def test_a_full_disk_during_build_changes_nothing(publication, monkeypatch):
    _publication_of(publication, 4)
    assert run_cli(publication, "update").exit_code == 0
    assert run_cli(publication, "build").exit_code == 0
    translate(publication, PO, "Papers for all!", "¡Papeles para todos!")
    before = snapshot(publication)
    # the build rewrites only that article's four Spanish outputs (incremental): fail in between
    _fail_on_write(monkeypatch, after=2)
    result = run_cli(publication, "build")
    assert result.exit_code == 2
    assert re.match(r"bitext: error: build/\S+: cannot write: No space left on device", result.stderr)
    assert snapshot(publication) == before
    assert temporaries(publication) == []


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.EPERM])
def test_permission_and_read_only_errors_are_exit_2_with_the_path(publication, monkeypatch, code):
    run_cli(publication, "update")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    before = snapshot(publication)
    real = tempfile.mkstemp  # bitext.files imports tempfile where it writes

    def refuse_in_catalog_folder(*args, dir=None, **kwargs):
        if str(dir).endswith("LC_MESSAGES"):
            raise OSError(code, os.strerror(code), str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse_in_catalog_folder)
    result = run_cli(publication, "update")
    assert result.exit_code == 2
    assert result.stderr == f"bitext: error: {PO}: cannot write: {os.strerror(code)}; nothing was changed\n"
    assert snapshot(publication) == before


def _can_mount() -> bool:
    import shutil

    return sys.platform.startswith("linux") and os.geteuid() == 0 and bool(shutil.which("mount"))


@pytest.fixture
def mounted(tmp_path):
    """A real file system of our own (tmpfs), for the disk-full and read-only cases; root only."""
    if not _can_mount():
        pytest.skip("needs root and mount(8) to make a real small or read-only file system")
    point = tmp_path / "mnt"
    point.mkdir()
    mounts = []

    def mount(*options: str) -> Path:
        done = subprocess.run(["mount", *options, str(point)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount here: {done.stderr.strip()}")
        mounts.append(point)
        return point

    yield mount
    for _ in mounts:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def test_a_real_full_disk_changes_nothing(mounted):
    root = mounted("-t", "tmpfs", "-o", "size=1m", "tmpfs")
    (root / "source").mkdir()
    (root / "bitext.toml").write_text('languages = ["es"]\n')
    paragraph = "A paragraph that is long enough to take some room on a small disk. " * 6
    for n in range(6):
        (root / "source" / f"a{n}.md").write_text(f"# Article {n}\n\n" + f"{paragraph}\n\n" * 12)
    assert run_cli(root, "update").exit_code == 0
    for n in range(6):
        (root / "source" / f"a{n}.md").write_text(f"# Article {n}\n\n" + f"{paragraph} More.\n\n" * 12)
    needed = sum(len(p.read_bytes()) for p in (root / "locales").rglob("*.po*"))
    free = os.statvfs(root).f_bavail * os.statvfs(root).f_frsize
    # leave room for some of the new catalogs and templates, not for all of them
    (root / "filler").write_bytes(b"x" * (free - needed // 3))
    before = snapshot(root)
    result = run_cli(root, "update")
    assert result.exit_code == 2, result.output
    assert "No space left on device" in result.stderr
    assert snapshot(root) == before


def test_a_real_read_only_file_system_is_exit_2_and_changes_nothing(mounted):
    root = mounted("-t", "tmpfs", "-o", "size=4m", "tmpfs")
    (root / "source").mkdir()
    (root / "bitext.toml").write_text('languages = ["es"]\n')
    (root / "source" / "la.md").write_text(ARTICLE)
    assert run_cli(root, "update").exit_code == 0
    edit_source(root, "Papers for all!", "Papers for everyone!")
    subprocess.run(["mount", "-o", "remount,ro", str(root)], check=True)
    before = snapshot(root)
    for command in ("update", "extract", "build"):
        result = run_cli(root, command)
        assert result.exit_code == 2, (command, result.output)
        assert re.match(r"bitext: error: (locales|build)/\S+: cannot write: Read-only file system",
                        result.stderr), result.stderr
        assert snapshot(root) == before


# ------------------------------------------------------ kills and leftovers

def killed_pid(process) -> int:
    return int(process.stdout.decode().split()[0])


KILLER = textwrap.dedent("""\
    import os, signal, sys
    print(os.getpid(), flush=True)
    import bitext.files
    real = bitext.files._swap
    count = [0]
    def swap(pending, ours):
        count[0] += 1
        if count[0] > int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(pending, ours)
    bitext.files._swap = swap
    from bitext.commands import cli
    cli(sys.argv[2:])
    """)


@pytest.mark.parametrize("renames_before_kill", [0, 3, 7])
def test_a_kill_during_the_renames_leaves_each_file_old_or_new_and_the_next_run_cleans_up(
        tmp_path_factory, publication, renames_before_kill):
    _publication_of(publication, 5)
    assert run_cli(publication, "update").exit_code == 0
    for n in range(5):
        (publication / "source" / f"a{n}.md").write_text(f"# Article {n}\n\nParagraph {n}, revised.\n")
    old = snapshot(publication)
    # the state an uninterrupted run reaches, in a copy
    import shutil

    reference = tmp_path_factory.mktemp("reference") / "publication"
    shutil.copytree(publication, reference)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000",
           "PYTHONPATH": str(Path(bitext.files.__file__).parents[1])}
    subprocess.run([sys.executable, "-m", "bitext", "-C", str(reference), "update"], env=env, check=True)
    new = snapshot(reference)
    killed = subprocess.run([sys.executable, "-c", KILLER, str(renames_before_kill), "-C", str(publication),
                             "update"], env=env, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    now = snapshot(publication)
    left = [name for name in now if name.endswith(".tmp")]
    assert left  # the kill left temporaries behind
    # the lock file stays, no longer locked: the kernel dropped the dead process's flock
    assert now.pop("locales/.bitext.lock").startswith(b"%d update" % killed_pid(killed))
    for name, data in now.items():
        if name.endswith(".tmp"):
            continue
        assert data in (old.get(name), new.get(name)), name  # old or new, never cut
    changed = sum(now.get(name) != old.get(name) for name in new)
    assert changed >= renames_before_kill
    # the lock died with the process: the next run proceeds, cleans the leftovers, finishes the work
    result = subprocess.run([sys.executable, "-m", "bitext", "-C", str(publication), "update"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert snapshot(publication) == new


def test_only_bitext_own_stale_temporaries_are_cleaned(publication):
    run_cli(publication, "update")
    ours = ["locales/.la.pot.k2j4_x9a.tmp", "locales/es/LC_MESSAGES/.la.po.abcd1234.tmp"]
    theirs = ["locales/es/LC_MESSAGES/.la.po.swp", "locales/es/LC_MESSAGES/la.po.tmp",
              "locales/es/LC_MESSAGES/.notes.txt.abcd1234.tmp", "source/.la.md.abcd1234.tmp",
              "locales/es/LC_MESSAGES/.la.po.toolong123.tmp"]
    for name in ours + theirs:
        (publication / name).write_text("left over")
    assert run_cli(publication, "update").exit_code == 0
    for name in ours:
        assert not (publication / name).exists(), name
    for name in theirs:
        assert (publication / name).exists(), name


def test_a_second_writer_is_refused_with_the_first_ones_pid(publication):
    run_cli(publication, "update")
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    leftover = publication / "locales" / ".la.pot.abcd1234.tmp"
    leftover.write_text("a temporary of the running update")
    lock = FolderLock(publication / "locales", "locales", "update")
    assert lock.acquire()
    before = snapshot(publication)
    try:
        result = run_cli(publication, "update")
        assert result.exit_code == 2
        assert result.stderr == (f"bitext: error: locales/.bitext.lock: another bitext update is running "
                                 f"(PID {os.getpid()}); wait for it to finish, then run this again\n")
        after = snapshot(publication)
        assert after == before  # not even the running one's temporary was touched
        assert run_cli(publication, "extract").exit_code == 2
        assert run_cli(publication, "status").exit_code == 0  # reading needs no lock
    finally:
        lock.release()
    assert not (publication / "locales" / ".bitext.lock").exists()
    result = run_cli(publication, "update")
    assert result.exit_code == 0
    assert not leftover.exists() and not (publication / "locales" / ".bitext.lock").exists()


def test_concurrent_updates_agree(publication):
    """Two real `update`s at once: each finishes or is refused by the lock, and the result is right."""
    _publication_of(publication, 30)
    env = {**os.environ, "PYTHONPATH": str(Path(bitext.files.__file__).parents[1])}
    command = [sys.executable, "-m", "bitext", "-C", str(publication), "update"]
    for round_ in range(3):
        edit_source(publication, "## Where now", f"## Where now {round_}")
        runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        for run in runs:
            _, stderr = run.communicate()
            assert run.returncode == 0 or (run.returncode == 2 and "another bitext update is running" in stderr), \
                stderr
        assert run_cli(publication, "status", "--check", "--fail-on", "outdated").exit_code == 0
        assert not (publication / "locales" / ".bitext.lock").exists()


def test_import_into_a_full_disk_is_exit_2_with_the_path(publication, monkeypatch, tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw") / "article.txt"
    raw.write_text("A title\n\nA paragraph of the article, long enough to be one.\n")
    before = snapshot(publication)
    _fail_on_write(monkeypatch, after=0)
    result = run_cli(publication, "import", str(raw), "--slug", "new")
    assert result.exit_code == 2
    assert "bitext: error: source/new.md: cannot write: No space left on device" in result.stderr
    assert snapshot(publication) == before


def test_kill_9_at_random_moments_never_tears_a_file(tmp_path_factory):
    """Real `kill -9`s of `update` at random times: every file old or new, every rerun right."""
    import shutil

    base = tmp_path_factory.mktemp("kills")
    original = base / "original"
    (original / "source").mkdir(parents=True)
    (original / "bitext.toml").write_text('languages = ["es", "fr"]\n')
    for n in range(40):
        (original / "source" / f"a{n:02}.md").write_text(
            f"# Article {n}\n\n" + "\n\n".join(f"Paragraph {k} of article {n}." for k in range(20)) + "\n")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000",
           "PYTHONPATH": str(Path(bitext.files.__file__).parents[1])}

    def update(root: Path, **kwargs):
        return subprocess.Popen([sys.executable, "-m", "bitext", "-C", str(root), "update"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)

    assert update(original).wait() == 0
    for n in range(40):
        path = original / "source" / f"a{n:02}.md"
        path.write_text(path.read_text().replace("Paragraph 3 ", "The third paragraph "))
    old = snapshot(original)
    reference = base / "reference"
    shutil.copytree(original, reference)
    assert update(reference).wait() == 0
    new = snapshot(reference)
    rng = random.Random(9)
    for attempt in range(3):
        root = base / f"run{attempt}"
        shutil.copytree(original, root)
        process = update(root)
        time.sleep(rng.uniform(0.3, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, data in snapshot(root).items():
            if name.endswith(".tmp") or name.endswith(".bitext.lock"):
                continue
            assert data in (old.get(name), new.get(name)), (attempt, name)
        rerun = update(root)
        _, stderr = rerun.communicate()
        assert rerun.returncode == 0, stderr
        assert snapshot(root) == new, attempt


def test_a_replaced_catalog_keeps_its_mode_and_a_new_one_is_0644(publication):
    (publication / "bitext.toml").write_text('languages = ["es", "fr"]\n')
    run_cli(publication, "update")
    os.chmod(publication / PO, 0o664)
    edit_source(publication, "Papers for all!", "Papers for everyone!")
    (publication / "bitext.toml").write_text('languages = ["es", "fr", "de"]\n')
    assert run_cli(publication, "update").exit_code == 0
    assert "Papers for everyone!" in translations(publication)
    assert (publication / PO).stat().st_mode & 0o777 == 0o664
    assert (publication / "locales/de/LC_MESSAGES/la.po").stat().st_mode & 0o777 == 0o644


def test_a_full_disk_during_a_parallel_build_changes_nothing(publication, monkeypatch):
    """Workers write the temporaries; one failing removes every worker's, build/ stays as it was."""
    import bitext.building

    _publication_of(publication, 24)
    assert run_cli(publication, "update").exit_code == 0
    assert run_cli(publication, "build").exit_code == 0
    translate(publication, PO, "Papers for all!", "¡Papeles para todos!")
    shutil.rmtree(publication / "build" / "es")  # every article is rebuilt, not the changed one only
    before = snapshot(publication)
    monkeypatch.setattr(bitext.building.os, "cpu_count", lambda: 2)
    _fail_on_write(monkeypatch, after=20)  # each forked worker counts its own
    result = run_cli(publication, "build")
    assert result.exit_code == 2
    assert re.match(r"bitext: error: build/\S+: cannot write: No space left on device", result.stderr)
    assert snapshot(publication) == before
    assert temporaries(publication) == []
