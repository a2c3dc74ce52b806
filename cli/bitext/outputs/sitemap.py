"""`build/sitemap.xml`: every page of the site under the `base_url` setting, with its alternates.

`render_sitemap(entries)` takes `(url, alternates)` pairs, `alternates` a list of
`(hreflang, url)` (the page itself included, as search engines ask), and returns the
sitemaps.org 0.9 document with `xhtml:link rel="alternate"` elements, as UTF-8 bytes.
Built with ElementTree, which escapes every value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence

__all__ = ["render_sitemap"]

_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML = "http://www.w3.org/1999/xhtml"


def render_sitemap(entries: Iterable[tuple[str, Sequence[tuple[str, str]]]]) -> bytes:
    ET.register_namespace("", _SITEMAP)
    ET.register_namespace("xhtml", _XHTML)
    root = ET.Element(f"{{{_SITEMAP}}}urlset")
    for url, alternates in entries:
        item = ET.SubElement(root, f"{{{_SITEMAP}}}url")
        ET.SubElement(item, f"{{{_SITEMAP}}}loc").text = url
        for hreflang, href in alternates:
            ET.SubElement(item, f"{{{_XHTML}}}link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
