"""A tiny English/French guesser for posts that do not say their language.

Only used to pick which rule lists apply; the classifier is multilingual. Function words are
enough for the two languages Parley ships lists for, and cost microseconds.
"""

import re

_WORD = re.compile(r"[a-z']+")
_EN = frozenset(
    (
        "the", "and", "is", "are", "was", "were", "you", "your", "i", "we", "they", "he", "she",
        "it", "this", "that", "of", "to", "in", "for", "with", "not", "be", "will", "have", "has",
        "do", "does", "on", "at", "by", "from", "or", "but", "all", "my", "me", "what", "who",
        "should", "would",
    )
)  # fmt: skip
_FR = frozenset(
    (
        "le", "la", "les", "un", "une", "des", "et", "est", "sont", "etait", "tu", "te", "toi",
        "vous", "je", "nous", "ils", "elle", "il", "ce", "cette", "de", "du", "au", "aux", "en",
        "pour", "avec", "pas", "ne", "sur", "dans", "par", "ou", "mais", "tous", "toutes", "mon",
        "ma", "mes", "qui", "que", "faut", "va", "vais", "c'est", "j'ai",
    )
)  # fmt: skip


def guess_language(normalised_text: str) -> str:
    """'en', 'fr' or '' when there is no clear evidence."""
    en = fr = 0
    for word in _WORD.findall(normalised_text):
        if word in _EN:
            en += 1
        if word in _FR:
            fr += 1
    if en == fr:
        return ""
    return "en" if en > fr else "fr"
