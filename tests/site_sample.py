"""A small multilingual publication built through the CLI, for the site tests (test_site,
test_browser): two articles, nested slugs, an image, a download, a link between articles,
Spanish complete, French partly translated, German without any of bitext's own words."""

from __future__ import annotations

import struct
import textwrap
import zlib
from pathlib import Path

from bitext.pofile import generate_po, read_po

from conftest import run_cli

ARTICLE = textwrap.dedent("""\
    ---
    title: Workers take the streets
    description: How a city answered the raids.
    authors:
      - Mika
      - Natalia
      - N. Irazu
    date: 2026-01-14
    ---

    # Workers take the streets

    On Friday, June 6, *mass raids* started in Los Angeles.

    ![A community garden in Paramount](img/garden.png "The garden on Alondra Boulevard")

    Read [the leaflet](files/leaflet.pdf), the [second part](2026/part-two.md#where-now) and
    [the city's site](https://example.org/city).

    ## Where now?

    Unions called a march. Teachers organised patrols.
    """)

PART_TWO = textwrap.dedent("""\
    # Part two

    ## Where now?

    Back to [the first part](../la.md).

    ![A map of the march](../img/map.png)
    """)


def png(width: int = 2, height: int = 2) -> bytes:
    """A tiny valid PNG (solid colour), so browsers really decode the image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x2a\x6b\x34" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def fake_translate(root: Path, language: str, prefix: str, keep=lambda msgid: False) -> None:
    """Translate every entry of every catalog of `language` as `prefix + msgid` (links kept)."""
    for path in sorted((root / "locales" / language / "LC_MESSAGES").rglob("*.po")):
        relative = str(path.relative_to(root))
        catalog = read_po(path.read_bytes(), relative)
        for entry in catalog.entries:
            if not entry.obsolete and entry.msgid and not keep(entry.msgid):
                entry.msgstr = prefix + entry.msgid
        path.write_text(generate_po(catalog), encoding="utf-8")


def make_site(root: Path, languages=("es", "fr", "de"), extra_settings: str = "") -> Path:
    (root / "source" / "2026").mkdir(parents=True)
    (root / "source" / "img").mkdir()
    (root / "source" / "files").mkdir()
    (root / "source" / "la.md").write_text(ARTICLE, encoding="utf-8")
    (root / "source" / "2026" / "part-two.md").write_text(PART_TWO, encoding="utf-8")
    (root / "source" / "img" / "garden.png").write_bytes(png(40, 20))
    (root / "source" / "img" / "map.png").write_bytes(png(20, 20))
    (root / "source" / "files" / "leaflet.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    quoted = ", ".join(f'"{code}"' for code in languages)
    (root / "bitext.toml").write_text(f"languages = [{quoted}]\n{extra_settings}", encoding="utf-8")
    assert run_cli(root, "update").exit_code == 0
    if "es" in languages:
        fake_translate(root, "es", "ES ")
    if "fr" in languages:  # French: the last paragraph stays English
        fake_translate(root, "fr", "FR ", keep=lambda msgid: msgid.startswith("Unions"))
    if "de" in languages:
        fake_translate(root, "de", "DE ")
    return root
