"""The command line: options, progress, printing and exit codes (SPEC section 6).

This is the only module that prints or decides exit codes.  Exit 0: success; 1: a check
failed (`status --check`); 2: bad usage or bad input, printed as one line
`bitext: error: PATH[:LINE]: what is wrong`, with no file written.  Every command
reads and validates all its inputs before it writes anything.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import sys
from pathlib import Path

import click

from bitext import __version__
from bitext.config import Settings, find_root, load_settings
from bitext.errors import BitextError, SettingsError
from bitext.files import UNCHECKED, FolderLock, WriteSet, clean_temporaries
from bitext.lang import normalize_language
from bitext.model import Counts
from bitext.paths import name_problem
from bitext.status import DEFAULT_FAIL_ON, FAIL_ON_CHOICES, FIX, CatalogStatus


# The publication machinery (PO reader and writer, merge, comparison) is imported on
# first use: `bitext --version`, `--help` and `init` do not pay for it.
def plan_publication(*args, **kwargs):
    from bitext.publication import plan_publication as plan

    return plan(*args, **kwargs)


def status_of(*args, **kwargs):
    from bitext.publication import status_of as status

    return status(*args, **kwargs)


def replan_catalog(*args, **kwargs):
    from bitext.publication import replan_catalog as replan

    return replan(*args, **kwargs)


def replan_template(*args, **kwargs):
    from bitext.publication import replan_template as replan

    return replan(*args, **kwargs)


EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE: a bug of ours, not the user's input


def _remember_directory(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """`-C DIR` given after the subcommand: it names the publication, as it does before it."""
    if value is not None:
        ctx.ensure_object(dict)["directory"] = value


DIRECTORY_HELP = "Run in this publication folder instead of the one found from the current folder."


def directory_option() -> click.Option:
    return click.Option(["-C", "directory"], type=click.Path(exists=True, file_okay=False), metavar="DIR",
                        expose_value=False, callback=_remember_directory, help=DIRECTORY_HELP)


def _collecting_rarely(run, *args):
    """`run(*args)` with the cyclic garbage collector running rarely, then as before.

    A command builds hundreds of thousands of long-lived objects (entries, segments)
    and frees few before it ends; at CPython's default thresholds the collector scans
    them again and again: a third of `status` on a 20,000-segment article.  Peak memory
    is unchanged (what bitext frees is not cyclic).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(20_000, 20, 100)
    try:
        return run(*args)
    finally:
        gc.set_threshold(*thresholds)


