"""The news' public pages in the site map."""

SITEMAPS: dict = {}
