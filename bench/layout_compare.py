"""What telling layout from content costs: compare a large catalog with its canonical rewrite.

python bench/layout_compare.py [PO]   (default: shared data's whatsnew/changelog.po)
Prints the time to parse, to generate GNU's form, and to compare content and first differing line,
for the catalog as msgcat --no-wrap lays it out (a layout-only difference of every wrapped entry).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bitext.compare import first_content_difference, first_line_difference
from bitext.pofile import generate_po, read_po

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "python-docs-es" / "whatsnew" / "changelog.po"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        path = Path("/work/shared/data/python-docs-es/whatsnew/changelog.po")
    unwrapped = subprocess.run(["msgcat", "--no-wrap", str(path)], capture_output=True, check=True).stdout
    start = time.perf_counter()
    old = read_po(unwrapped, str(path))
    parsed = time.perf_counter()
    text = generate_po(old)
    generated = time.perf_counter()
    new = read_po(text, str(path))
    reread = time.perf_counter()
    difference = first_content_difference(old, new, unwrapped.decode("utf-8"))
    line = first_line_difference(unwrapped.decode("utf-8"), text)
    compared = time.perf_counter()
    print(f"{path.name}: {len(old.entries)} entries, {len(unwrapped) / 1e6:.1f} MB unwrapped")
    print(f"read {parsed - start:.3f} s, generate {generated - parsed:.3f} s, "
          f"compare content and find the first differing line {compared - reread:.3f} s")
    print(f"content difference: {difference}; first layout line: {line}")


if __name__ == "__main__":
    main()