# Click >= 8.2 raises this for a bare `bitext`; 8.1 prints the help itself and exits 0
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class BitextGroup(click.Group):
    """What every command gets without asking: `-C DIR` before or after its name, usage
    errors as one line (`bitext: error: ...`, exit 2), and every BitextError as one line
    on stderr with exit code 2.  Commands added later inherit all three."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        # git's habit: `bitext status -C pub` works as `bitext -C pub status` does
        if not any("-C" in getattr(param, "opts", ()) for param in cmd.params):
            cmd.params.append(directory_option())
        super().add_command(cmd, name)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as error:  # bare `bitext`: the help, as Click shows it
            error.show()
            sys.exit(error.exit_code)
        except click.UsageError as error:
            # Click's usage block is 3-4 lines; one line says the same and greps well
            command = error.ctx.command_path if error.ctx is not None else "bitext"
            message = error.format_message().rstrip(".")
            click.echo(f"bitext: error: {message}; see '{command} --help'", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as error:
            click.echo(f"bitext: error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("bitext: interrupted", err=True)
            sys.exit(130)
        except OSError as error:
            if error.errno == errno.EPIPE:  # `bitext status | head`: the reader left, not an error of ours
                sys.exit(1)
            raise
        # in non-standalone mode Click returns the exit code of ctx.exit(), or the command's value
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return _collecting_rarely(super().invoke, ctx)
        except BitextError as error:
            click.echo(f"bitext: error: {error}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("bitext: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `bitext status | head`: the reader left, which is no bug; silence the final flush
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError, AttributeError):
                pass
            ctx.exit(1)
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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _warn(message: str) -> None:
    click.echo(f"bitext: warning: {message}", err=True)


def _check_sources(settings: Settings) -> list:
    """Warn about sources left out and about a publication with no article yet; the articles
    (one scan of the source folder serves both)."""
    scan = settings.scan_sources()  # a source_dir naming a file is an error (exit 2) here
    for path in scan.hidden:
        _warn(f"{path}: skipped: it is in a hidden folder or is a hidden file (name starting with a dot)")
    if not scan.files:
        where = settings.source_dir
        if not scan.folder_exists:
            _warn(f"{where}/ does not exist: no articles yet; create it and write {where}/<slug>.md")
        else:
            _warn(f"no articles in {where}/ yet: write {where}/<slug>.md (Markdown) or .txt (plain text), "
                  "then run `bitext update`")
    return scan.files


def _languages(settings: Settings, chosen: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(chosen)) if chosen else settings.languages


@click.group(name="bitext", cls=BitextGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "directory", type=click.Path(exists=True, file_okay=False), metavar="DIR", help=DIRECTORY_HELP)
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


def _locked(settings: Settings, folder: str, command: str, suffixes: tuple[str, ...]) -> FolderLock:
    """Hold the lock of the folder a command writes; clean the temporaries a killed run left there."""
    lock = FolderLock(settings.abspath(folder), folder, command)
    if lock.acquire():
        clean_temporaries(settings.abspath(folder), suffixes)
    return lock


CATALOG_SUFFIXES = (".po", ".pot")
BUILD_SUFFIXES = (".md", ".txt", ".html", ".tmx", ".xml")


def _write_template(writes: WriteSet, settings: Settings, plan, written=None) -> None:
    """Put the plan's template in `writes`: its temporary, or the one `written` in a worker
    (`_write_in_worker`: its Pending and fingerprint)."""
    template = plan.template

    def again():
        fresh = replan_template(settings, plan)
        return (fresh.new_text if fresh.changed else None), fresh.fingerprint, (plan, None)

    _join(writes, settings, template, again, (plan, None), written)


def _write_catalog(writes: WriteSet, settings: Settings, plan, catalog, purge_obsolete: bool,
                   written=None, rewrite=None) -> None:
    """Put a catalog in `writes`, as `_write_template`; `rewrite`: the Pending a worker wrote
    for this file before the memory changed the catalog, written again in its place."""
    def again():
        fresh = replan_catalog(settings, plan, catalog, purge_obsolete)
        return (fresh.new_text if fresh.changed else None), fresh.fingerprint, (plan, fresh)

    if rewrite is not None:
        writes.rewrite(rewrite, catalog.new_text, expected=catalog.fingerprint, replan=again, tag=(plan, catalog))
        return
    _join(writes, settings, catalog, again, (plan, catalog), written)


def _join(writes: WriteSet, settings: Settings, planned, again, tag, written) -> None:
    if written is None:
        writes.write(settings.abspath(planned.path), planned.path, planned.new_text,
                     expected=planned.fingerprint, replan=again, tag=tag)
    else:
        pending, ours = written
        pending.expected = planned.fingerprint
        writes.adopt(pending, tag=tag, ours=ours, replan=again)


def _write_in_worker(settings: Settings):
    """`update`'s `after` (`plan_publication`): in the worker that planned an article, the
    temporaries of its changed catalogs, then of its template (`update` writes them in that
    order), so the parent neither writes them one after another nor receives their texts;
    the texts are dropped.  The plan's `after`: `(catalog or template, Pending, fingerprint)`
    for each file written.  A catalog the memory then changes is written again (`update`)."""
    from bitext.files import discard_pending, write_pending

    def write(plan) -> list:
        written = []
        try:
            for planned in (*(catalog for catalog in plan.catalogs if catalog.changed),
                            *((plan.template,) if plan.template.changed else ())):
                written.append((planned, *write_pending(settings.abspath(planned.path), planned.path,
                                                        planned.new_text)))
        except BaseException:
            for _planned, pending, _ours in written:
                discard_pending(pending)
            raise
        for planned in (plan.template, *plan.catalogs):
            planned.drop_texts()
        return written

    return write


def _received_written(writes: WriteSet, settings: Settings, purge_obsolete: bool):
    """`update`'s `received`: the temporaries a worker wrote join `writes` as their plan
    arrives, in slug order (any error from then on removes them with the set)."""
    def received(plan) -> None:
        for planned, pending, ours in plan.after or ():
            if planned is plan.template:
                _write_template(writes, settings, plan, (pending, ours))
            else:
                _write_catalog(writes, settings, plan, planned, purge_obsolete, (pending, ours))

    return received


@cli.command()
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--lang", "languages", multiple=True, required=True, type=LanguageType(),
              help="A language to translate into (repeatable; at least one).")
@click.option("--source-language", type=LanguageType(), default="en", show_default=True,
              help="The language the articles are written in.")
@click.pass_context
def init(ctx: click.Context, folder: str | None, languages: tuple[str, ...], source_language: str) -> None:
    """Start a publication in FOLDER (default: the current folder, or -C DIR).

    Writes bitext.toml (or a [tool.bitext] table in an existing pyproject.toml), creates
    source/ and locales/, and ignores the build folder in .gitignore (appending to an
    existing one). Refuses, writing nothing, where a publication already is. To add a
    language later, add it to `languages` in the settings and run `bitext update`.
    """
    from bitext.init import apply_init, plan_init

    base = Path(ctx.obj.get("directory") or ".")
    target = base / folder if folder else base
    plan = plan_init(target.resolve(), languages, source_language)
    apply_init(plan)
    for step in plan.steps:
        if step.action == "keep":
            click.echo(f"kept {step.path} (already there)")
        elif step.path == plan.settings_file:
            verb = "created" if step.action == "create" else "added [tool.bitext] to"
            click.echo(f"{verb} {step.path}: source language {plan.source_language}, "
                       f"languages {', '.join(plan.languages)}")
        elif step.path == ".gitignore":
            verb = "created" if step.action == "create" else "added the build folder to"
            click.echo(f"{verb} .gitignore")
        else:
            click.echo(f"created {step.path}")
    # the next commands, runnable from where the user stands
    shown = os.path.relpath(target.resolve())
    if shown.startswith(".."):
        shown = str(target.resolve())
    editor_path = "source/hello.md" if shown == "." else f"{shown}/source/hello.md"
    bitext = "bitext" if shown == "." else f"bitext -C {shown}"
    first = plan.languages[0]
    lines = [(f"$EDITOR {editor_path}", "write an English article (Markdown)"),
             (f"{bitext} update", f"make its catalogs, e.g. locales/{first}/LC_MESSAGES/hello.po"),
             (f"{bitext} status", "what is left to translate (translate the .po files, then `bitext build`)")]
    width = max(len(command) for command, _ in lines)
    click.echo("next:")
    for command, why in lines:
        click.echo(f"  {command.ljust(width)}  # {why}")


@cli.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Write locales/<slug>.pot, the template of each article.

    Only templates whose content changes are written; each written one is named with its
    number of segments.
    """
    settings = _settings(ctx)
    _check_sources(settings)
    with _locked(settings, settings.locales_dir, "extract", CATALOG_SUFFIXES), WriteSet() as writes:
        plans = plan_publication(settings, ())
        for plan in plans:
            if plan.template.changed:
                _write_template(writes, settings, plan)
        written = writes.commit()
    for plan, _ in written:
        click.echo(f"{plan.template.path}: {len(plan.messages)} segments")
    unchanged = len(plans) - len(written)
    if written:
        click.echo(f"extract: {_plural(len(written), 'template')} written, {unchanged} already up to date")
    else:
        click.echo(f"nothing to do: {_plural(unchanged, 'template')} up to date")


