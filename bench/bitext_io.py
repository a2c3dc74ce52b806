"""Read one PO file with bitext's reader and write it back with bitext's writer (work item IO).

Usage: ``python bench/bitext_io.py IN.po OUT.po``. This is what ``bitext update`` does to a
catalog that needs no change in content, without the rest of the publication: the anchor is
``msgcat IN.po -o OUT.po``. Exit 0 on success, 2 on a ``BitextError`` (message on stderr).

It uses ``bitext.pofile.read_po(bytes, path)`` and ``bitext.pofile.generate_po(catalog) -> str``
and ``bitext.files.write_atomic``; if their signatures change, adapt ``round_trip`` only.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["round_trip"]


def round_trip(source: Path, target: Path) -> None:
    import gc

    from bitext.files import write_atomic
    from bitext.pofile import generate_po, read_po

    # As every bitext command runs (commands._collecting_rarely): the cyclic collector
    # would otherwise rescan the entries already read, again and again.
    gc.set_threshold(20_000, 20, 100)
    # Bytes, as bitext reads catalogs: the reader sniffs the charset itself.
    catalog = read_po(source.read_bytes(), str(source))
    write_atomic(target, generate_po(catalog))


def main(argv: list[str]) -> int:
    from bitext.errors import BitextError

    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        round_trip(Path(argv[0]), Path(argv[1]))
    except BitextError as error:
        print(f"bitext: error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
