"""Tests of bitext.importer: scraped plain text -> Markdown source with front matter."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from bitext.errors import SourceError
from bitext.importer import Decision, ImportResult, escape_markdown_text, import_article

SEED = Path("/work/shared/seed/article.txt")
CASES = Path(__file__).parent / "cases" / "import"
CASE_NAMES = sorted(path.stem for path in CASES.glob("*.txt"))

_MD = MarkdownIt("commonmark").use(front_matter_plugin)


# --------------------------------------------------------------------------------------------
# helpers: read the produced Markdown with real parsers

def parse_output(markdown: str) -> tuple[dict, list[tuple[str, str]]]:
    """(front matter as YAML data, [(kind, rendered text)]) with kind h2 / p / li / other."""
    tokens = _MD.parse(markdown)
    front: dict = {}
    blocks: list[tuple[str, str]] = []
    in_item = 0
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            front = yaml.safe_load(token.content)
        elif token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "inline":
            opener = tokens[index - 1]
            text = "".join(
                " " if child.type == "softbreak" else child.content for child in token.children
            )
            if opener.type == "heading_open":
                kind = opener.tag
            elif in_item:
                kind = "li"
            else:
                kind = "p"
            blocks.append((kind, text))
        elif token.type in ("html_block", "code_block", "fence", "hr", "blockquote_open"):
            blocks.append(("other", token.content))
    return front, blocks


def nonblank_lines(raw: str) -> dict[int, str]:
    lines = re.split(r"\r\n|\r|\n", raw)
    return {n: line.strip() for n, line in enumerate(lines, 1) if line.strip()}


def assert_every_line_decided(raw: str, result: ImportResult) -> None:
    lines = nonblank_lines(raw)
    decided = [d.line for d in result.decisions]
    assert sorted(decided) == sorted(lines), "each non-blank line gets exactly one decision"
    for decision in result.decisions:
        assert isinstance(decision, Decision) and decision.action
        if decision.action.startswith("dropped"):
            assert decision.text == lines[decision.line], "a dropped line is reported whole"


def assert_kept_text_in_output(raw: str, result: ImportResult) -> None:
    """Every line not dropped reaches the output, exactly as written (bar markers and labels)."""
    front, blocks = parse_output(result.markdown)
    values = [str(v) for v in front.values() if not isinstance(v, (list, dt.date))]
    everything = "\n".join(values + [text for _, text in blocks])
    lines = nonblank_lines(raw)
    for decision in result.decisions:
        if decision.action.startswith(("dropped", "date", "authors")):
            continue
        line = lines[decision.line]
        if decision.action.startswith("credit (dropped “here”"):
            line = re.sub(r"(?i)\s+here\b", "", line, count=1)
        bare = re.sub(r"^(?:[-*+•◦▪‣●]|\d{1,3}[.)])\s+", "", line)
        unlabelled = re.sub(r"^[A-Za-z ]+:\s*", "", line)
        assert line in everything or bare in everything or unlabelled in everything, line


def dropped_lines(result: ImportResult) -> set[int]:
    return {d.line for d in result.decisions if d.action.startswith("dropped")}


def run(raw: str) -> ImportResult:
    return import_article(raw, "raw.txt")


# --------------------------------------------------------------------------------------------
# the seed article

SEED_HEADINGS = [
    "From the Ambience raid to No Kings protests",
    "Community organizing",
    "Role of labor unions",
    "Where do we go from here?",
]
SEED_CHROME = [
    "search", "Featured", "Skip to content", "También disponible en español", "Read also",
]


@pytest.fixture(scope="module")
def seed() -> tuple[str, ImportResult]:
    raw = SEED.read_text(encoding="utf-8")
    return raw, import_article(raw, str(SEED))


def test_seed_front_matter(seed):
    raw, result = seed
    front, _ = parse_output(result.markdown)
    lines = nonblank_lines(raw)
    assert list(front) == ["title", "description", "authors", "date", "caption", "credit"]
    assert front["title"] == "A look at the tactics of the immigrant movement in Los Angeles"
    assert front["description"] == lines[6]  # the standfirst, non-breaking space included
    assert "little to\u00a0 no effort" in front["description"]
    assert front["authors"] == ["Mika", "Natalia", "N. Irazu"]
    assert front["date"] == dt.date(2026, 1, 14)
    assert front["caption"] == (
        "Protesters gather in Los Angeles on June 8, 2025, to demand an end to ICE raids on "
        "workplaces. (Tayfun Coskun / Anadolu)"
    )
    # "here" was a link on the web page; copied text lost it, so the word is dropped
    assert front["credit"] == "First published by Workers’ Voice."


def test_seed_body_structure(seed):
    raw, result = seed
    _, blocks = parse_output(result.markdown)
    assert [text for kind, text in blocks if kind == "h2"] == SEED_HEADINGS
    assert {kind for kind, _ in blocks} == {"h2", "p"}
    # every article paragraph, in order, exactly once: the lines between the header and the
    # caption that are not headings (the standfirst comes back in the last section)
    lines = nonblank_lines(raw)
    expected = [
        text for n, text in lines.items()
        if 14 <= n <= 72 and text not in SEED_HEADINGS
    ]
    assert [text for kind, text in blocks if kind == "p"] == expected
    assert blocks[-1] == ("p", "Papers for all!")
    standfirst = lines[6]
    assert [text for _, text in blocks].count(standfirst) == 1
    headings_at = [i for i, (kind, _) in enumerate(blocks) if kind == "h2"]
    assert blocks.index(("p", standfirst)) > headings_at[-1]


def test_seed_chrome_is_gone_and_reported(seed):
    raw, result = seed
    _, blocks = parse_output(result.markdown)
    texts = {text for _, text in blocks}
    for chrome in SEED_CHROME:
        assert chrome not in texts
        assert chrome not in result.markdown.split("---\n", 2)[2]
    assert dropped_lines(result) == {1, 2, 12, 78, 80}
    actions = {d.line: d.action for d in result.decisions}
    assert actions[78] == "dropped (link to another edition)"
    assert actions[4] == "title" and actions[6] == "standfirst"
    assert actions[8] == "authors" and actions[10] == "date"
    assert actions[74] == "caption"
    assert actions[76] == "credit (dropped “here”: its link did not survive the copy)"
    assert actions[54] == "heading" and actions[72] == "paragraph"


def test_seed_every_line_accounted_for(seed):
    raw, result = seed
    assert_every_line_decided(raw, result)
    assert_kept_text_in_output(raw, result)


def test_seed_text_is_copied_exactly(seed):
    raw, result = seed
    # typos, double full stops, double and non-breaking spaces stay as written
    assert "socialist organization.. One" in result.markdown
    assert "By June 9,\u00a0 hotel workers" in result.markdown
    assert result.markdown.endswith("Papers for all!\n")


def test_seed_yaml_is_plain_and_unfolded(seed):
    _, result = seed
    head = result.markdown.split("---\n")[1]
    assert "title: A look at the tactics" in head  # readable, not quoted or escaped
    assert all(line.startswith(("title:", "description:", "authors:", "- ", "date:",
                                "caption:", "credit:")) for line in head.splitlines())


def test_publication_article_exists_and_parses():
    source = Path(__file__).parent.parent / "source" / "la-immigrant-movement.md"
    front, blocks = parse_output(source.read_text(encoding="utf-8"))
    assert front["title"].startswith("A look at the tactics")
    assert [text for kind, text in blocks if kind == "h2"] == SEED_HEADINGS


# --------------------------------------------------------------------------------------------
# golden cases: tests/cases/import/NAME.txt -> NAME.md

EXPECTED_DROPPED = {
    "by-line-and-list": {26, 27, 28, 29, 30, 31},
    "no-byline": {1, 2, 3, 11},
    "no-header": set(),
    "wrapped": {2, 23, 24},
}


def test_every_case_has_expectations():
    assert CASE_NAMES == sorted(EXPECTED_DROPPED)
    assert len(CASE_NAMES) >= 4


@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden_case(name):
    raw = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    result = import_article(raw, f"{name}.txt")
    assert result.markdown == (CASES / f"{name}.md").read_text(encoding="utf-8")
    assert result.markdown.endswith("\n") and not result.markdown.endswith("\n\n")
    assert_every_line_decided(raw, result)
    assert_kept_text_in_output(raw, result)
    assert dropped_lines(result) == EXPECTED_DROPPED[name]
    front, blocks = parse_output(result.markdown)
    assert isinstance(front.get("title"), str)
    assert ("other", "") not in blocks and all(kind != "other" for kind, _ in blocks)


def test_case_no_byline():
    result = run((CASES / "no-byline.txt").read_text(encoding="utf-8"))
    front, blocks = parse_output(result.markdown)
    assert "authors" not in front
    assert front["date"] == dt.date(2026, 1, 14)  # "14 January 2026"
    assert front["description"].startswith("After a six-month campaign")
    assert ("h2", "What did the landlord offer?") in blocks
    # markup characters of the article stay text
    assert ("p", "# of units covered: 240. That figure is the association's own count.") in blocks
    assert ("p", "1. That is how the first flyer began, and the name stuck.") in blocks
    assert any("only *five* people" in text for _, text in blocks)
    assert ("p", 'At first, nothing but a "hardship_fund" for <10 households> & a promise of '
                 "repairs.") in blocks
    assert blocks[-1] == ("p", "Solidarity forever!")


def test_case_byline_list_and_ambiguous_date():
    result = run((CASES / "by-line-and-list.txt").read_text(encoding="utf-8"))
    front, blocks = parse_output(result.markdown)
    assert front["authors"] == ["Ana María de la Cruz", "John O'Neil"]
    assert front["date"] == dt.date(2026, 4, 3)
    date_decision = next(d for d in result.decisions if d.line == 3)
    assert "ambiguous" in date_decision.action and "2026-03-04" in date_decision.action
    assert "description" not in front  # byline right after the title: no standfirst
    assert front["caption"] == (
        "Strikers block the loading dock on the first morning. (Jane Doe / Agency)"
    )
    assert front["credit"] == "Originally published in Left Voice on March 3, 2026."
    assert [t for k, t in blocks if k == "li"] == [
        "A raise of $3 an hour", "An end to mandatory overtime", "Recognition of the union",
        "A letter to every worker", "A meeting with a consultant",
        "A threat to close the warehouse",
    ]
    tokens = [t.type for t in _MD.parse(result.markdown)]
    assert tokens.count("bullet_list_open") == 1 and tokens.count("ordered_list_open") == 1
    assert blocks[-1] == ("p", "* Names of the workers have been changed.")


def test_case_wrapped_lines_are_joined():
    raw = (CASES / "wrapped.txt").read_text(encoding="utf-8")
    result = run(raw)
    front, blocks = parse_output(result.markdown)
    assert front["date"] == dt.date(2026, 1, 14)  # "Published: Wednesday, Jan. 14, 2026"
    assert blocks[0][1].endswith("the place where the rapid response network met.")
    assert ("li", "diapers and baby formula, which the big charities rarely stock") in blocks
    joined = [d for d in result.decisions if "joined to line" in d.action]
    assert [d.line for d in joined] == [7, 8, 13, 19]


def test_case_no_header_keeps_first_paragraph():
    result = run((CASES / "no-header.txt").read_text(encoding="utf-8"))
    front, blocks = parse_output(result.markdown)
    assert list(front) == ["title"]
    assert blocks[0][0] == "p" and blocks[0][1].startswith("The drivers did not call it")
    assert [t for k, t in blocks if k == "h2"] == ["Why did it work?", "What comes next?"]
    assert blocks[-1] == ("p", "Drivers of the world, unite!")


# --------------------------------------------------------------------------------------------
# recognisers, through small articles

BODY = "The first paragraph of the article says something about the strike."


@pytest.mark.parametrize(
    "written, expected",
    [
        ("January 14, 2026", dt.date(2026, 1, 14)),
        ("Jan. 14, 2026", dt.date(2026, 1, 14)),
        ("Sept. 3, 2026", dt.date(2026, 9, 3)),
        ("14 January 2026", dt.date(2026, 1, 14)),
        ("14th of January, 2026", dt.date(2026, 1, 14)),
        ("2026-01-14", dt.date(2026, 1, 14)),
        ("2026/01/14", dt.date(2026, 1, 14)),
        ("14/01/2026", dt.date(2026, 1, 14)),
        ("01/14/2026", dt.date(2026, 1, 14)),
        ("14.01.2026", dt.date(2026, 1, 14)),
        ("Wednesday, January 14, 2026", dt.date(2026, 1, 14)),
        ("Posted on Jan 14th, 2026", dt.date(2026, 1, 14)),
        ("Published: January 14, 2026 at 10:30 am", dt.date(2026, 1, 14)),
        ("2026-01-14T10:30:00Z", dt.date(2026, 1, 14)),
    ],
)
def test_date_formats(written, expected):
    raw = f"A title of some length\n\n{written}\n\n{BODY}\n"
    result = run(raw)
    front, blocks = parse_output(result.markdown)
    assert front["date"] == expected
    assert result.decisions[1].action.startswith("date")
    assert blocks == [("p", BODY)]


def test_ambiguous_numeric_date_is_read_day_first_and_said():
    result = run(f"A title of some length\n\n03/04/2026\n\n{BODY}\n")
    front, _ = parse_output(result.markdown)
    assert front["date"] == dt.date(2026, 4, 3)
    assert "ambiguous 03/04/2026" in result.decisions[1].action


def test_impossible_date_is_not_a_date():
    result = run(f"A title of some length\n\nFebruary 30, 2026\n\n{BODY}\n")
    front, blocks = parse_output(result.markdown)
    assert "date" not in front
    assert any(text == "February 30, 2026" for _, text in blocks)


@pytest.mark.parametrize(
    "byline, authors",
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe", ["Jane Doe"]),
        ("by: Ana de la Cruz, Bo Li & C. J. Watts", ["Ana de la Cruz", "Bo Li", "C. J. Watts"]),
        ("JEAN-PAUL MARAT AND ROSA LUXEMBURG", ["Jean-Paul Marat", "Rosa Luxemburg"]),
    ],
)
def test_bylines(byline, authors):
    raw = f"A title of some length\n\n{byline}\n\nJanuary 14, 2026\n\n{BODY}\n"
    result = run(raw)
    front, blocks = parse_output(result.markdown)
    assert front["authors"] == authors
    assert blocks == [("p", BODY)]


def test_byline_and_date_on_one_line():
    result = run(f"A title of some length\n\nBy Jane Doe, January 14, 2026\n\n{BODY}\n")
    front, _ = parse_output(result.markdown)
    assert front["authors"] == ["Jane Doe"] and front["date"] == dt.date(2026, 1, 14)
    assert result.decisions[1].action == "authors and date"


def test_names_without_by_or_date_are_not_a_byline():
    result = run(f"A title of some length\n\nBread and Roses\n\n{BODY}\n")
    front, blocks = parse_output(result.markdown)
    assert "authors" not in front
    assert blocks == [("h2", "Bread and Roses"), ("p", BODY)]


def test_standfirst_needs_a_byline_or_date_after_it():
    standfirst = "A short summary of the whole article, in one sentence."
    with_date = run(f"A title of some length\n\n{standfirst}\n\nMay 1, 2026\n\n{BODY}\n")
    without = run(f"A title of some length\n\n{standfirst}\n\n{BODY}\n")
    assert parse_output(with_date.markdown)[0]["description"] == standfirst
    assert "description" not in parse_output(without.markdown)[0]
    assert parse_output(without.markdown)[1][0] == ("p", standfirst)


def test_labels_before_the_title_are_dropped_and_reported():
    raw = f"Immigration\nWorkers\n\nA title of some length\n\n{BODY}\n"
    result = run(raw)
    assert parse_output(result.markdown)[0]["title"] == "A title of some length"
    assert [(d.line, d.action) for d in result.decisions[:2]] == [
        (1, "dropped (label before the title)"), (2, "dropped (label before the title)"),
    ]


def test_related_run_only_after_the_article_began():
    raw = (
        f"A title of some length\n\n{BODY}\n\nRead also\nAnother story about strikes\n"
        "January 3, 2026\n\nYou may also like\n"
    )
    result = run(raw)
    assert dropped_lines(result) == {5, 6, 7, 9}
    assert parse_output(result.markdown)[1] == [("p", BODY)]


def test_exclamation_and_trailing_short_line_stay_paragraphs():
    raw = f"A title of some length\n\n{BODY}\n\nPapers for all!\n\nSee you there\n"
    _, blocks = parse_output(run(raw).markdown)
    assert blocks == [("p", BODY), ("p", "Papers for all!"), ("p", "See you there")]


def test_edition_links_are_dropped():
    links = ["También disponible en español", "Disponible en español", "Read in English",
             "Lee este artículo en español", "English | Español", "Versión en español"]
    raw = "\n".join(links) + f"\n\nA title of some length\n\n{BODY}\n"
    result = run(raw)
    actions = [d.action for d in result.decisions[: len(links)]]
    assert actions == ["dropped (link to another edition)"] * len(links)


# --------------------------------------------------------------------------------------------
# bad input

@pytest.mark.parametrize("raw", ["", "   \n\t\n", "\ufeff\n"])
def test_empty_input_is_an_error(raw):
    with pytest.raises(SourceError) as error:
        import_article(raw, "raw/empty.txt")
    assert str(error.value).startswith("raw/empty.txt: ")


def test_only_navigation_is_an_error():
    with pytest.raises(SourceError) as error:
        import_article("search\nMenu\n\nShare\n", "raw/chrome.txt")
    assert error.value.path == "raw/chrome.txt"


def test_binary_input_is_an_error():
    with pytest.raises(SourceError) as error:
        import_article("A title\n\nsome\x00thing\n", "raw/bin.txt")
    assert error.value.line == 3


# --------------------------------------------------------------------------------------------
# properties

_MARKUP_TEXT = st.text(
    alphabet=st.sampled_from(list("#>-+*_`~[]()<>&;!:|=.0123456789 aZé\u00a0\\\"'")),
    min_size=1,
    max_size=30,
).map(str.strip).filter(bool)


@settings(max_examples=300, deadline=None)
@given(_MARKUP_TEXT)
def test_escaped_text_renders_as_itself(text):
    for markdown, kind in ((escape_markdown_text(text), "p"),
                           ("- " + escape_markdown_text(text), "li")):
        _, blocks = parse_output(markdown)
        assert blocks == [(kind, text)], markdown


_LINE = st.one_of(
    st.sampled_from(["", "", "search", "Share", "Read also", "Photo: a crowd.", "By Jane Doe",
                     "January 14, 2026", "First published here by X.", "- item", "1. step",
                     "Where now?", "Papers for all!", "Disponible en español"]),
    _MARKUP_TEXT,
    st.text(alphabet=st.sampled_from(list("abc ABC.,?!\u2028\x0c\r")), max_size=200),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=25))
def test_any_text_gives_valid_output_or_source_error(lines):
    raw = "\n".join(lines)
    try:
        result = run(raw)
    except SourceError:
        return
    assert_every_line_decided(raw, result)
    front, blocks = parse_output(result.markdown)
    assert isinstance(front, dict)
    assert all(kind in ("h2", "p", "li") for kind, _ in blocks)
    assert result.markdown.endswith("\n")


def test_photo_credit_without_caption_is_the_caption():
    raw = f"Jane Doe\nJanuary 2, 2026\nA title of some length\n\n{BODY}\n\nPhoto by John Roe\n"
    result = run(raw)
    front, blocks = parse_output(result.markdown)
    assert front["authors"] == ["Jane Doe"] and front["date"] == dt.date(2026, 1, 2)
    assert front["caption"] == "Photo by John Roe"
    assert blocks == [("p", BODY)]


def test_site_index_lines_are_dropped():
    raw = f"A title of some length\n\n{BODY}\n\nShare this:\nTags: labor, Amazon, Teamsters\n"
    result = run(raw)
    assert dropped_lines(result) == {5, 6}


def test_line_numbers_count_only_cr_and_lf():
    raw = (
        "A title of some length\r\n\r\n"
        "Special\u2028separator and\x0cform feed here.\r\n\r\nMenu\n"
    )
    result = run(raw)
    assert [(d.line, d.action) for d in result.decisions] == [
        (1, "title"), (3, "paragraph"), (5, "dropped (site navigation)"),
    ]


@pytest.mark.parametrize(
    "heading",
    ["Notes on the number #", "The *real* question?", "C# and F#", "Ends in ##", "Why <b>now</b>?"],
)
def test_headings_with_markup_characters_render_as_written(heading):
    result = run(f"A title of some length\n\n{BODY}\n\n{heading}\n\n{BODY}\n")
    _, blocks = parse_output(result.markdown)
    assert blocks == [("p", BODY), ("h2", heading), ("p", BODY)]
