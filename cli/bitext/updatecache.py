"""`update`'s record of the articles it left consistent, so the next one plans only what changed.

One JSON file beside the build's record, in the build folder (git-ignored by `init`;
it is not created for this: a publication never built keeps no record):
`build/.bitext-update.json`.  It holds the key of everything a plan depends on besides
the article's own files (bitext's version and code, the settings; `key`), the start of the
run that wrote it (`stamp`), and for each file of each article the last `update` planned
or checked, its state (`statcache`: size, times, inode and SHA-256 of its bytes).

An article is *clean* when its source, its template and the catalog of every language
being updated hold exactly the bytes recorded: the last `update` found (or made) them
consistent, and planning them again would change nothing (the `update` contract: a second
run writes nothing).  A clean article is not read, parsed nor merged; its catalogs are read
only as translation memory, when another article has a segment that needs it.  The digests
are trusted from the files' stat only outside the racily clean window (`statcache`);
otherwise the file is read and hashed again.  `--purge-obsolete` plans every article.

The record is an optimisation only: missing, unreadable, of another key or malformed, it
is ignored (every article is planned), and failing to save it changes nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import bitext
from bitext.config import Settings, SourceFile
from bitext.files import write_atomic
from bitext.statcache import FileStates, now_ns, read_optional, valid_states

__all__ = ["RECORD_NAME", "UpdateRecord"]

RECORD_NAME = ".bitext-update.json"
FORMAT = 1


def _key(settings: Settings) -> str:
    from bitext.buildcache import code_digest, digest, written_settings
    from bitext.model import SEGMENTATION_RULES

    return digest("update", FORMAT, bitext.__version__, code_digest(), SEGMENTATION_RULES, written_settings(settings))


class UpdateRecord:
    """The last `update`'s states (`states.old`) and this run's (`states.new`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.key = _key(settings)
        stamp = now_ns()  # before any stat of this run
        old = self._load()
        self.states = FileStates(str(settings.root), lambda relative: read_optional(settings, relative), old, stamp)

    def path(self):
        return self.settings.abspath(f"{self.settings.build_dir}/{RECORD_NAME}")

    def _load(self) -> dict | None:
        try:
            data = json.loads(self.path().read_bytes())
        except (OSError, ValueError, RecursionError):  # `[[[[...` nests past the decoder's stack
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != self.key:
            return None
        return valid_states(data.get("files"))

    def _files(self, source: SourceFile, languages: Iterable[str]) -> list[str]:
        return [source.path, self.settings.pot_path(source.slug),
                *(self.settings.po_path(language, source.slug) for language in languages)]

    def clean(self, source: SourceFile, languages: Sequence[str]) -> bool:
        """Whether the article's files are all as the last update left them (each is checked,
        so the next record has them all)."""
        results = [self.states.unchanged(path) for path in self._files(source, languages)]
        return all(results)

    def planned(self, plan, written: set[str]) -> None:
        """Record the files of an article this run planned: as read by the plan (with the stat
        taken before that read), or as on disk after the commit for those it wrote."""
        read = [(plan.source.path, plan.source_fingerprint), (plan.template.path, plan.template.fingerprint),
                *((catalog.path, catalog.fingerprint) for catalog in plan.catalogs)]
        for path, seen in read:
            if path in written:
                self.states.record_written(path)
            else:
                self.states.record_read(path, seen)

    def save(self) -> None:
        text = json.dumps({"format": FORMAT, "key": self.key, "stamp": self.states.stamp,
                           "files": self.states.new}, separators=(",", ":"))
        if not self.path().parent.is_dir():
            return  # the build folder is not created for it: a publication never built keeps none
        try:
            write_atomic(self.path(), text)
        except OSError:
            pass  # only an optimisation: the next update plans every article again
