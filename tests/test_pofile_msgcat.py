"""GNU msgcat as the oracle for bitext.pofile.

1. Any catalog -> generate_po -> msgcat prints exactly the same bytes.
2. The same catalog written loosely (strings unwrapped, or cut at random places,
   comments and flags in their raw form) -> read_po -> generate_po gives what msgcat
   makes of that loose file, and the same text as property 1.
3. Randomly damaged PO files: read_po refuses exactly the files msgcat refuses, naming
   the line of msgcat's first error.
4. Line breaking and column widths agree with libunistring (the library msgcat wraps
   with) on random text of every line-breaking class, when the library can be loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bitext.errors import BitextError
from bitext.pofile import POCatalog, POEntry, generate_po, read_po
from bitext import pofile

MSGCAT = shutil.which("msgcat")
# Raise for a longer hunt, e.g. BITEXT_PO_EXAMPLES=20 runs twenty times the examples.
SCALE = int(os.environ.get("BITEXT_PO_EXAMPLES", "1"))
pytestmark = pytest.mark.skipif(MSGCAT is None, reason="GNU msgcat is not installed")


def msgcat(path: Path, data: bytes) -> subprocess.CompletedProcess:
    path.write_bytes(data)
    # --force-po: msgcat writes nothing at all for a catalog with only a header.
    return subprocess.run([MSGCAT, "--force-po", str(path)], capture_output=True)


# ------------------------------------------------------------------ strategies

ATOMS = [
    "the", "translation", "of", "a", "Python", "module", "is", "módulo", "niño", "año",
    "über", "naïve", "¿Qué", "pasa?", "¡Hola!", "«citado»", "“curly”", "‘single’", "don't",
    "—", "–", "-", "/", "\\", '"', "'", "\t", "\n", "\r", "\a", " ", "  ", "   ", "\u00a0",
    "\u202f", "\u200b", "\u2009", ".", ",", ";", ":", "!", "?", "…", "(", ")", "[", "]",
    "{", "}", "https://bugs.python.org/issue39562", "www.example.org/a-very-long/path?x=1&y=2",
    "x" * 90, "supercalifragilisticexpialidocious" * 2, "%(name)s", "%s", "%d", "%(a b)s",
    "%-5d", "{0}", "%%", "%(x-y)s", "%1$s", "%.*f", "%lld", "% d", "%<PRId64>", "%5.2f", "%'d",
    "%", "% ", "%5", "%-", "%1$", "%*d", "%.3s", "%zu", "%#x", "%+d", "%(a)s", "%(x y)d", "non-breaking", "e-mail", "1,000.50", "$5", "50%",
    "[link](https://example.org/x)", "`code`", "*em*", "**bold**", "__init__", "a_b",
    "日本語の文章です。", "中文字符，标点。", "한국어 문장", "😀", "👍🏽", "🇪🇸🇫🇷", "é", "x\u0301",
    "ﬁ", "Ωμέγα", "Москва", "עברית-טקסט", "עברית", "عربي", "ไทย", "\u2028", "ＡＢＣ",
    "#", "~", "|", "&", "<b>", "</b>", "=", "+", "*", "@", "\u00ad", "\u2060", "\u200d",
]
WORDS = st.sampled_from(ATOMS)
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "  "])


@st.composite
def texts(draw, min_size: int = 0, max_size: int = 40, oneline: bool = False):
    words = draw(st.lists(WORDS, min_size=min_size, max_size=max_size))
    pieces = []
    for word in words:
        pieces.append(word)
        pieces.append(draw(SEPARATORS))
    text = "".join(pieces)
    if oneline:
        text = re.sub(r"[\n\r\u2028\x07]", " ", text)
    return text


def comment_texts():
    # GNU strips one space after "#" and "#.": the reader must give the text back.
    return texts(max_size=8, oneline=True)


REFERENCES = st.sampled_from([
    "source/la.md:12", "source/la.md:3", "source/2026/a-long-article-name-about-many-things.md:1234",
    "./relative.c:5", "file-without-line", "a:b:7", "source/año.md:9", "x.py:0",
])
FLAGS = st.sampled_from(["fuzzy", "fuzzy", "fuzzy", "python-format", "c-format", "no-wrap",
                         "no-python-format", "possible-c-format", "some-unknown-flag",
                         "range: 1..3", "range: 5..2", "wrap", "python-brace-format"])


@st.composite
def entries(draw, obsolete: bool = False):
    plural = draw(st.booleans()) and draw(st.booleans())
    entry = POEntry(msgid=draw(texts(min_size=1)))
    if draw(st.booleans()) and draw(st.booleans()):
        entry.msgctxt = draw(texts(max_size=4))
    if plural:
        entry.msgid_plural = draw(texts(min_size=1))
        entry.msgstr_plural = {0: draw(texts()), 1: draw(texts())}
    else:
        entry.msgstr = draw(texts())
    entry.flags = draw(st.lists(FLAGS, max_size=3, unique=True))
    entry.translator_comments = draw(st.lists(comment_texts(), max_size=2))
    entry.extracted_comments = draw(st.lists(comment_texts(), max_size=2))
    entry.references = draw(st.lists(REFERENCES, max_size=12))
    if draw(st.booleans()):
        entry.previous_msgid = draw(texts())
        if draw(st.booleans()) and draw(st.booleans()):
            entry.previous_msgctxt = draw(texts(max_size=3))
        if plural and draw(st.booleans()):
            entry.previous_msgid_plural = draw(texts())
    entry.obsolete = obsolete
    return entry


@st.composite
def catalogs(draw):
    header = None
    if draw(st.integers(0, 9)):
        fields = [("Project-Id-Version", draw(texts(max_size=3, oneline=True))),
                  ("Content-Type", "text/plain; charset=UTF-8"),
                  ("Language", draw(st.sampled_from(["es", "pt_BR", "de"]))),
                  ("Last-Translator", draw(texts(max_size=12, oneline=True)))]
        header = POEntry(msgid="", msgstr="".join(f"{k}: {v}\n" for k, v in fields))
        header.translator_comments = draw(st.lists(comment_texts(), max_size=3))
        header.flags = draw(st.lists(st.just("fuzzy"), max_size=1))
    active = draw(st.lists(entries(), max_size=6))
    old = draw(st.lists(entries(obsolete=True), max_size=3))
    keys = [(e.msgctxt, e.msgid) for e in active + old]
    assume(len(set(keys)) == len(keys))
    return POCatalog(header=header, entries=active + old)


# --------------------------------------------------------- loose writer (tests only)

def escape(text: str) -> list[str]:
    """Escaped text as a list of units that must not be split."""
    table = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a"}
    return [table.get(char, char) for char in text]


def loose_string(keyword: str, value: str, prefix: str, rnd) -> list[str]:
    units = escape(value)
    mode = rnd.choice(["one", "one", "cut", "empty-first"])
    if mode == "one" or not units:
        return [f'{prefix}{keyword} "{"".join(units)}"']
    cuts = sorted(rnd.sample(range(1, len(units)), min(len(units) - 1, rnd.randint(1, 6))))
    chunks = ["".join(units[a:b]) for a, b in zip([0, *cuts], [*cuts, len(units)])]
    if mode == "empty-first":
        chunks.insert(0, "")
    lines = [f'{prefix}{keyword} "{chunks[0]}"']
    lines += [f'{prefix}"{chunk}"' for chunk in chunks[1:]]
    return lines


def loose_entry(entry: POEntry, rnd) -> list[str]:
    def protect(line: str) -> str:  # a final backslash would join the next line
        return line + " " if line.endswith("\\") else line

    lines = []
    lines += [protect(f"# {c}") if c else "#" for c in entry.translator_comments]
    lines += [protect(f"#. {c}") for c in entry.extracted_comments]
    refs = list(entry.references)
    while refs:
        take = rnd.randint(1, len(refs))
        lines.append("#: " + " ".join(refs[:take]))
        refs = refs[take:]
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    prefix = "#~ " if entry.obsolete else ""
    previous = "#~| " if entry.obsolete else "#| "
    for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                           ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            lines += loose_string(keyword, value, previous, rnd)
    if entry.msgctxt is not None:
        lines += loose_string("msgctxt", entry.msgctxt, prefix, rnd)
    lines += loose_string("msgid", entry.msgid, prefix, rnd)
    if entry.msgid_plural is not None:
        lines += loose_string("msgid_plural", entry.msgid_plural, prefix, rnd)
        for index, form in sorted(entry.msgstr_plural.items()):
            lines += loose_string(f"msgstr[{index}]", form, prefix, rnd)
    else:
        lines += loose_string("msgstr", entry.msgstr, prefix, rnd)
    return lines


def write_loose(catalog: POCatalog, rnd) -> str:
    blocks = []
    for entry in ([catalog.header] if catalog.header else []) + catalog.entries:
        blocks.append("\n".join(loose_entry(entry, rnd)) + "\n")
    return rnd.choice(["\n", "\n\n"]).join(blocks)


# ------------------------------------------------------------------ properties

SETTINGS = dict(max_examples=120 * SCALE, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])


@settings(**SETTINGS)
@given(catalog=catalogs())
def test_msgcat_prints_exactly_what_generate_po_wrote(tmp_path_factory, catalog):
    text = generate_po(catalog).encode("utf-8")
    result = msgcat(tmp_path_factory.mktemp("po") / "c.po", text)
    if catalog.header is None and not text.isascii():
        # Non-ASCII text needs a charset: both refuse such a file.
        assert result.returncode != 0
        with pytest.raises(BitextError):
            read_po(text, "c.po")
        return
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode() == text.decode()


@settings(**SETTINGS)
@given(catalog=catalogs(), rnd=st.randoms(use_true_random=False))
def test_loosely_written_file_reads_back_to_msgcat_output(tmp_path_factory, catalog, rnd):
    loose = write_loose(catalog, rnd).encode("utf-8")
    result = msgcat(tmp_path_factory.mktemp("po") / "loose.po", loose)
    if result.returncode != 0:  # msgcat is the oracle: what it refuses, we refuse
        assert catalog.header is None and not loose.isascii(), result.stderr.decode()
        with pytest.raises(BitextError):
            read_po(loose, "loose.po")
        return
    ours = generate_po(read_po(loose, "loose.po"))
    assert ours == result.stdout.decode()
    assert ours == generate_po(catalog)


# ------------------------------------------------------- damaged files vs msgcat

VALID = """\
# Translator comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

