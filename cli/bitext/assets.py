"""What a source's relative references point at: files to carry into the build, other articles.

`plan_references(settings, article, references, articles)` sorts the link and image URLs of
one article (`segment.find_references`) into:

- `files`: URL -> the file's path below the source folder; `build` copies each once to
  `build/assets/<that path>` and every page of every language points there;
- `articles`: URL -> slug, for a link to another article's source (`part-2.md`), which
  pages turn into a link to that article's edition in their own language;
- `missing`: `(line, url)` of references whose file does not exist (a warning: the
  reference is left as written);
- `beside`: URL -> path below the source folder, for files named in raw HTML (`<img src>`),
  which the build cannot rewrite: they are also put beside every page of the article, at
  the same relative place (a hard link to the shared copy where the file system allows).

External URLs (with a scheme or a host), site-absolute paths (`/img/x.png`) and bare
fragments (`#notes`) are left alone.  A reference that leaves the source folder (`../`,
or a symbolic link out of it) is a `SourceError` naming the article and line: the build
would otherwise publish a file from elsewhere on the machine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from bitext.config import Settings
from bitext.errors import SourceError
from bitext.model import Article
from bitext.segment import Reference

__all__ = ["ReferencePlan", "plan_references", "local_path"]


@dataclass
class ReferencePlan:
    files: dict[str, str] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)
    missing: list[tuple[int, str]] = field(default_factory=list)
    beside: dict[str, str] = field(default_factory=dict)


def local_path(url: str) -> str | None:
    """The decoded path of a relative reference, or None for what the build leaves as written."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


def plan_references(settings: Settings, article: Article, references: Sequence[Reference],
                    articles: Mapping[str, str]) -> ReferencePlan:
    """Sort one article's references; `articles` maps a source path below the source folder to its slug."""
    plan = ReferencePlan()
    for reference in references:
        path = local_path(reference.url)
        if path is None:
            continue
        if reference.kind == "html" and reference.url in plan.beside:
            continue
        if reference.kind != "html" and (reference.url in plan.files or reference.url in plan.articles):
            continue
        target = settings.source_reference(article.path, path)
        if target is None:
            raise SourceError(f"{reference.kind} {reference.url!r} points outside the source folder "
                              f"{settings.source_dir}/; keep the file beside the articles", article.path,
                              reference.line)
        if reference.kind == "html" and (settings.root / settings.source_dir / target).is_file():
            plan.beside[reference.url] = target
        elif reference.kind == "html":
            if target not in articles:
                plan.missing.append((reference.line, reference.url))
        elif target in articles:
            plan.articles[reference.url] = articles[target]
        elif (settings.root / settings.source_dir / target).is_file():
            plan.files[reference.url] = target
        else:
            plan.missing.append((reference.line, reference.url))
    return plan
