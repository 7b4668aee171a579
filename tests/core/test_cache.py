"""The Redis cache backend (core/cache.py) against a real Redis."""

import pytest

from core.cache import RedisCache
from tests.test_two_servers import REDIS_URL, redis_or_skip


@pytest.fixture
def cache():
    redis_or_skip()
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "iomsite-test-core-cache"})
    backend.clear()
    yield backend
    backend.clear()


def test_it_stores_reads_and_deletes_like_djangos(cache):
    cache.set("menu", {"title": "Accueil"}, 60)
    assert cache.get_many(["menu", "absent"]) == {"menu": {"title": "Accueil"}}
    assert cache.add("count", 1, 60)
    assert cache.incr("count") == 2
    cache.delete("menu")
    assert cache.get("menu") is None


def test_each_process_keeps_one_client_per_server(cache):
    # Django's own backend builds a client per call: a third of a cached
    # page's time (core/cache.py).
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b", write=True) is client
