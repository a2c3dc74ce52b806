"""Unit tests of the update contract (SPEC section 4) on in-memory catalogs."""

from bitext.merge import FuzzyIndex, make_template, merge_catalog
from bitext.model import SourceMessage, State
from bitext.pofile import POCatalog, POEntry, generate_po, read_po

SOURCE = "source/a.md"


def merge(messages, old, **options):
    return merge_catalog(messages, SOURCE, old, language="es", project="a",
                         pot_date="2026-01-01 00:00+0000", now="2026-01-02 00:00+0000", **options)


def msgs(*texts):
    return [SourceMessage(text, "paragraph", [index + 1]) for index, text in enumerate(texts)]


def catalog(*entries):
    return POCatalog(header=merge([], None).catalog.header, entries=list(entries))


def by_id(result):
    return {entry.msgid: entry for entry in result.catalog.entries if not entry.obsolete}


def test_new_catalog_has_gnu_header_and_untranslated_entries():
    result = merge(msgs("Hello world.", "Second paragraph here."), None)
    text = generate_po(result.catalog)
    assert '"Language: es\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text
    assert [e.msgid for e in result.catalog.entries] == ["Hello world.", "Second paragraph here."]
    assert result.catalog.entries[0].references == ["source/a.md:1"]
    assert result.catalog.entries[0].extracted_comments == ["paragraph"]
    assert all(r.state is State.UNTRANSLATED for r in result.resolutions.values())


def test_exact_match_keeps_translation_comments_and_flags():
    old = catalog(POEntry("Hello world.", "Hola mundo.", translator_comments=["checked"],
                          flags=["no-wrap"], references=["old:9"], extracted_comments=["old kind"]))
    result = merge(msgs("Hello world."), old)
    entry = by_id(result)["Hello world."]
    assert entry.msgstr == "Hola mundo."
    assert entry.translator_comments == ["checked"]
    assert entry.flags == ["no-wrap"]
    assert entry.references == ["source/a.md:1"]  # always from the current source
    assert entry.extracted_comments == ["paragraph"]
    assert result.resolutions["Hello world."].state is State.TRANSLATED


def test_obsolete_entry_is_revived_with_its_translation():
    old = catalog(POEntry("Back again.", "De vuelta.", obsolete=True))
    result = merge(msgs("Back again."), old)
    assert by_id(result)["Back again."].msgstr == "De vuelta."
    assert not any(e.obsolete for e in result.catalog.entries)
    assert result.resolutions["Back again."].state is State.TRANSLATED


def test_edited_segment_gets_its_old_translation_as_fuzzy_with_previous_msgid():
    old = catalog(POEntry("The cat sat on the mat.", "El gato se sentó en la alfombra."))
    result = merge(msgs("The cat sat on the red mat."), old)
    entry = by_id(result)["The cat sat on the red mat."]
    assert entry.fuzzy and entry.msgstr == "El gato se sentó en la alfombra."
    assert entry.previous_msgid == "The cat sat on the mat."
    resolution = result.resolutions[entry.msgid]
    assert resolution.state is State.STALE and resolution.previous_msgid == "The cat sat on the mat."
    assert result.obsolete == 0  # used as a fuzzy source: not obsolete, not lost


def test_dissimilar_segment_stays_untranslated_and_old_one_becomes_obsolete():
    old = catalog(POEntry("Completely different words here.", "Palabras distintas."))
    result = merge(msgs("Nothing alike at all, truly 12345."), old)
    assert result.resolutions["Nothing alike at all, truly 12345."].state is State.UNTRANSLATED
    obsolete = [e for e in result.catalog.entries if e.obsolete]
    assert [e.msgstr for e in obsolete] == ["Palabras distintas."]
    assert result.catalog.entries[-1].obsolete  # obsolete entries go last


def test_orphan_beats_a_more_similar_entry_that_is_still_in_use():
    # "A b c d e f." is still in the source; its near twin was edited. The edited one must
    # get its own old translation, not its twin's.
    old = catalog(POEntry("Workers met at the hall on Monday.", "Lunes."),
                  POEntry("Workers met at the hall on Tuesday.", "Martes."))
    result = merge(msgs("Workers met at the hall on Monday.", "Workers met at the big hall on Tuesday."), old)
    assert by_id(result)["Workers met at the big hall on Tuesday."].msgstr == "Martes."


def test_active_candidate_beats_obsolete_one():
    old = catalog(POEntry("The march began at noon.", "activa"),
                  POEntry("The march began at noon!", "obsoleta", obsolete=True))
    result = merge(msgs("The march began at noon?", "x"), old)
    # "The march began at noon." is an orphan (active, unused): pool (a) wins over obsolete.
    assert by_id(result)["The march began at noon?"].msgstr == "activa"


def test_untranslated_old_entries_are_dropped_and_purge_removes_obsolete():
    old = catalog(POEntry("Gone and untranslated."), POEntry("Gone but translated.", "Ido."),
                  POEntry("Long gone.", "Hace tiempo.", obsolete=True))
    kept = merge(msgs("Unrelated 1 2 3 4 5 6 7."), old)
    assert sorted(e.msgstr for e in kept.catalog.entries if e.obsolete) == ["Hace tiempo.", "Ido."]
    purged = merge(msgs("Unrelated 1 2 3 4 5 6 7."), old, purge_obsolete=True)
    assert not any(e.obsolete for e in purged.catalog.entries)


def test_merge_is_idempotent_through_text():
    old = catalog(POEntry("The cat sat on the mat.", "El gato."), POEntry("Old one.", "Viejo."))
    first = generate_po(merge(msgs("The cat sat on the red mat.", "New."), old).catalog)
    second = generate_po(merge(msgs("The cat sat on the red mat.", "New."), read_po(first, "x.po")).catalog)
    assert first == second