#. paragraph
#: source/la.md:3
msgid "First"
msgstr "Primero"

#, fuzzy
#| msgid "Old second"
msgid ""
"Second, a long message that goes on and on so that it needs to be wrapped "
"over lines"
msgstr "Segundo"

msgctxt "menu"
msgid "File"
msgid_plural "Files"
msgstr[0] "Archivo"
msgstr[1] "Archivos"

#~ msgid "Gone"
#~ msgstr "Ido"
"""
DAMAGE = st.sampled_from([
    "", "x", "msgid", "msgstr", "msgid_plural", "msgctxt", '"', '"x', "\\", "\\q", "#~ ", "#| ",
    "charset=UTF8\\n", "charset=KOI8-R\\n", "<<<<<<< HEAD", "=======", ">>>>>>> branch",
    "[", "]", "msgstr[1]", "msgstr[0]", '"\\x41"', "domain", "#", "#,", "\t", "0", '""',
    'msgid "First"', 'msgstr ""', '#~ msgstr "x"', '#| msgid "y"', '#~| msgid "z"',
    '  msgstr "w"', "msgstr [ 1 ]", 'msgid_plural "s"', '#~ "more"', '"\\303\\251"',
    '"\\377"', "\\\n", "#: a.c:1", "#, fuzzy", '"\\0"',
])
# Where msgcat silently loses text and bitext refuses the file.
STRICTER = ("NUL character", "escapes do not form valid")


@st.composite
def damaged(draw):
    lines = VALID.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "replace", "delete", "append", "cut",
                                       "duplicate", "swap"]))
        piece = draw(DAMAGE)
        line = lines[index]
        if action == "insert":
            lines.insert(index, piece)
        elif action == "replace":
            lines[index] = piece
        elif action == "delete":
            del lines[index]
        elif action == "append":
            lines[index] = line + " " + piece
        elif action == "cut" and line:
            where = draw(st.integers(0, len(line)))
            lines[index] = line[:where] + line[where + 1:]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "swap" and index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], line
        if not lines:
            lines = [""]
    return "\n".join(lines)


def repeats_flag_lines(text: str) -> bool:
    """Whether an entry has two "#," lines: msgcat keeps the last, bitext merges them."""
    count = 0
    for line in text.split("\n"):
        if line.startswith(("#,", "#!")):
            count += 1
            if count > 1:
                return True
        elif not line.startswith("#") or line.startswith(("#~", "#|")):
            count = 0
    return False


def first_error_line(stderr: str) -> int | None:
    match = re.search(r"^[^\n:]*\.po:(\d+):", stderr, re.M)
    return int(match.group(1)) if match else None


@settings(max_examples=250 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(text=damaged())
def test_damaged_files_are_refused_where_msgcat_refuses_them(tmp_path_factory, text):
    assume("domain" not in text)  # GNU accepts domain directives; bitext refuses them
    path = tmp_path_factory.mktemp("po") / "d.po"
    result = msgcat(path, text.encode("utf-8"))
    try:
        catalog = read_po(text.encode("utf-8"), "d.po")
    except BitextError as error:
        if any(reason in error.message for reason in STRICTER):
            return
        assert result.returncode != 0, f"bitext refused ({error}) what msgcat accepts"
        assert error.path == "d.po"
        expected = first_error_line(result.stderr.decode())
        if expected is not None:  # else msgcat names no line (e.g. a bad charset)
            assert error.line == expected, f"bitext: {error}\nmsgcat: {result.stderr.decode()}"
        return
    assert result.returncode == 0, f"msgcat refused what bitext read:\n{result.stderr.decode()}"
    header_moved = catalog.header is not None and any(
        entry.line < catalog.header.line for entry in catalog.entries if not entry.obsolete)
    if not repeats_flag_lines(text) and not header_moved:  # bitext writes the header first
        assert generate_po(catalog) == result.stdout.decode()


# ------------------------------------------------------------ libunistring oracle

def load_libunistring():
    name = ctypes.util.find_library("unistring") or "libunistring.so.2"
    try:
        lib = ctypes.CDLL(name)
        lib.u8_width_linebreaks_v2  # libunistring >= 1.0, the one gettext 0.21 uses
    except (OSError, AttributeError):
        return None
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    return lib


LIB = load_libunistring()
needs_lib = pytest.mark.skipif(LIB is None, reason="libunistring 1.0 not loadable")


def library_layout(text: str, column: int, width: int, blocked: set[int]) -> list[str]:
    data = text.encode("utf-8")
    overrides = bytearray(len(data))  # UC_BREAK_UNDEFINED everywhere...
    offsets = []
    position = 0
    for index, char in enumerate(text):
        offsets.append(position)
        if index in blocked:
            overrides[position] = 1  # ...but UC_BREAK_PROHIBITED where gettext forbids
        position += len(char.encode("utf-8"))
    result = ctypes.create_string_buffer(len(data))
    buffer = (ctypes.c_char * len(data)).from_buffer(overrides)
    LIB.u8_width_linebreaks_v2(data, ctypes.c_size_t(len(data)), ctypes.c_int(width),
                               ctypes.c_int(column), ctypes.c_int(0), buffer, b"UTF-8", result)
    cuts = [i for i, offset in enumerate(offsets) if result.raw[offset] == 2]  # POSSIBLE
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]


def class_samples() -> list[str]:
    """A few code points of every line-breaking class of the embedded table."""
    starts, values, _ = pofile._unicode()
    by_class: dict[int, list[int]] = {}
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else 0x110000
        if 0xD800 <= start < 0xE000:
            continue
        by_class.setdefault(values[index] >> 2, []).extend(range(start, min(end, start + 3)))
    return [chr(cp) for cps in by_class.values() for cp in cps[:40:7]]


SAMPLES = class_samples()
PLAIN = list("abcdefghij klmn opq rst uvw xyz  -—/\u00a0.,:;!?()[]{}'%$#@&*+=<>|~`^_¿¡«»")


@needs_lib
@settings(max_examples=400 * SCALE, deadline=None)
@given(chars=st.lists(st.one_of(st.sampled_from(PLAIN), st.sampled_from(SAMPLES)),
                      min_size=1, max_size=160),
       column=st.sampled_from([0, 0, 6, 7, 13]), width=st.sampled_from([77, 74, 73, 20, 5]),
       data=st.data())
def test_line_breaking_matches_libunistring(chars, column, width, data):
    text = "".join(chars).replace("\\", "/")  # backslashes are escapes to _layout
    blocked = set(data.draw(st.lists(st.integers(0, len(text) - 1), max_size=3)))
    ours = pofile._layout(text, column, width, blocked, pofile._column_sums(text))
    assert ours == library_layout(text, column, width, blocked)


@needs_lib
def test_embedded_widths_match_libunistring():
    for code_point in range(0x110000):
        if 0xD800 <= code_point < 0xE000:
            continue
        expected = LIB.uc_width(code_point, b"UTF-8")
        assert pofile._properties(code_point)[1] == expected, hex(code_point)


def library_breaks(text: str) -> list[int]:
    data = text.encode("utf-8")
    result = ctypes.create_string_buffer(len(data))
    LIB.u8_possible_linebreaks_v2(data, ctypes.c_size_t(len(data)), b"UTF-8", result)
    positions, offset = [], 0
    for index, char in enumerate(text):
        if result.raw[offset] == 2:  # UC_BREAK_POSSIBLE
            positions.append(index)
        offset += len(char.encode("utf-8"))
    return positions


@needs_lib
def test_embedded_line_break_classes_match_libunistring():
    # Each code point of the BMP between letters, digits and spaces: a wrong class in
    # the embedded table shows up as a break libunistring does not allow, or misses.
    pairs = pofile._unicode()[2]
    for code_point in range(0x10000):
        if 0xD800 <= code_point < 0xE000:
            continue
        char = chr(code_point)
        for text in (f"a{char}a", f"1{char} {char}("):
            ours = pofile._possible_breaks(pofile._classes(text), 0, len(text), pairs)
            assert ours == library_breaks(text), (hex(code_point), text)
