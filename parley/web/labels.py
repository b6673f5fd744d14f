"""Words the web pages show for values the domain stores as codes or plain English.

The policy's categories (parley.screening.policy, parley.safety.policy) keep English titles for
logs, exports and the Transparency Database; readers get them here, in their own language.
A category the policy gains later shows its policy title until it is added here.
"""

import re

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley.safety.models import ActionType, ReviewSource, StatementOfReasons
from parley.safety.policy import REPORT_CATEGORIES, report_category
from parley.safety.queries import restriction_text
from parley.screening.policy import APPEAL_WINDOW_MONTHS

CATEGORY_TITLES: dict[str, Promise] = {
    "violent_threat": _("Threat of violence"),
    "incitement": _("Incitement to violence"),
    "hate": _("Hate on protected characteristics"),
    "harassment": _("Targeted harassment"),
    "sexual_minors": _("Sexual content involving minors"),
    "spam": _("Spam and platform manipulation"),
    "sensitive": _("Sensitive media"),
    "disputed": _("Disputed claim"),
    "illegal": _("Other illegal content"),
    "other": _("Something else against the rules"),
}

CATEGORY_DESCRIPTIONS: dict[str, Promise] = {
    "violent_threat": _(
        "A statement of intent to kill, injure or sexually assault a person or group. "
        "News, quotes and condemnation of threats are allowed."
    ),
    "incitement": _(
        "Calling on others to commit violence, or glorifying a violent attack or its "
        "perpetrators. Reporting and analysis of attacks are allowed."
    ),
    "hate": _(
        "Attacking people for their race, ethnicity, national origin, religion, sex, gender "
        "identity, sexual orientation, disability or serious disease. Counter-speech and "
        "reclaimed use are allowed."
    ),
    "harassment": _(
        "Abuse aimed at a specific person, telling someone to harm themselves, or "
        "publishing private information such as a home address (doxxing)."
    ),
    "sexual_minors": _(
        "Any sexualisation of minors, or offering, requesting or linking to child sexual "
        "abuse material. Always reported to the authorities."
    ),
    "spam": _(
        "Bulk or repetitive posting, scams, links to domains the operator has blocked, selling followers or engagement."
    ),
    "sensitive": _("Adult or graphic content: published behind a warning, shown only to members who choose to see it."),
    "disputed": _("A claim that independent fact-checks dispute: published with a context label."),
    "illegal": _("Content that breaks the law in another way than the categories above."),
    "other": _("Anything else that breaks this server's rules."),
}

CATEGORY_CLAUSES: dict[str, Promise] = {
    "violent_threat": _("Terms §4.1 (threats of violence)"),
    "incitement": _("Terms §4.2 (incitement and glorification of violence)"),
    "hate": _("Terms §4.3 (hateful conduct)"),
    "harassment": _("Terms §4.4 (harassment and doxxing)"),
    "sexual_minors": _("Terms §4.5 (child safety)"),
    "spam": _("Terms §4.6 (spam and manipulation)"),
    "sensitive": _("Terms §5.1 (sensitive content is labelled, not removed)"),
    "disputed": _("Terms §5.2 (disputed claims get context, not removal)"),
    "illegal": _("Terms §4.7 (illegal content)"),
    "other": _("Terms §4 (content rules)"),
}


def category_title(name: str) -> str:
    title = CATEGORY_TITLES.get(name)
    return str(title) if title is not None else report_category(name).title


def category_description(name: str) -> str:
    description = CATEGORY_DESCRIPTIONS.get(name)
    return str(description) if description is not None else ""


def category_clause(name: str) -> str:
    clause = CATEGORY_CLAUSES.get(name)
    return str(clause) if clause is not None else report_category(name).clause


def terms_clause(stored: str, category: str) -> str:
    """A statement's clause in the reader's language when it is the category's own clause."""
    if category and stored == report_category(category).clause:
        return category_clause(category)
    return stored


def statement_notice(statement: StatementOfReasons) -> str:
    """The notice a member got with a statement of reasons, in the reader's language: the stored
    notification keeps the words of the moderator's language."""
    return gettext("%(what)s Reason: %(reason)s (%(clause)s). You can appeal within %(months)d months.") % {
        "what": restriction_text(statement),
        "reason": statement.facts,
        "clause": terms_clause(statement.terms_clause, statement.category),
        "months": APPEAL_WINDOW_MONTHS,
    }


def action_name(code: str) -> str:
    """A moderation action ("remove") as its label; an unknown code stays as stored."""
    return str(ActionType(code).label) if code in ActionType.values else code


def source_name(code: str) -> str:
    return str(ReviewSource(code).label) if code in ReviewSource.values else code


def category_choices() -> list[tuple[str, str]]:
    """The report categories for a form's select, titled in the active language."""
    return [(c.name, category_title(c.name)) for c in REPORT_CATEGORIES]


# Most specific first: Edge and Opera carry "Chrome", Chrome carries "Safari".
_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chromium", re.compile(r"\bChromium/")),
    ("Chrome", re.compile(r"Chrome/|\bCriOS/")),  # HeadlessChrome too
    ("Safari", re.compile(r"\bSafari/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\biPhone\b|\biPad\b|\biPod\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


def device_name(user_agent: str) -> str:
    """ "Firefox on Android" from a User-Agent header; an app or a script goes by its own name."""
    browser = next((name for name, pattern in _BROWSERS if pattern.search(user_agent)), None)
    system = next((name for name, pattern in _SYSTEMS if pattern.search(user_agent)), None)
    if browser is None:
        product = user_agent.split("/", 1)[0].split(" ", 1)[0].strip()[:40]
        browser = product if product and product != "Mozilla" else None
    if browser and system:
        return gettext("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or gettext("Unknown browser")