def test_header_keeps_translator_fields_and_follows_template_date():
    old = merge(msgs("A."), None).catalog
    old.set_header_value("Last-Translator", "Ana <ana@example.org>")
    old.set_header_value("PO-Revision-Date", "2026-01-05 10:00+0100")
    result = merge_catalog(msgs("A."), SOURCE, old, language="es", project="a",
                           pot_date="2026-02-01 00:00+0000", now="2026-03-01 00:00+0000")
    assert result.catalog.header_value("Last-Translator") == "Ana <ana@example.org>"
    assert result.catalog.header_value("PO-Revision-Date") == "2026-01-05 10:00+0100"
    assert result.catalog.header_value("POT-Creation-Date") == "2026-02-01 00:00+0000"


def test_template_is_untranslated_with_fuzzy_header():
    template = make_template(msgs("One.", "Two."), SOURCE, "a", "2026-01-01 00:00+0000")
    text = generate_po(template)
    assert text.startswith("#, fuzzy\nmsgid \"\"\n")
    assert [e.msgstr for e in template.entries] == ["", ""]


def test_fuzzy_index_respects_length_window_and_cutoff():
    entries = [POEntry("short", "x"), POEntry("a considerably longer sentence about unions", "y")]
    index = FuzzyIndex(entries)
    found = index.best("a considerably longer sentence about the unions", 0.6)
    assert found is not None and found[0].msgstr == "y" and 0.9 < found[1] < 1
    assert index.best("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 0.6) is None


def test_word_index_finds_what_a_full_scan_finds():
    import random

    from rapidfuzz import fuzz, process

    rng = random.Random(7)
    vocabulary = [f"w{n}" + "abcdefgh"[n % 8] * (n % 5) for n in range(3000)] + ["the", "of", "and"] * 200
    texts = list(dict.fromkeys(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 40)))
                               for _ in range(2000)))
    index = FuzzyIndex([POEntry(text, "t") for text in texts])
    assert len(index.entries) > FuzzyIndex.SMALL
    agree = total = 0
    for _ in range(300):
        words = rng.choice(texts).split()
        for _ in range(rng.randint(1, 4)):  # an edit of a few words
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        query = " ".join(words)
        brute = process.extractOne(query, texts, scorer=fuzz.ratio, score_cutoff=60)
        found = index.best(query, 0.6)
        total += 1
        if brute is None:
            agree += found is None
        elif found is not None:
            assert found[1] >= 0.6
            agree += abs(found[1] * 100 - brute[1]) < 1e-9
    assert agree / total >= 0.98, (agree, total)


def test_a_candidate_exactly_at_the_threshold_is_carried_as_fuzzy():
    """Issue 8 item 8: ratio 60.0 is not below 0.6; msgmerge carries it, so do we."""
    from rapidfuzz import fuzz

    assert fuzz.ratio("Introduction", "Introduction {#introduction}") == 60.0
    old = catalog(POEntry("Introduction", "Introducción"))
    result = merge(msgs("Introduction {#introduction}"), old, fuzzy_threshold=0.6)
    entry = by_id(result)["Introduction {#introduction}"]
    assert entry.msgstr == "Introducción" and entry.fuzzy and entry.previous_msgid == "Introduction"
    assert result.resolutions["Introduction {#introduction}"].state is State.STALE


def _at_most_ratio(size: int, other: int) -> str:
    """A text of length `other` whose ratio with "a" * size is the most the lengths allow."""
    return "a" * other if other <= size else "a" * size + "b" * (other - size)


def test_length_window_keeps_every_length_pair_that_can_reach_the_threshold():
    """Exhaustive over lengths 1..90 and thresholds whose boundary lands on integers."""
    from fractions import Fraction

    from bitext.merge import length_window

    for cutoff in (0.6, 0.5, 0.57, 0.7, 0.75, 0.8, 0.9, 0.95, 1.0, 0.3, 0.66):
        c = Fraction(str(cutoff))
        for size in range(1, 91):
            shortest, longest = length_window(size, cutoff)
            for other in range(1, 200):
                reachable = Fraction(2 * min(size, other), size + other) >= c
                assert (shortest <= other <= longest) == reachable, (cutoff, size, other)


def test_index_finds_every_candidate_at_the_boundary():
    """Through the whole FuzzyIndex (window, rapidfuzz, exact test): kept iff ratio >= threshold."""
    from fractions import Fraction

    on_boundary = 0
    for cutoff in (0.6, 0.57, 0.75):
        c = Fraction(str(cutoff))
        for size in range(1, 70):
            query = "a" * size
            for other in range(1, 140):
                best_ratio = Fraction(2 * min(size, other), size + other)
                found = FuzzyIndex([POEntry(_at_most_ratio(size, other), "t")]).best(query, cutoff)
                assert (found is not None) == (best_ratio >= c), (cutoff, size, other)
                on_boundary += best_ratio == c
    assert on_boundary > 50  # the property really visited pairs exactly at the threshold


def test_length_window_property_over_random_decimal_thresholds():
    from fractions import Fraction

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from bitext.merge import length_window

    @settings(max_examples=300, deadline=None)
    @given(st.integers(1, 100), st.integers(1, 10_000), st.integers(1, 10_000))
    def check(hundredths, size, other):
        cutoff = hundredths / 100
        shortest, longest = length_window(size, cutoff)
        reachable = Fraction(2 * min(size, other), size + other) >= Fraction(hundredths, 100)
        assert (shortest <= other <= longest) == reachable

    check()