def _plan_everything(settings: Settings, languages, purge_obsolete: bool = False, keep_texts: bool = True,
                     memory: bool | None = None):
    """Templates and catalogs, merged in memory; raises before anything is written.

    `memory` None: pre-fill from the memory, reading its files only if a segment needs
    them (status); True: and always read them, so a malformed one is reported (update).
    """
    plans = plan_publication(settings, tuple(languages), purge_obsolete, keep_texts=keep_texts,
                             memory=memory is not False, read_memory_files=bool(memory))
    templates = [plan.template for plan in plans]
    catalogs = [catalog for plan in plans for catalog in plan.catalogs]
    return templates, catalogs


def _describe(plan) -> str:
    counts = status_of(plan, words=False).counts  # (the line shows no word counts)
    verb = "updated" if plan.exists else "created"
    return (f"{plan.path}: {verb}: {counts.translated} translated, {counts.stale} stale, "
            f"{counts.untranslated} untranslated, {counts.obsolete} obsolete")


@cli.command()
@LANG_OPTION
@click.option("--purge-obsolete", is_flag=True, help="Remove obsolete (#~) entries.")
@click.option("--no-memory", is_flag=True,
              help="Do not pre-fill new segments from other catalogs or the memory files.")
@click.pass_context
def update(ctx: click.Context, languages: tuple[str, ...], purge_obsolete: bool, no_memory: bool) -> None:
    """Extract, then merge the source into every catalog (msgmerge's contract).

    Creates missing catalogs; keeps every translation (unused ones become obsolete #~
    entries); marks carried-over translations of changed segments fuzzy with the
    previous English (#|). A segment new to its catalog is pre-filled from the
    translation memory (the other catalogs of its language and the `memory` files):
    an exact match as translated, a similar one as fuzzy; one line says where each came
    from. Only changed files are written.
    """
    settings = _settings(ctx)
    sources = _check_sources(settings)
    # Plan everything, write every temporary, then replace: a full disk or a read-only
    # folder changes nothing, and a catalog saved meanwhile is merged again, never overwritten.
    with _locked(settings, settings.locales_dir, "update", CATALOG_SUFFIXES), WriteSet() as writes:
        from bitext.updatecache import UpdateRecord

        chosen = tuple(_languages(settings, languages))
        # an article whose files are as the last update left them is not planned again
        record = UpdateRecord(settings)
        todo = sources if purge_obsolete else [source for source in sources if not record.clean(source, chosen)]
        clean = len(sources) - len(todo)
        if todo or (settings.memory and not no_memory):
            # each article's changed files are written where it is planned (`_write_in_worker`)
            plans = plan_publication(settings, chosen, purge_obsolete, memory=not no_memory,
                                     read_memory_files=not no_memory, sources=todo, every_source=sources,
                                     after=_write_in_worker(settings), after_every=True,
                                     received=_received_written(writes, settings, purge_obsolete),
                                     remember_pairs=True)
        else:  # every article clean, no memory file to check: the planner is not even loaded
            plans = []
        for plan in plans:
            # a catalog the memory changed after its worker wrote it is written again, in its place
            early = {planned.path: (planned, pending) for planned, pending, _ours in plan.after or ()}
            for catalog in plan.catalogs:
                planned, pending = early.get(catalog.path, (None, None))
                if planned is catalog:
                    continue
                if pending is not None and catalog.changed:
                    _write_catalog(writes, settings, plan, catalog, purge_obsolete, rewrite=pending)
                elif pending is not None:
                    writes.forget([pending])
                elif catalog.changed:
                    _write_catalog(writes, settings, plan, catalog, purge_obsolete)
            if plan.after is None and plan.template.changed:  # (no worker wrote it)
                _write_template(writes, settings, plan)
            plan.after = None
        try:
            written = writes.commit()
        except BitextError as error:  # a file that kept changing: say what was written all the same
            _report_update(getattr(error, "written", []), plans, clean, len(chosen))
            raise
        paths = {catalog.path if catalog is not None else plan.template.path for plan, catalog in written}
        for plan in plans:
            record.planned(plan, paths)
        if plans or record.states.new.keys() != record.states.old.keys() or record.states.read:
            record.save()  # (otherwise the record on disk already says all this)
    # what `status` would compute of the catalogs left as they were: it need not read them again
    # (not with --purge-obsolete: status plans without purging, so its plans are not these)
    if plans and not purge_obsolete:
        from bitext.statusmemo import remember_update

        remember_update(settings, plans, paths)
    _report_update(written, plans, clean, len(chosen))


