"""The command line: options, progress, printing and exit codes (SPEC section 6).

This is the only module that prints or decides exit codes.  Exit 0: success; 1: a check
failed (`status --check`); 2: bad usage or bad input, printed as one line
`bitext: error: PATH[:LINE]: what is wrong`, with no file written.  Every command
reads and validates all its inputs before it writes anything.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from bitext import __version__
from bitext.config import Settings, find_root, load_settings
from bitext.errors import BitextError, SettingsError
from bitext.files import remove_file, write_atomic
from bitext.lang import normalize_language
from bitext.model import Counts, State
from bitext.publication import plan_publication, status_of
from bitext.status import FAIL_ON_CHOICES, CatalogStatus

EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug of ours, not the user's input


class BitextGroup(click.Group):
    """Turns every BitextError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BitextError as error:
            click.echo(f"bitext: error: {error}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("bitext: interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as error:  # a bug: one line for the user, the traceback on request
            if os.environ.get("BITEXT_DEBUG"):
                raise
            click.echo(f"bitext: internal error: {type(error).__name__}: {error} "
                       "(a bug in bitext; run again with BITEXT_DEBUG=1 for the traceback)", err=True)
            ctx.exit(EXIT_INTERNAL_ERROR)


class LanguageType(click.ParamType):
    """A language code Babel knows, normalised to gettext's form (`pt-br` -> `pt_BR`)."""

    name = "LANG"

    def convert(self, value, param, ctx):
        try:
            return normalize_language(value)
        except SettingsError as error:
            self.fail(f"{error.message}; use a code like es, fr or pt_BR", param, ctx)


LANG_OPTION = click.option("--lang", "languages", multiple=True, type=LanguageType(),
                           help="Only this language (repeatable); default: the configured languages.")


def format_option(*choices: str):
    return click.option("--format", "output_format", type=click.Choice(choices), default=choices[0],
                        show_default=True, help="Output format.")


def _settings(ctx: click.Context) -> Settings:
    directory = ctx.obj.get("directory")
    if directory is not None:
        root = Path(directory).resolve()
    else:
        root = find_root(Path.cwd())
    return load_settings(root)


def _languages(settings: Settings, chosen: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(chosen)) if chosen else settings.languages


@click.group(cls=BitextGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "directory", type=click.Path(exists=True, file_okay=False),
              help="Run in this publication folder instead of the one found from the current folder.")
@click.version_option(__version__, prog_name="bitext")
@click.pass_context
def cli(ctx: click.Context, directory: str | None) -> None:
    """Keep a bilingual publication in gettext catalogs.

    English articles live in source/; one PO catalog per article and language lives in
    locales/<lang>/LC_MESSAGES/. The daily loop: edit the English, `bitext update`,
    translate in any PO editor, `bitext status --check`, `bitext build`.
    """
    ctx.ensure_object(dict)
    ctx.obj["directory"] = directory


@cli.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write locales/<slug>.pot, the template of each article."""
    settings = _settings(ctx)
    for plan in plan_publication(settings, ()):
        template = plan.template
        if template.changed:
            write_atomic(settings.abspath(template.path), template.new_text)
            click.echo(f"{template.path}: {len(plan.messages)} segments")


def _plan_everything(settings: Settings, languages, purge_obsolete: bool = False, keep_texts: bool = True):
    """Templates and catalogs, merged in memory; raises before anything is written."""
    plans = plan_publication(settings, tuple(languages), purge_obsolete, keep_texts=keep_texts)
    templates = [plan.template for plan in plans]
    catalogs = [catalog for plan in plans for catalog in plan.catalogs]
    return templates, catalogs


def _describe(plan) -> str:
    counts = status_of(plan).counts
    verb = "updated" if plan.exists else "created"
    return (f"{plan.path}: {verb}: {counts.translated} translated, {counts.stale} stale, "
            f"{counts.untranslated} untranslated, {counts.obsolete} obsolete")


@cli.command()
@LANG_OPTION
@click.option("--purge-obsolete", is_flag=True, help="Remove obsolete (#~) entries.")
@click.pass_context
def update(ctx: click.Context, languages: tuple[str, ...], purge_obsolete: bool) -> None:
    """Extract, then merge the source into every catalog (msgmerge's contract).

    Creates missing catalogs; keeps every translation (unused ones become obsolete #~
    entries); marks carried-over translations of changed segments fuzzy with the
    previous English (#|). Only changed files are written.
    """
    settings = _settings(ctx)
    templates, catalogs = _plan_everything(settings, _languages(settings, languages), purge_obsolete)
    for template in templates:
        if template.changed:
            write_atomic(settings.abspath(template.path), template.new_text)
    for plan in catalogs:
        if plan.changed:
            write_atomic(settings.abspath(plan.path), plan.new_text)
            click.echo(_describe(plan))


def _fail_on(value: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    unknown = [item for item in items if item not in FAIL_ON_CHOICES]
    if unknown or not items:
        raise click.BadParameter(f"choose from {', '.join(FAIL_ON_CHOICES)} (comma-separated)")
    return items


def _json_counts(counts: Counts) -> dict:
    return {"segments": counts.segments, "translated": counts.translated, "stale": counts.stale,
            "untranslated": counts.untranslated, "obsolete": counts.obsolete, "words": counts.words,
            "translated_words": counts.translated_words, "percent": counts.percent}


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _shorten(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_table(statuses: list[CatalogStatus], totals: Counts) -> None:
    headers = ("catalog", "segments", "translated", "stale", "untranslated", "obsolete", "words %", "")
    rows = []
    for status in statuses:
        c = status.counts
        note = "" if status.exists else "missing"
        if status.exists and not status.up_to_date:
            note = "needs update"
        rows.append((status.path, c.segments, c.translated, c.stale, c.untranslated, c.obsolete,
                     f"{c.percent:.1f}", note))
    rows.append(("total", totals.segments, totals.translated, totals.stale, totals.untranslated,
                 totals.obsolete, f"{totals.percent:.1f}", ""))
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    for index, row in enumerate([headers, *rows]):
        if index == len(rows):
            click.echo("  ".join("-" * width for width in widths[:-1]))
        cells = [str(cell).ljust(widths[0]) if i == 0 else str(cell).rjust(widths[i])
                 for i, cell in enumerate(row[:-1])]
        click.echo(("  ".join(cells) + ("  " + row[-1] if row[-1] else "")).rstrip())


@cli.command()
@LANG_OPTION
@format_option("text", "json", "github")
@click.option("--check", is_flag=True, help="Exit 1 when a catalog has a segment in a --fail-on state.")
@click.option("--fail-on", default="stale,untranslated,outdated", show_default=True,
              help="Comma list of states that fail --check: stale, untranslated, outdated "
                   "(outdated: `update` would change the catalog).")
@click.pass_context
def status(ctx: click.Context, languages: tuple[str, ...], output_format: str, check: bool,
           fail_on: str) -> None:
    """Count translated, stale and untranslated segments per catalog.

    States are computed against the current source, as `update` would merge it, without
    writing anything: an English edit without `update` still shows as stale.
    """
    failing_states = _fail_on(fail_on)
    settings = _settings(ctx)
    _, plans = _plan_everything(settings, _languages(settings, languages), keep_texts=False)
    statuses = [status_of(plan) for plan in plans]
    totals = Counts()
    for item in statuses:
        totals.add(item.counts)
    failed = check and any(item.failed(failing_states) for item in statuses)
    if output_format == "json":
        document = {
            "source_language": settings.source_language,
            "catalogs": [{"language": item.language, "article": item.article, "path": item.path,
                          **_json_counts(item.counts), "up_to_date": item.up_to_date}
                         for item in statuses],
            "totals": _json_counts(totals),
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif output_format == "github":
        level = "error" if check else "warning"
        for item in statuses:
            for finding in item.findings:
                if check and finding.state.value not in failing_states:
                    continue
                click.echo(f"::{level} file={_github_escape(item.path, True)},line={finding.line}::"
                           f"{finding.state.value}: {_github_escape(_shorten(finding.msgid))}")
            if check and "outdated" in failing_states and not item.up_to_date:
                click.echo(f"::error file={_github_escape(item.path, True)},line=1::"
                           f"outdated: run `bitext update` to merge the current source")
    else:
        _print_table(statuses, totals)
    if failed:
        ctx.exit(EXIT_CHECK_FAILED)


def _show_progress() -> bool:
    """A progress bar only for a person at a terminal, never in CI logs."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@cli.command()
@LANG_OPTION
@click.option("--threshold", type=click.FloatRange(0, 100), default=None,
              help="Minimum percent of translated words for an edition (default: the setting, 80).")
@click.option("--stale", "stale_mode", type=click.Choice(["source", "translation"]), default="source",
              show_default=True,
              help="Show stale segments in English (source) or as their outdated translation, marked.")
@click.pass_context
def build(ctx: click.Context, languages: tuple[str, ...], threshold: float | None, stale_mode: str) -> None:
    """Write the translated editions and the bilingual outputs into build/.

    For each article and language: <slug>.md (or .txt) and <slug>.html, the edition
    (only when at least --threshold percent of its words are translated); the
    side-by-side <slug>.bilingual.html; the <slug>.tmx translation memory. Then
    build/index.html lists every article and language with its completion. Catalogs
    are merged with the current source in memory, so stale segments are never
    published as current translations.
    """
    from bitext.building import build_publication, write_index

    settings = _settings(ctx)
    threshold = settings.threshold if threshold is None else threshold
    chosen = _languages(settings, languages)
    plans = plan_publication(settings, tuple(chosen), keep_texts=False)  # reads and validates every input first

    def progress(items):
        if not (_show_progress() and len(plans) > 1):
            return items
        return _progress_iter(items, len(plans))

    built = build_publication(settings, plans, threshold, stale_mode, progress)
    index = write_index(settings, built, threshold)
    for item in built:
        if not item.published:
            click.echo(f"bitext: warning: {item.slug} ({item.language}): {item.counts.percent:.1f}% of words "
                       f"translated, below the threshold of {threshold:g}%: no edition written", err=True)
    for language in chosen:
        results = [item for item in built if item.language == language]
        total = Counts()
        for item in results:
            total.add(item.counts)
        editions = sum(1 for item in results if item.published)
        click.echo(f"{language}: {len(results)} article{'s' if len(results) != 1 else ''}, "
                   f"{editions} edition{'s' if editions != 1 else ''}, {total.percent:.1f}% of words "
                   f"translated, {total.stale} stale, {total.untranslated} untranslated -> "
                   f"{settings.build_dir}/{language}/")
    click.echo(f"index: {index}")


def _progress_iter(items, length: int):
    with click.progressbar(items, length=length, label="building", file=sys.stderr) as bar:
        yield from bar


@cli.command(name="import")
@click.argument("raw", type=click.Path(dir_okay=False))
@click.option("--slug", required=True, help="The article's slug: source/<slug>.md is written.")
@click.option("--force", is_flag=True, help="Overwrite an existing source/<slug>.md.")
@click.pass_context
def import_(ctx: click.Context, raw: str, slug: str, force: bool) -> None:
    """Turn a plain-text article copied from a web page into source/<slug>.md.

    Drops site navigation, recognises title, standfirst, authors, date, headings, photo
    caption and credit, and prints every decision so a person can correct it.
    """
    from bitext.importer import import_article

    settings = _settings(ctx)
    if not slug or slug.startswith("/") or ".." in Path(slug).parts or slug.endswith((".md", ".txt")):
        raise BitextError(f"invalid slug {slug!r}: use a relative name like 2026/la-raids, without suffix")
    target = settings.root / settings.source_dir / f"{slug}.md"
    shown = f"{settings.source_dir}/{slug}.md"
    if target.exists() and not force:
        raise BitextError("already exists; use --force to overwrite it", shown)
    try:
        data = Path(raw).read_bytes()
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", raw) from None
    from bitext.segment import decode_source

    result = import_article(decode_source(data, raw), raw)
    for decision in result.decisions:
        click.echo(f"{raw}:{decision.line}: {decision.action}: {_shorten(decision.text, 100)}")
    write_atomic(target, result.markdown)
    click.echo(f"wrote {shown}")


def main() -> None:  # pragma: no cover - console entry point alias
    cli()
