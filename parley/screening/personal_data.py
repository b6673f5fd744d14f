"""Personal data in a text: what a doxxing post publishes about someone.

Phone numbers (North American and French forms), e-mail addresses, street addresses in English
and French, French number plates. Finding one is not doxxing on its own (a shop gives its own
number); the encoder judges the intent and this names the evidence, and lifts a threat that
comes with it (an address plus "pay her a visit").
"""

import re

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "phone number",
        re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)|(?<![\d-])\d{3}-\d{4}(?![\d-])"),
    ),
    ("phone number", re.compile(r"(?<!\d)(?:\+33[\s.]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")),
    ("e-mail address", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    (
        "street address",
        re.compile(
            r"\b\d{1,5}\s+(?:[A-Z][\w'-]*\s+){1,3}(?i:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|"
            r"court|ct|way|place|pl|terrace|crescent|close)\b\.?"
        ),
    ),
    (
        "street address",
        re.compile(
            r"\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|impasse|all[ée]e|chemin|place|quai|"
            r"route|cours|square|passage|r[ée]sidence)\b",
            re.IGNORECASE,
        ),
    ),
    ("number plate", re.compile(r"\b[A-Z]{2}-\d{3}-[A-Z]{2}\b")),
)


def personal_data(text: str) -> list[str]:
    """The kinds of personal data found, each once, in a stable order."""
    found = [kind for kind, pattern in _PATTERNS if pattern.search(text)]
    return list(dict.fromkeys(found))