def _report_update(written, plans, clean: int = 0, languages: int = 0) -> None:
    """`clean`: articles not planned (as the last update left them), of `languages` catalogs each."""
    templates_written = created = updated = 0
    for _, catalog in written:
        if catalog is None:
            templates_written += 1
            continue
        click.echo(_describe(catalog))
        for offer in catalog.prefills:
            click.echo(_describe_prefill(catalog.path, offer))
        if catalog.exists:
            updated += 1
        else:
            created += 1
    catalogs = sum(len(plan.catalogs) for plan in plans) + clean * languages
    unchanged = catalogs - created - updated
    if created or updated or templates_written:
        click.echo(f"update: {_plural(created + updated, 'catalog')} written ({created} created, "
                   f"{updated} updated), {_plural(templates_written, 'template')} written, "
                   f"{unchanged} {'catalog' if unchanged == 1 else 'catalogs'} already up to date")
    else:
        click.echo(f"nothing to do: {_plural(catalogs, 'catalog')} and "
                   f"{_plural(len(plans) + clean, 'template')} up to date")


def _describe_prefill(path: str, offer) -> str:
    how = "exact" if offer.exact else f"fuzzy, {offer.score:.0%} similar"
    return f"  {path}: pre-filled ({how}) from {offer.origin}: {_shorten(offer.msgid, 60)}"


