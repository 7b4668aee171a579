import contextlib

import pytest
from django.core.cache import caches


@pytest.fixture
def page_cache_on(settings):
    """The whole-page cache on and empty (the suite runs with it off)."""
    settings.PAGE_CACHE_ENABLED = True
    for alias in ("pages", "deep-pages"):
        caches[alias].clear()
    yield
    for alias in ("pages", "deep-pages"):
        with contextlib.suppress(Exception):  # a test may point it at no server
            caches[alias].clear()
