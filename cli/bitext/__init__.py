"""bitext: keep a bilingual publication in gettext catalogs."""

__version__ = "0.1.0"
