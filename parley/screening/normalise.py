# ruff: noqa: RUF001  (lookalike letters are the point of this module)
"""Text normalisation that runs before every detector.

Evasion tricks ("k1ll", "t u e r", "kiiiill", a Cyrillic a for a Latin one, zero-width spaces)
are undone here once, so that rules, the classifier and plugins all see the same canonical text.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Zero-width and invisible format characters used to split words past filters.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
        "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u206f\ufeff",
    ),
    None,
)

# Letters from other scripts that look like Latin ones (Unicode confusables, the common subset).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "һ": "h",
        "ӏ": "l",
        "ɡ": "g",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ω": "w",
        "γ": "y",
    }
)
# Typographic apostrophes and French ligatures, so rules can write "i'm", "j'" and « oeil » once
# (NFKC leaves « œ » as it is).
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "œ": "oe", "æ": "ae"})
_CONFUSABLE_CHARS = frozenset("авеёкмнорстухѕіїјԁԛԝһӏɡαβεηικνορτυχωγ")

# Digits and symbols standing for letters, only inside words that also contain letters.
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "€": "e",
    "+": "t",
    "|": "l",
}
_LEET_TOKEN = re.compile(r"[\w@$!€+|]*[a-z][\w@$!€+|]*|[\w@$!€+|]+[a-z]")
_LEET_CHARS = re.compile(r"[013457890@$!€+|]")
# Three or more single letters separated by spaces or light punctuation: "t u e r", "k.i.l.l".
_SPACED = re.compile(r"(?<![\w])(?:[a-z][ .\-_*·]){2,}[a-z](?![\w])")
_SPACED_SEPARATORS = re.compile(r"[ .\-_*·]")
# Stretched vowels collapse to one ("thoooose"), stretched consonants to two ("killllll").
_VOWEL_RUN3 = re.compile(r"([aeiouy])\1{2,}")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_RUN2 = re.compile(r"([a-z])\1+")
_WS = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"(?<![\w@])@\w+(?:@[\w.-]+)?")


@dataclass(frozen=True)
class NormalisedText:
    original: str
    # Canonical form for detectors: casefolded, accents and tricks undone, stretched letters
    # cut back ("kiiiill" -> "kill", "killlll" -> "kill"), URLs and mentions replaced by placeholders. Word and
    # phrase rules tolerate the remaining repeats (see config.term_regex).
    text: str
    has_mention: bool
    has_url: bool
    # True once an operator's allow rule blanked part of `text`: detectors that read the
    # original wording must read `text` instead, or the exemption would not reach them.
    exempted: bool = False

    @property
    def for_models(self) -> str:
        """What a model that reads wording (the encoder) should read."""
        return self.text if self.exempted else self.original


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _undo_confusables(text: str) -> str:
    # A Russian or Greek post stays as written; only Latin-looking words or mostly-Latin texts
    # are mapped, which is where lookalikes are used to dodge filters.
    if not any(ch in _CONFUSABLE_CHARS for ch in text):
        return text
    latin = sum(1 for ch in text if "a" <= ch <= "z")
    letters = sum(1 for ch in text if ch.isalpha())
    if letters and latin / letters > 0.5:
        return text.translate(_CONFUSABLES)
    return " ".join(w.translate(_CONFUSABLES) if any("a" <= ch <= "z" for ch in w) else w for w in text.split(" "))


def _undo_leet(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.isdigit():
            return token
        # "1st", "2021s", "covid19": digits at the edge of a word are not leetspeak, unless the
        # word starts and ends with leet digits around letters ("7h053" -> "those").
        core = token.strip("0123456789").rstrip("!|+$").lstrip("!|+")
        edges_leet = token[0] in _LEET and token[-1] in _LEET and token[-1] not in "!|+$"
        if edges_leet or _LEET_CHARS.search(core):
            core = token.rstrip("!|+$").lstrip("!|+")
        if not core or not any(ch.isalpha() for ch in core):
            return token
        start = token.find(core)
        mapped = _LEET_CHARS.sub(lambda m: _LEET[m.group(0)], core)
        return token[:start] + mapped + token[start + len(core) :]

    return _LEET_TOKEN.sub(repl, text)


def _join_spaced(text: str) -> str:
    return _SPACED.sub(lambda m: _SPACED_SEPARATORS.sub("", m.group(0)), text)


@lru_cache(maxsize=4096)
def normalise(text: str) -> NormalisedText:
    """Canonical text for detectors; never raises on any str input."""
    raw = text.translate(_INVISIBLE)
    raw = unicodedata.normalize("NFKC", raw)
    has_url = bool(_URL.search(raw))
    has_mention = bool(_MENTION.search(raw))
    t = _URL.sub(" urlplaceholder ", raw)
    t = _MENTION.sub(" mentionplaceholder ", t)
    t = _strip_accents(t.casefold()).translate(_TYPOGRAPHY)
    t = _undo_confusables(t)
    t = _undo_leet(t)
    t = _join_spaced(t)
    t = _VOWEL_RUN3.sub(r"\1", t)
    t = _RUN3.sub(r"\1\1", t)
    t = _WS.sub(" ", t).strip()
    return NormalisedText(original=text, text=t, has_mention=has_mention, has_url=has_url)


# Quoted passages: reporting and counter-speech quote the words they condemn.
_QUOTED = re.compile(r"\"[^\"]{1,400}\"|“[^”]{1,400}”|«[^»]{1,400}»|„[^“”]{1,400}[“”]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _QUOTED.finditer(text)]


def without_quotes(text: str) -> str:
    return _WS.sub(" ", _QUOTED.sub(" ", text)).strip()


def squeeze(text: str) -> str:
    """Every run of one letter cut to a single letter ("kill" -> "kil")."""
    return _RUN2.sub(r"\1", text)


def normalise_term(term: str) -> str:
    """How a word or phrase rule is stored for matching: the same steps as the text."""
    return squeeze(normalise(term).text)
