"""The schema.org types and properties the site's JSON-LD uses, bundled
(from https://schema.org, version 28) so tests check them without the
network: each type's parent, its own properties, and what we require.
"""

THING = {"name", "url", "description", "image", "sameAs", "identifier"}
CREATIVE_WORK = {
    "headline",
    "author",
    "publisher",
    "datePublished",
    "dateModified",
    "inLanguage",
    "keywords",
    "mainEntityOfPage",
    "text",
    "correction",
    "about",
}

# type -> (parent, its own properties)
TYPES = {
    "Thing": (None, THING),
    "CreativeWork": ("Thing", CREATIVE_WORK),
    "Article": ("CreativeWork", {"articleBody", "articleSection", "wordCount"}),
    "NewsArticle": ("Article", {"dateline", "printSection"}),
    "ReportageNewsArticle": ("NewsArticle", set()),
    "BackgroundNewsArticle": ("NewsArticle", set()),
    "Report": ("Article", {"reportNumber"}),
    "Comment": ("CreativeWork", {"parentItem", "upvoteCount"}),
    "CorrectionComment": ("Comment", set()),
    "WebPage": ("CreativeWork", {"breadcrumb", "lastReviewed"}),
    "Person": ("Thing", {"jobTitle", "affiliation", "givenName", "familyName"}),
    "Organization": ("Thing", {"logo", "address"}),
}

ARTICLE_REQUIRED = {"headline", "datePublished", "author", "publisher"}
REQUIRED = {
    "Article": ARTICLE_REQUIRED,
    "NewsArticle": ARTICLE_REQUIRED,
    "ReportageNewsArticle": ARTICLE_REQUIRED,
    "BackgroundNewsArticle": ARTICLE_REQUIRED,
    "Report": ARTICLE_REQUIRED,
    "CorrectionComment": {"text", "datePublished"},
    "Person": {"name"},
    "Organization": {"name"},
}


def properties_of(type_name: str) -> set[str]:
    found = set()
    while type_name is not None:
        parent, own = TYPES[type_name]
        found |= own
        type_name = parent
    return found


def assert_valid_json_ld(data, path: str = "$") -> None:
    """Every object's @type exists, its properties belong to that type,
    and its required ones are there and not empty."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            assert_valid_json_ld(item, f"{path}[{index}]")
        return
    if not isinstance(data, dict):
        return
    type_name = data.get("@type")
    assert type_name in TYPES, f"{path}: unknown type {type_name!r}"
    allowed = properties_of(type_name)
    for key, value in data.items():
        if key.startswith("@"):
            continue
        assert key in allowed, f"{path}: {type_name} has no property {key!r}"
        if isinstance(value, dict | list):
            assert_valid_json_ld(value, f"{path}.{key}")
    for key in REQUIRED.get(type_name, ()):
        assert data.get(key), f"{path}: {type_name} lacks {key!r}"