def _fail_on(value: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    unknown = [item for item in items if item not in FAIL_ON_CHOICES]
    if unknown or not items:
        raise click.BadParameter(f"choose from {', '.join(FAIL_ON_CHOICES)} (comma-separated)",
                                 param_hint="'--fail-on'")
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
    headers = ("catalog", "segments", "translated", "stale", "untranslated", "obsolete", "words %", "file")
    rows = []
    for status in statuses:
        c = status.counts
        note = "" if status.exists else "missing"
        if status.exists and not status.up_to_date:
            note = "outdated: needs update"
        elif status.layout:
            note = "layout only"
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


def _catalog_problems(item: CatalogStatus) -> list[tuple[str, int, str]]:
    """(state, line, message) for an outdated, missing or layout-only catalog."""
    if not item.exists:
        return [("outdated", 1, f"missing: {FIX['missing']}")]
    if not item.up_to_date and item.difference is not None:
        return [("outdated", item.difference.line,
                 f"outdated: {item.difference.what}; {FIX['outdated']}")]
    if item.layout:
        return [("layout", item.layout_line or 1,
                 f"layout: what the catalog says is current, but from this line on its layout (wrapping, "
                 f"string splits) is not GNU's canonical form; {FIX['layout']}")]
    return []


def _segment_message(state: str, msgid: str) -> str:
    return f"{state}: {_shorten(msgid)} — {FIX[state]}"


def _print_check_failures(statuses: list[CatalogStatus], failing_states: tuple[str, ...],
                          per_state: int = 10) -> None:
    """After the table: each failure, where it is and how to fix it (a summary follows on stderr)."""
    click.echo("")
    for item in statuses:
        states = item.failed_states(failing_states)
        for state in ("stale", "untranslated"):
            if state not in states:
                continue
            findings = [finding for finding in item.findings if finding.state.value == state]
            for finding in findings[:per_state]:
                click.echo(f"{item.path}:{finding.line}: {_segment_message(state, finding.msgid)}")
            if len(findings) > per_state:
                click.echo(f"{item.path}: ... and {len(findings) - per_state} more {state} segments "
                           f"(`bitext status --format github` lists every one)")
        for state, line, message in _catalog_problems(item):
            if state in states:
                click.echo(f"{item.path}:{line}: {message}")


@cli.command()
@LANG_OPTION
@format_option("text", "json", "github")
@click.option("--check", is_flag=True, help="Exit 1 when a catalog has a segment in a --fail-on state.")
@click.option("--fail-on", default=",".join(DEFAULT_FAIL_ON), show_default=True,
              help="Comma list of states that fail --check: stale, untranslated, outdated "
                   "(`update` would change what the catalog says), layout (only the layout "
                   "differs from GNU's canonical form; not failing by default).")
@click.pass_context
def status(ctx: click.Context, languages: tuple[str, ...], output_format: str, check: bool,
           fail_on: str) -> None:
    """Count translated, stale and untranslated segments per catalog.

    States are computed against the current source, as `update` would merge it, without
    writing anything: an English edit without `update` still shows as stale. A catalog
    is outdated when `update` would change what it says, and layout-only when just its
    layout differs from GNU's (another wrap width); with --check, each failure is
    printed with its line and how to fix it.
    """
    failing_states = _fail_on(fail_on)
    settings = _settings(ctx)
    _check_sources(settings)
    from bitext.statusmemo import publication_statuses

    statuses = publication_statuses(settings, tuple(_languages(settings, languages)), plan_publication)
    totals = Counts()
    for item in statuses:
        totals.add(item.counts)
    failed = check and any(item.failed(failing_states) for item in statuses)
    if output_format == "json":
        document = {
            "source_language": settings.source_language,
            "catalogs": [{"language": item.language, "article": item.article, "path": item.path,
                          **_json_counts(item.counts), "up_to_date": item.up_to_date,
                          "layout": item.layout}
                         for item in statuses],
            "totals": _json_counts(totals),
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif output_format == "github":
        level = "error" if check else "warning"
        for item in statuses:
            where = f"file={_github_escape(item.path, True)}"
            for finding in item.findings:
                if check and finding.state.value not in failing_states:
                    continue
                click.echo(f"::{level} {where},line={finding.line}::"
                           f"{_github_escape(_segment_message(finding.state.value, finding.msgid))}")
            for state, line, message in _catalog_problems(item):
                # a layout difference is only news unless chosen to fail; shown under --check too
                if check and state in failing_states:
                    kind = "error"
                else:
                    kind = "warning" if state == "outdated" else "notice"
                click.echo(f"::{kind} {where},line={line}::{_github_escape(message)}")
    else:
        _print_table(statuses, totals)
        if failed:
            _print_check_failures(statuses, failing_states)
            click.echo(_check_failure(statuses, failing_states), err=True)
    if failed:
        ctx.exit(EXIT_CHECK_FAILED)


# How to fix each state `--check` can fail on; a state added later without one gets a generic line.
_FIXES = {
    "stale": "review the fuzzy entries in the PO files and clear their fuzzy flag",
    "untranslated": "translate the empty entries in the PO files",
    "outdated": "run `bitext update` and commit the catalogs",
    "layout": "run `bitext update` to rewrite them in GNU's layout (nothing to translate)",
}


def _check_failure(statuses: list[CatalogStatus], failing_states: tuple[str, ...]) -> str:
    """One line after the table: which states failed the check, how many, and how to fix them."""
    parts, fixes = [], []
    for state in failing_states:
        catalogs = [item for item in statuses if item.failed((state,))]
        if not catalogs:
            continue
        if state == "stale":
            parts.append(f"{_plural(sum(item.counts.stale for item in catalogs), 'segment')} stale")
        elif state == "untranslated":
            parts.append(f"{_plural(sum(item.counts.untranslated for item in catalogs), 'segment')} untranslated")
        else:
            parts.append(f"{_plural(len(catalogs), 'catalog')} {state}")
        fixes.append(_FIXES.get(state, f"see the catalogs marked {state} above"))
    return (f"bitext: check failed: {', '.join(parts)} (--fail-on {','.join(failing_states)}); to fix: "
            + "; ".join(fixes))


@cli.command()
@LANG_OPTION
@format_option("text", "json", "github")
@click.pass_context
def check(ctx: click.Context, languages: tuple[str, ...], output_format: str) -> None:
    """Check every translated entry: markup, numbers, glossary terms, and more.

    Errors (exit 1): markup (links, URLs, code spans, emphasis, inline HTML differ from the
    source), number (a source number missing in every form the language writes it),
    glossary (a term of locales/<lang>/glossary.csv not rendered as required). Warnings:
    copy, punctuation, whitespace, length, brackets. Fuzzy and untranslated entries are
    not checked. A translator comment `# bitext: ignore CODE -- reason` silences CODE on
    that entry. Prints one line per finding, `PATH:LINE: CODE LEVEL: message` (LINE: the
    entry's msgid), then a summary on stderr. Writes nothing.
    """
    from bitext.checks import check_publication

    settings = _settings(ctx)
    _check_sources(settings)
    report = check_publication(settings, _languages(settings, languages))
    if output_format == "json":
        click.echo(json.dumps([finding.as_dict() for finding in report.findings], ensure_ascii=False, indent=2))
    elif output_format == "github":
        for finding in report.findings:
            click.echo(f"::{finding.level} file={_github_escape(finding.path, True)},line={finding.line}::"
                       f"{finding.code}: {_github_escape(finding.message)}")
    else:
        for finding in report.findings:
            click.echo(f"{finding.path}:{finding.line}: {finding.code} {finding.level}: {finding.message}")
    if output_format != "json":
        click.echo(f"{report.entries} translated entr{'y' if report.entries == 1 else 'ies'} in "
                   f"{_plural(report.catalogs, 'catalog')}: {_plural(report.errors, 'error')}, "
                   f"{_plural(report.warnings, 'warning')}, {report.silenced} silenced", err=True)
    if report.errors:
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
@click.option("--force", is_flag=True,
              help="Rebuild every output, even those the build's record says are up to date.")
@click.pass_context
def build(ctx: click.Context, languages: tuple[str, ...], threshold: float | None, stale_mode: str,
          force: bool) -> None:
    """Write the translated editions and the bilingual outputs into build/.

    For each article and language: <slug>.md (or .txt) and <slug>.html, the edition
    (only when at least --threshold percent of its words are translated; with
    --stale translation stale words count); the side-by-side <slug>.bilingual.html;
    the <slug>.tmx translation memory. The original is written as a page too, files
    the articles point at are copied once to build/assets/, and every page links to
    the article's other editions and to build/index.html, which lists every article
    and language with its completion (and build/sitemap.xml with base_url). Catalogs
    are merged with the current source in memory, so stale segments are never
    published as current translations.

    Only what changed is rebuilt: build/.bitext-build.json records what each output
    was made from (source, catalogs, settings, options, bitext itself), so an
    unchanged article is not read again, a removed article's outputs are removed, and
    a deleted or hand-edited output is written again. --force rebuilds everything.
    """
    from bitext.building import build_publication, link_beside, save_record, write_site
    from bitext.outputs.i18n import ui_translations

    settings = _settings(ctx)
    threshold = settings.threshold if threshold is None else threshold
    chosen = _languages(settings, languages)
    sources = _check_sources(settings)
    every = tuple(dict.fromkeys((*settings.languages, *chosen)))
    with _locked(settings, settings.build_dir, "build", BUILD_SUFFIXES), WriteSet() as writes:
        # every configured language is planned (read-only) so the index and the language links
        # know them all; only the chosen ones are written
        # (only the articles the build's record does not show unchanged are planned)
        def planner(todo, keep=True, **options):
            # reads and validates; the plans of `keep` (all by default) keep their parsed
            # article, so build parses each article once; the memory draws on every article's catalogs
            # (`options`: the workers, and what they do with each plan: `plan_publication`)
            return plan_publication(settings, every, keep_texts=False, sources=todo, keep_articles=keep,
                                    every_source=sources, compare=False, **options)

        # every output is written as a temporary first, then all are renamed together
        result = build_publication(settings, sources, planner, chosen, threshold, stale_mode,
                                   writes, _build_progress, force=force, every=every)
        index, sitemap, sitemap_removed = write_site(settings, result, threshold, every, writes, force)
        writes.commit()
        link_beside(result)
        save_record(settings, result)
    for path, line, url in result.missing:
        click.echo(f"bitext: warning: {path}:{line}: {url}: no such file in {settings.source_dir}/; "
                   "the reference is left as written", err=True)
    counted = "translated words and stale words shown as their outdated translation" \
        if stale_mode == "translation" else "translated words"
    for item in result.catalogs:
        if item.built and not item.published:
            removed = f"; removed {', '.join(item.removed)}" if item.removed else ""
            untouched = [code for code in every if code not in chosen]
            if item.removed and untouched:
                removed += (f" (the pages of {', '.join(untouched)} still link to it until a full `bitext build`)")
            click.echo(f"bitext: warning: {item.slug} ({item.language}): {item.percent:.1f}% of words "
                       f"({counted}), below the threshold of {threshold:g}%: no edition written{removed}",
                       err=True)
    for language in dict.fromkeys((settings.source_language, *chosen)):
        if ui_translations(language).fallback:
            click.echo(f"bitext: note: bitext's own page words are not translated into {language} yet: "
                       f"its pages show their labels in English", err=True)
    for language in chosen:
        results = [item for item in result.catalogs if item.language == language]
        total = Counts()
        for item in results:
            total.add(item.counts)
        editions = sum(1 for item in results if item.published)
        click.echo(f"{language}: {len(results)} article{'s' if len(results) != 1 else ''}, "
                   f"{editions} edition{'s' if editions != 1 else ''}, {total.percent:.1f}% of words "
                   f"translated, {total.stale} stale, {total.untranslated} untranslated -> "
                   f"{settings.build_dir}/{language}/")
    originals = len(result.originals)
    click.echo(f"{settings.source_language}: {originals} original{'s' if originals != 1 else ''} -> "
               f"{settings.build_dir}/{settings.source_language}/")
    if result.reused:
        click.echo(f"unchanged: {result.reused} article{'s' if result.reused != 1 else ''} not rebuilt "
                   f"(bitext build --force rebuilds them)")
    for path in result.gone:
        click.echo(f"removed {path}")
    if result.assets:
        click.echo(f"assets: {result.assets} file{'s' if result.assets != 1 else ''} copied -> "
                   f"{settings.build_dir}/assets/")
    click.echo(f"index: {index}")
    if sitemap:
        click.echo(f"sitemap: {sitemap}")
    else:
        if sitemap_removed:
            click.echo(f"removed {settings.sitemap_path()} (no base_url setting)")
        click.echo("bitext: note: no base_url setting: no sitemap.xml and no canonical links "
                   "(set base_url to where build/ is published)", err=True)


def _build_progress(items, length: int):
    """A progress bar over the articles being written, for a person at a terminal."""
    if not (_show_progress() and length > 1):
        return items
    return _progress_iter(items, length)


def _progress_iter(items, length: int):
    with click.progressbar(items, length=length, label="building", file=sys.stderr) as bar:
        yield from bar


@cli.command()
@click.argument("slug")
@click.argument("translation", type=click.Path(dir_okay=False))
@click.option("--lang", "language", required=True, type=LanguageType(),
              help="The language of the translation (its catalog is written).")
@click.option("--overwrite", is_flag=True,
              help="Replace existing translations too (default: keep them, fill only empty entries).")
@click.pass_context
def align(ctx: click.Context, slug: str, translation: str, language: str, overwrite: bool) -> None:
    """Bootstrap a catalog from an already published translation of an article.

    TRANSLATION (Markdown .md, else plain text) is cut into segments as sources are,
    aligned with the article's segments (one-to-one, one-to-two, two-to-one, and
    segments on one side only), and its text written into the catalog as fuzzy entries
    for review. Prints each alignment with a confidence, then the ones to check first.
    """
    from bitext.align import LOW_CONFIDENCE, align_segments, fill_catalog
    from bitext.pofile import generate_po, read_po
    from bitext.publication import load_article, now_string, plan_article
    from bitext.segment import decode_source, read_article

    settings = _settings(ctx)
    source = next((item for item in settings.source_files() if item.slug == slug), None)
    if source is None:
        raise BitextError(f"no article {slug!r} in {settings.source_dir}/ (give its slug, like 2026/la-raids)")
    try:
        data = Path(translation).read_bytes()
    except OSError as error:
        raise BitextError(f"cannot read: {error.strerror}", translation) from None
    suffix = Path(translation).suffix.lower()
    as_path = translation if suffix in (".md", ".txt") else translation + (".md" if suffix == ".markdown" else ".txt")
    target = read_article(decode_source(data, translation), as_path, slug, settings.translate_front_matter)
    # Plan, align and write under the catalogs' lock, and never over a catalog that a
    # translator saved meanwhile (compared with what was read, as `update` does).
    with _locked(settings, settings.locales_dir, "align", CATALOG_SUFFIXES), WriteSet() as writes:
        article = load_article(settings, source).article
        plan = plan_article(settings, source, (language,), now_string())
        catalog_plan = plan.catalogs[0]
        catalog = read_po(catalog_plan.new_text, catalog_plan.path)
        beads = align_segments(article.segments, target.segments, article.format == target.format == "md")
        result = fill_catalog(catalog, article.segments, target.segments, beads, overwrite)
        new_text = generate_po(result.catalog)
        if new_text != catalog_plan.old_text:
            writes.write(settings.abspath(catalog_plan.path), catalog_plan.path, new_text,
                         expected=catalog_plan.fingerprint)
        if plan.template.changed:
            _write_template(writes, settings, plan)
        writes.commit()

    def where(segments, indices, path):
        return f"{path}:{segments[indices[0]].line}" if indices else "(none)"

    low = []
    for bead in beads:
        left = where(article.segments, bead.source, source.path)
        right = where(target.segments, bead.target, translation)
        english = " + ".join(_shorten(article.segments[k].text, 40) for k in bead.source) or "-"
        translated = " + ".join(_shorten(target.segments[k].text, 40) for k in bead.target) or "-"
        click.echo(f"{bead.kind}  {bead.confidence:.2f}  {left} -> {right}  {english} = {translated}")
        if bead.confidence < LOW_CONFIDENCE:
            low.append((bead, left, right))
    if low:
        click.echo(f"check first ({len(low)} below {LOW_CONFIDENCE:.2f} confidence):")
        for bead, left, right in sorted(low, key=lambda item: item[0].confidence):
            click.echo(f"  {bead.confidence:.2f}  {bead.kind}  {left} -> {right}")
    if new_text == catalog_plan.old_text:
        verb = "unchanged"
    else:
        verb = "updated" if catalog_plan.exists else "created"
    kept = f", {result.kept} existing translations kept (--overwrite replaces them)" if result.kept else ""
    click.echo(f"{catalog_plan.path}: {verb}: {result.filled} aligned translations to review (fuzzy){kept}")


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
    if (not slug or slug.startswith("/") or ".." in Path(slug).parts or slug.endswith((".md", ".txt"))
            or any(part.startswith(".") for part in Path(slug).parts) or name_problem(slug)):
        raise BitextError(f"invalid slug {slug!r}: use a relative name like 2026/la-raids, without suffix")
    shown = f"{settings.source_dir}/{slug}.md"
    target = settings.abspath(shown)  # a committed link (source -> elsewhere) is refused
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
    with WriteSet() as writes:  # a full disk or read-only folder: exit 2 with the path, nothing written
        # without --force, a file created meanwhile is not overwritten either
        writes.write(target, shown, result.markdown, expected=UNCHECKED if force else None)
        writes.commit()
    click.echo(f"wrote {shown}")


def main() -> None:  # pragma: no cover - console entry point alias
    cli()
