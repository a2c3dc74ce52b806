"""How well `bitext check` finds broken markup, numbers and terms, beside translate-toolkit's pofilter.

Not part of the test suite.  Run: ``python bench/check_eval.py`` (``--help`` for options).

The corpus is made of real translations:

- every translated, non-fuzzy entry of 12 python-docs-es catalogs (``library/re.po`` is
  malformed and ``whatsnew/changelog.po`` is release notes; both are left out), their reST
  inline markup rewritten as Markdown on both sides by the same rules (``rst_to_markdown``:
  ``` ``code`` ``` and ``:role:`x` `` become code spans, ``` `text <url>`_ ``` and
  ``:ref:`title <label>` `` links), with a termbase of 13 Python documentation terms
  (`PYTHON_TERMS`, the renderings python-docs-es uses);
- every entry of this repository's Spanish catalog (Markdown already), with
  ``locales/es/glossary.csv``.

Errors are injected into copies of the translations, one per entry, under a known truth:

- ``markup``: a link's URL changed, a link dropped (its text kept), a code span's backticks
  dropped, a closing ``**`` or ``*`` dropped, emphasis removed;
- ``number``: a number of the translation (one that is also in the source) changed by a
  digit, scaled by ten, or deleted;
- ``glossary``: a term rendered as the glossary requires replaced by a plausible wrong
  rendering (``función`` -> ``rutina``, ``redada`` -> ``incursión``, ``ICE`` -> ``la migra``),
  in every inflected form (chosen by the same Snowball stems), only where the clean
  translation satisfied the glossary.

Each tool checks the clean corpus and each injected corpus (the same PO files: one entry per
case, a unique ``msgctxt``).  An injected case counts as found when the tool reports, on the
injected entry, a finding it did not report on the clean one: for bitext, of the injected
kind's code; for pofilter, of any of its tests (the most generous reading: pofilter has no
Markdown, CLDR or glossary check by those names).  pofilter is given what it can use of the
glossary: the kept-as-is terms as ``--notranslatefile`` and the source terms that must be
translated as ``--musttranslatefile``.  "Findings on clean translations" counts the clean
entries a tool flags at all; these translations are published ones, so a few findings may
be true, but each is a finding a translator must read.

Prints markdown tables; ``--results FILE`` also writes them there.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "cli"))

from bitext.checks import Pair, check_pair, read_glossary  # noqa: E402
from bitext.checks.glossary import _stems  # noqa: E402
from bitext.pofile import POCatalog, POEntry, generate_po, read_po  # noqa: E402

DOCS = Path("/work/shared/data/python-docs-es")
SKIP = {"library/re.po", "whatsnew/changelog.po"}
OWN = REPO / "locales" / "es" / "LC_MESSAGES" / "la-immigrant-movement.po"
OWN_GLOSSARY = REPO / "locales" / "es" / "glossary.csv"
KINDS = ("markup", "number", "glossary")

# term, the rendering python-docs-es uses, a plausible wrong rendering
PYTHON_TERMS = [
    ("function", "función", "rutina"), ("string", "cadena", "string"), ("file", "archivo", "fichero"),
    ("list", "lista", "relación"), ("dictionary", "diccionario", "mapa"),
    ("exception", "excepción", "error"), ("argument", "argumento", "parámetro"),
    ("method", "método", "procedimiento"), ("attribute", "atributo", "propiedad"),
    ("object", "objeto", "elemento"), ("value", "valor", "dato"), ("module", "módulo", "paquete"),
    ("character", "carácter", "signo"),
]
# wrong renderings for terms of our own glossary (target or, for a kept term, the term)
OWN_WRONG = {
    "redada": "incursión", "huelga general": "paro general", "lucha de clases": "lucha clasista",
    "clase trabajadora": "clase obrera", "Guardia Nacional": "guardia estatal", "toque de queda": "cierre nocturno",
    "indocumentados": "ilegales", "gobierno": "administración", "movimiento obrero": "movimiento laboral",
    "santuario": "refugio", "respuesta rápida": "reacción inmediata", "de base": "populares",
    "bases": "militancia", "infantes de marina": "marines", "Edificio Federal": "edificio del gobierno",
    "Partido Demócrata": "partido azul", "Los Ángeles": "la ciudad", "centro escolar": "escuela",
    "ICE": "la migra", "SEIU": "el sindicato", "UTLA": "el sindicato docente", "CSDC": "la coalición",
    "LATU": "SILA", "UNITE HERE": "el sindicato hotelero", "cacerolazo": "ruido",
    "Coalición por la Autodefensa Comunitaria": "coalición de defensa",
    "movimiento obrero organizado": "sindicatos", "sindicalismo empresarial": "sindicalismo de negocios",
    "Proposición 50": "medida 50", "Unión del Barrio": "organización del barrio",
}


# --------------------------------------------------------------------------- corpus


def rst_to_markdown(text: str) -> str:
    """reST inline markup as Markdown (the same rules on source and translation)."""
    text = re.sub(r":[\w:+.-]+:`([^`<]*?)\s*<([^>`]+)>`", lambda m: f"[{m.group(1)}](#{m.group(2)})", text)
    text = re.sub(r":[\w:+.-]+:`!?~?([^`]+)`", r"`\1`", text)
    text = re.sub(r"`([^`<]+?)\s*<([^>`]+)>`__?", r"[\1](\2)", text)
    text = re.sub(r"``(.+?)``", r"`\1`", text)
    text = re.sub(r"(?<![`\w])`([^`]+)`_{1,2}(?!\w)", r"\1", text)
    return text.replace("\\ ", "")


@dataclass
class Case:
    key: str
    source: str
    translation: str
    origin: str  # "python-docs-es" or "own"


def load_cases(limit: int | None) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(DOCS.rglob("*.po")):
        relative = str(path.relative_to(DOCS))
        if relative in SKIP:
            continue
        catalog = read_po(path.read_bytes(), relative)
        for entry in catalog.entries:
            if entry.obsolete or not entry.translated or entry.msgid_plural is not None or not entry.msgid:
                continue
            cases.append(Case(f"{relative}:{entry.line}", rst_to_markdown(entry.msgid),
                              rst_to_markdown(entry.msgstr), "python-docs-es"))
    if limit:
        cases = cases[:limit]
    own = read_po(OWN.read_bytes(), str(OWN))
    for entry in own.entries:
        if entry.translated and not entry.obsolete:
            cases.append(Case(f"own:{entry.line}", entry.msgid, entry.msgstr, "own"))
    return cases


def python_glossary_csv() -> str:
    return "source,target,note\n" + "".join(f"{s},{t},\n" for s, t, _ in PYTHON_TERMS)


# --------------------------------------------------------------------------- injection

_CODE = re.compile(r"`[^`]+`")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


def _masked(text: str) -> str:
    """The text with code spans and link URLs blanked, so digits there are not touched."""
    text = _CODE.sub(lambda m: " " * len(m.group(0)), text)
    return re.sub(r"\]\(([^)]*)\)", lambda m: " " * len(m.group(0)), text)


def inject_markup(case: Case, rng: random.Random) -> str | None:
    t = case.translation
    options = []
    for m in _LINK.finditer(t):
        if m.group(2) in case.source:
            options.append(t[:m.start(2)] + m.group(2).rstrip("/") + "-changed" + t[m.end(2):])
            options.append(t[:m.start()] + m.group(1) + t[m.end():])
    for m in _CODE.finditer(t):
        if m.group(0) in case.source:
            options.append(t[:m.start()] + m.group(0)[1:-1] + t[m.end():])
    for m in re.finditer(r"\*\*([^*]+)\*\*", t):
        options.append(t[:m.end() - 2] + t[m.end():])
    for m in re.finditer(r"(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])", t):
        options.append(t[:m.start()] + m.group(1) + t[m.end():])
        options.append(t[:m.end() - 1] + t[m.end():])
    options = [option for option in options if option != t]
    return rng.choice(options) if options else None


def inject_number(case: Case, rng: random.Random) -> str | None:
    t = case.translation
    source_digits = set(re.findall(r"\d+", _masked(case.source)))
    masked = _masked(t)
    spans = [m for m in re.finditer(r"\d+(?:[.,\u00a0 ]\d{3})*", masked)
             if re.sub(r"\D", "", m.group(0)) in {re.sub(r"\D", "", d) for d in source_digits}
             or m.group(0) in source_digits]
    if not spans:
        return None
    m = rng.choice(spans)
    number = m.group(0)
    how = rng.choice(("digit", "scale", "delete"))
    if how == "scale" and not number.strip("0"):
        how = "digit"  # ten times zero is zero: no error injected
    if how == "delete":
        new = ""
    elif how == "scale":
        new = number + "0"
    else:
        last = int(number[-1])
        new = number[:-1] + str((last + rng.randint(1, 8)) % 10)
    return t[:m.start()] + new + t[m.end():]


def _replace_term(text: str, target: str, wrong: str) -> str | None:
    """Replace every inflected form of `target` (a word or phrase) with `wrong`."""
    words = list(re.finditer(r"\w+", text))
    want = _stems(tuple(w.lower() for w in re.findall(r"\w+", target)), "es")
    exact = [len(w) > 1 and w.isupper() for w in re.findall(r"\w+", target)]
    size = len(want)
    if not size:
        return None
    stems = _stems(tuple(w.group(0).lower() for w in words), "es")
    out, cursor, index, changed = [], 0, 0, False
    while index <= len(words) - size:
        window = words[index:index + size]
        if all((window[i].group(0) == re.findall(r"\w+", target)[i]) if exact[i] else stems[index + i] == want[i]
               for i in range(size)):
            plural = window[-1].group(0).endswith("s") and not target.endswith("s") and not exact[-1]
            out.append(text[cursor:window[0].start()])
            out.append(wrong + ("s" if plural and not wrong.endswith("s") else ""))
            cursor = window[-1].end()
            index += size
            changed = True
        else:
            index += 1
    if not changed:
        return None
    out.append(text[cursor:])
    return "".join(out)


def inject_glossary(case: Case, glossary, rng: random.Random) -> str | None:
    if glossary.check(_visible(case.source), _visible(case.translation)):
        return None  # the clean translation does not satisfy the glossary: no clean baseline
    options = []
    for term in glossary.terms:
        rendered = term.target or term.source
        wrong = OWN_WRONG.get(rendered) if case.origin == "own" else \
            next((w for s, t, w in PYTHON_TERMS if t == rendered), None)
        if not wrong:
            continue
        if not glossary.check(_visible(case.source), "") and False:
            continue
        # only a term the source holds: a glossary check of an empty translation names it
        if not any(f"“{term.source}”" in message for _, message in glossary.check(_visible(case.source), "")):
            continue
        new = _replace_term(case.translation, rendered, wrong)
        if new and new != case.translation:
            options.append(new)
    return rng.choice(options) if options else None


def _visible(text: str) -> str:
    from bitext.segment.inline import inspect_inline

    return inspect_inline(text).visible


# --------------------------------------------------------------------------- running the tools


def write_corpus(path: Path, cases: list[Case], translations: dict[str, str]) -> None:
    catalog = POCatalog(POEntry("", "Content-Type: text/plain; charset=UTF-8\nLanguage: es\n"), [])
    for case in cases:
        if case.key in translations:
            catalog.entries.append(POEntry(case.source, translations[case.key], msgctxt=case.key))
    path.write_text(generate_po(catalog), encoding="utf-8")


def run_bitext(cases: list[Case], translations: dict[str, str], glossaries: dict) -> dict[str, set[tuple]]:
    found = {}
    for case in cases:
        if case.key in translations:
            pair = Pair(case.source, translations[case.key], "es", "en", glossaries[case.origin])
            found[case.key] = set(check_pair(pair))
    return found


def run_pofilter(path: Path, work: Path, notranslate: Path, musttranslate: Path) -> dict[str, set[tuple]]:
    out = work / (path.stem + ".pofilter.po")
    command = [shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter")),
               "--language=es", "--nofuzzy", "--progress=none", f"--notranslatefile={notranslate}",
               f"--musttranslatefile={musttranslate}", "-i", str(path), "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    found: dict[str, set[tuple]] = defaultdict(set)
    if not out.exists():
        return found
    for entry in read_po(out.read_bytes(), str(out)).entries:
        for comment in entry.translator_comments:
            m = re.match(r"\(pofilter\) (\w+): ?(.*)", comment)
            if m:
                found[entry.msgctxt].add((m.group(1), m.group(2)))
    return found


# --------------------------------------------------------------------------- scoring


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="only the first N python-docs-es entries")
    parser.add_argument("--results", type=Path, default=None, help="also write the tables to this file")
    parser.add_argument("--show", type=int, default=0, help="print N missed cases and N clean findings per tool")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    cases = load_cases(args.limit)
    glossaries = {
        "python-docs-es": read_glossary(python_glossary_csv().encode(), "python-terms.csv", "es", "en"),
        "own": read_glossary(OWN_GLOSSARY.read_bytes(), "locales/es/glossary.csv", "es", "en"),
    }
    clean = {case.key: case.translation for case in cases}
    injected: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for case in cases:
        for kind, make in (("markup", lambda c: inject_markup(c, rng)), ("number", lambda c: inject_number(c, rng)),
                           ("glossary", lambda c: inject_glossary(c, glossaries[c.origin], rng))):
            new = make(case)
            if new is not None and new != case.translation:
                injected[kind][case.key] = new

    work = Path(tempfile.mkdtemp(prefix="check-eval-"))
    notranslate = work / "notranslate.txt"
    musttranslate = work / "musttranslate.txt"
    kept = [t.source for g in glossaries.values() for t in g.terms if not t.target]
    must = [t.source for g in glossaries.values() for t in g.terms if t.target]
    notranslate.write_text("\n".join(kept) + "\n", encoding="utf-8")
    musttranslate.write_text("\n".join(must) + "\n", encoding="utf-8")

    results: dict[str, dict[str, dict[str, set]]] = {"bitext": {}, "pofilter": {}}
    for name, translations in [("clean", clean)] + [(kind, injected[kind]) for kind in KINDS]:
        path = work / f"{name}.po"
        write_corpus(path, cases, translations)
        results["bitext"][name] = run_bitext(cases, translations, glossaries)
        results["pofilter"][name] = run_pofilter(path, work, notranslate, musttranslate)

    lines = [f"Corpus: {len(cases)} real translated entries ({sum(c.origin == 'own' for c in cases)} of them "
             f"from this repository's Spanish catalog, the rest from {len({c.key.split(':')[0] for c in cases if c.origin != 'own'})} "
             f"python-docs-es catalogs); injected errors: "
             + ", ".join(f"{len(injected[k])} {k}" for k in KINDS) + f" (seed {args.seed}).", ""]
    lines += ["| injected error | cases | bitext found | bitext recall | pofilter found | pofilter recall |",
              "|---|---:|---:|---:|---:|---:|"]
    missed = defaultdict(list)
    for kind in KINDS:
        keys = list(injected[kind])
        counts = {}
        for tool in ("bitext", "pofilter"):
            hits = 0
            for key in keys:
                before = results[tool]["clean"].get(key, set())
                after = results[tool][kind].get(key, set())
                new = after - before
                if tool == "bitext":
                    new = {item for item in new if item[0] == kind}
                if new:
                    hits += 1
                else:
                    missed[(tool, kind)].append(key)
            counts[tool] = hits
        n = len(keys) or 1
        lines.append(f"| {kind} | {len(keys)} | {counts['bitext']} | {100 * counts['bitext'] / n:.1f}% | "
                     f"{counts['pofilter']} | {100 * counts['pofilter'] / n:.1f}% |")
    lines.append("")

    # precision: a finding of code K on a clean entry is a false finding; on an injected entry of kind K, true
    lines += ["| bitext code | true findings (injected) | findings on clean entries | precision |", "|---|---:|---:|---:|"]
    for kind in KINDS:
        true = sum(1 for key in injected[kind]
                   if any(item[0] == kind for item in results["bitext"][kind][key] - results["bitext"]["clean"][key]))
        false = sum(1 for key, found in results["bitext"]["clean"].items() if any(item[0] == kind for item in found))
        lines.append(f"| {kind} | {true} | {false} | {100 * true / max(1, true + false):.1f}% |")
    lines.append("")

    total = len(cases)
    clean_b = results["bitext"]["clean"]
    clean_p = results["pofilter"]["clean"]
    b_any = sum(1 for found in clean_b.values() if found)
    b_err = sum(1 for found in clean_b.values() if any(item[0] in KINDS for item in found))
    p_any = sum(1 for found in clean_p.values() if found)
    lines += ["| findings on the clean translations | entries flagged | of entries | findings |", "|---|---:|---:|---:|",
              f"| bitext, errors (markup, number, glossary) | {b_err} | {100 * b_err / total:.1f}% | "
              f"{sum(1 for f in clean_b.values() for i in f if i[0] in KINDS)} |",
              f"| bitext, errors and warnings | {b_any} | {100 * b_any / total:.1f}% | "
              f"{sum(len(f) for f in clean_b.values())} |",
              f"| pofilter, all default tests | {p_any} | {100 * p_any / total:.1f}% | "
              f"{sum(len(f) for f in clean_p.values())} |", ""]
    by_code = Counter(item[0] for found in clean_b.values() for item in found)
    by_test = Counter(item[0] for found in clean_p.values() for item in found)
    lines.append("bitext's findings on clean entries by code: "
                 + ", ".join(f"{code} {count}" for code, count in by_code.most_common()) + ".")
    lines.append("pofilter's by test: " + ", ".join(f"{test} {count}" for test, count in by_test.most_common()) + ".")
    text = "\n".join(lines)
    print(text)
    if args.results:
        args.results.write_text(text + "\n", encoding="utf-8")
    if args.show:
        by_key = {case.key: case for case in cases}
        for (tool, kind), keys in missed.items():
            for key in keys[: args.show]:
                print(f"\nMISSED {tool} {kind} {key}\n  src: {by_key[key].source}\n  inj: {injected[kind][key]}")
        shown = [(k, f) for k, f in clean_b.items() if f][: args.show * 3]
        for key, found in shown:
            print(f"\nCLEAN bitext {key} {sorted(found)}\n  src: {by_key[key].source}\n  tr:  {by_key[key].translation}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
