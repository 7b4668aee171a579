"""Alphabetical order as readers of each language expect it, without
depending on the operating system's locales."""

import unicodedata

# Letters that some alphabets place after their base letter rather than
# beside it: Spanish sorts "ñ" after "n" ("Nueva Zelanda" < "Ñ…").
_SEPARATE_LETTERS = {"es": {"ñ": "n\U0010ffff"}}


def collation_key(text: str, language: str) -> tuple[str, str]:
    """A sort key that ignores case and accents, then breaks ties on them."""
    folded = unicodedata.normalize("NFC", text).casefold()
    for letter, replacement in _SEPARATE_LETTERS.get(language, {}).items():
        folded = folded.replace(letter, replacement)
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return base, folded
