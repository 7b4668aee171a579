"""Reading the sitemap as a search engine does: the index, then each file."""

import re

LOCATION = re.compile(r"<loc>(.*?)</loc>")


def listed_sitemaps(client) -> list[str]:
    """The addresses the sitemap index lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return LOCATION.findall(response.content.decode())


def sitemap_xml(client) -> str:
    """Every sitemap the index lists, read in turn, as one text."""
    parts = []
    for location in listed_sitemaps(client):
        response = client.get(location)
        assert response.status_code == 200, location
        parts.append(response.content.decode())
    return "\n".join(parts)
