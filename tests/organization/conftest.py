import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start each test in English: a request in another language leaves
    that language active in the test thread."""
    with translation.override("en"):
        yield
