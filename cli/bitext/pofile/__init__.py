"""PO catalogs: a strict reader and a writer of GNU gettext's canonical form.

Contract
--------
``read_po(data, path)`` turns the bytes (or text) of a PO/POT file into a `POCatalog`.
It is strict: whatever GNU ``msgcat`` 0.21 rejects raises `POSyntaxError` (or
`CatalogError` for a duplicate message or an unusable charset) carrying ``path`` and the
1-based line of msgcat's first error (msgcat counts an unterminated string on the line
after it).  Where msgcat keeps going but silently loses text, this reader refuses too:
a NUL character, and bytes that are not valid in the declared charset, are errors
wherever they stand (comments included).  Accepted beyond msgcat: a UTF-8 byte-order
mark; CRLF line ends read as LF.  Not supported: ``domain`` directives.  Several ``#,``
lines on one entry are merged (msgcat keeps only the last one, which can drop a
``fuzzy``).  Text is decoded with the header's charset (UTF-8 in practice); as with
msgcat, a charset name outside gettext's portable list (``UTF8``, ``latin1``) and
non-ASCII text without any charset are refused.

``generate_po(catalog)`` returns GNU gettext's canonical text for a catalog: exactly
what ``msgcat`` 0.21 prints for it (``msgcat --force-po`` for a catalog with nothing
but a header, which plain msgcat does not print at all).  That means: the header
first, then active entries in list order, then obsolete ones (``#~``; those without a
translation are left out, as msgcat does); comments in the order ``#``, ``#.``, ``#:``
(filled up to 79 columns), ``#,``, ``#|``; flags normalised (``fuzzy`` only on a
non-empty translation, format flags in gettext's order, unknown flags dropped); strings
escaped and wrapped at 79 columns where GNU's line breaking allows it (libunistring
1.0's Unicode line breaking and column widths, reproduced from tables of every code
point, so any script wraps as GNU wraps it), with a ``msgid ""`` first line when a
string takes more than one line.  GNU never breaks inside a format directive: that is
reproduced for ``c-format`` and ``python-format``, not for the 28 rarer languages
(it matters only for a directive holding a space, hyphen or slash).  A comment that
ends in a backslash gets a trailing space, or GNU would join the next line to it.
Nothing here prints or touches a file.

Speed: both directions have a fast path for the common case and fall back to the
general one for anything else.  The reader matches whole well-formed entries with one
regular expression and hands any file it does not fully accept to the strict tokenizer
and parser, which alone decide what is an error and where; the writer lays out text of
the common line-breaking classes with bytes searches instead of libunistring's state
machine.  tests/test_pofile.py checks each fast path against the general one.

Layout, one job per module (as Babel separates its PO reader, writer and catalog model):
``model`` (POEntry, POCatalog), ``lexer`` (the strict tokenizer), ``parser`` (tokens ->
catalog, msgcat's errors), ``fast`` (the one-regex reader), ``reader`` (``read_po``:
decoding and the choice between the two), ``linebreak`` (libunistring's tables and
layout), ``formats`` (c-format and python-format directives), ``writer``
(``generate_po`` and the ``written_*`` helpers), ``collector`` (both run with the cyclic
garbage collector paused: a catalog holds no cycle).  This module re-exports the public API;
the private names tests compare fast paths with are re-exported too.
"""

from __future__ import annotations

from bitext.pofile.model import POCatalog, POEntry
from bitext.pofile.reader import read_po
from bitext.pofile.writer import generate_po, written_flags, written_fuzzy, written_references

# What tests/test_pofile*.py compare (fast path against general one, tables against
# libunistring) under their old names: ``pofile._layout`` and so on.
from bitext.pofile.fast import _fast_input, _parse_fast  # noqa: E402,F401
from bitext.pofile.lexer import _unescape, _unescape_all  # noqa: F401
from bitext.pofile.linebreak import (_SIMPLE_MASK, _classes, _column_sums, _layout,  # noqa: F401
                                     _layout_general, _layout_simple, _possible_breaks,
                                     _properties, _unicode, _widths)
from bitext.pofile.parser import (_Parser, _Stop, _parse_references,  # noqa: F401
                                  _parse_references_spaced)
from bitext.pofile.writer import _escape  # noqa: F401

__all__ = ["POEntry", "POCatalog", "read_po", "generate_po", "written_flags", "written_references",
           "written_fuzzy"]
