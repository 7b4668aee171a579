"""The organisation's public pages in the site map."""

SITEMAPS: dict = {}
