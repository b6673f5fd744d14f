"""Presentation helpers: relative times, policy category names in the reader's language, devices."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from parley.safety.models import StatementOfReasons
from parley.safety.queries import restriction_text
from parley.web import labels

register = template.Library()

MINUTE, HOUR, DAY = 60, 3600, 86400


def relative_text(moment: datetime, now: datetime) -> str:
    """A short age ("5 min", "3 h", "2 d"), or a date once it is a week away; future times too."""
    seconds = int((now - moment).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    if seconds >= 7 * DAY:
        local = timezone.localtime(moment)
        same_year = local.year == timezone.localtime(now).year
        return date_format(local, "j N" if same_year else "j N Y")
    if seconds < MINUTE:
        return gettext("in less than a minute") if future else gettext("just now")
    if seconds < HOUR:
        n = seconds // MINUTE
        return (ngettext("in %(n)d min", "in %(n)d min", n) if future else ngettext("%(n)d min", "%(n)d min", n)) % {
            "n": n
        }
    if seconds < DAY:
        n = seconds // HOUR
        return (ngettext("in %(n)d h", "in %(n)d h", n) if future else ngettext("%(n)d h", "%(n)d h", n)) % {"n": n}
    n = seconds // DAY
    return (ngettext("in %(n)d d", "in %(n)d d", n) if future else ngettext("%(n)d d", "%(n)d d", n)) % {"n": n}


@register.simple_tag
def reltime(moment: datetime | None) -> SafeString | str:
    """<time> with the relative age as text and the exact date and time as its title."""
    if moment is None:
        return "—"
    exact = date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.isoformat(),
        exact,
        relative_text(moment, timezone.now()),
    )


@register.filter
def category_title(name: str) -> str:
    return labels.category_title(name)


@register.filter
def category_description(name: str) -> str:
    return labels.category_description(name)


@register.filter
def category_clause(name: str) -> str:
    return labels.category_clause(name)


@register.filter
def action_name(code: str) -> str:
    return labels.action_name(code)


@register.filter
def source_name(code: str) -> str:
    return labels.source_name(code)


@register.filter
def statement_notice(statement: StatementOfReasons) -> str:
    return labels.statement_notice(statement)


@register.filter
def statement_restriction(statement: StatementOfReasons) -> str:
    return restriction_text(statement)


@register.filter
def statement_clause(statement: StatementOfReasons) -> str:
    return labels.terms_clause(statement.terms_clause, statement.category)


@register.filter
def device_name(user_agent: str) -> str:
    return labels.device_name(user_agent)
