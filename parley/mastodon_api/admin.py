"""Mastodon's admin API for reports and account actions, so moderation tools and bots can work
the queue. Every call goes through the parley.safety.actions modules like the web pages do."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.errors import ValidationFailed
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.pagination import paginated_response
from parley.mastodon_api.presenters import (
    JSON,
    REPORT_CATEGORIES,
    StatusPresenter,
    iso,
    present_account,
)
from parley.safety import queries as safety_queries
from parley.safety.actions import decisions as decision_actions
from parley.safety.actions import queue as queue_actions
from parley.safety.models import (
    ActionType,
    Report,
    ReportStatus,
    ReviewItem,
    ReviewStatus,
)

# Mastodon's account action types, as Parley's moderation actions.
ACCOUNT_ACTIONS = {
    "none": ActionType.WARN,
    "sensitive": ActionType.LABEL_SENSITIVE,
    "silence": ActionType.LIMIT_REACH,
    "disable": ActionType.SUSPEND,
    "suspend": ActionType.BAN,
}
DEFAULT_DISABLE_DAYS = 30


def present_admin_account(user: User | None) -> JSON | None:
    if user is None:
        return None
    return {
        "id": str(user.pk),
        "username": user.username,
        "domain": None,
        "created_at": iso(user.date_joined),
        "email": user.email,
        "ip": None,
        "ips": [],
        "locale": user.language or "en",
        "invite_request": None,
        "role": {
            "id": "1" if user.is_moderator else "-99",
            "name": "Moderator" if user.is_moderator else "",
            "permissions": "0",
            "color": "",
            "highlighted": user.is_moderator,
        },
        "confirmed": user.email_confirmed_at is not None,
        "approved": True,
        "disabled": not user.is_active,
        "silenced": False,
        "sensitized": False,
        "suspended": user.is_suspended,
        "account": present_account(user),
    }


def present_admin_report(report: Report, moderator: User) -> JSON:
    item = report.review_item
    claim = getattr(item, "claim", None) if item is not None else None
    posts = list(report.posts.all())
    statuses = StatusPresenter(moderator, posts)
    return {
        "id": str(report.pk),
        "action_taken": report.status == ReportStatus.RESOLVED,
        "action_taken_at": iso(report.resolved_at),
        "category": REPORT_CATEGORIES.get(report.category, "violation"),
        "comment": report.comment,
        "forwarded": report.forwarded,
        "created_at": iso(report.created_at),
        "updated_at": iso(report.updated_at),
        "account": present_admin_account(report.reporter),
        "target_account": present_admin_account(report.account),
        "assigned_account": present_admin_account(claim.moderator if claim else None),
        "action_taken_by_account": present_admin_account(item.closed_by if item else None),
        "statuses": statuses.many(posts),
        "rules": [],
    }


@scope_required(("admin:read", "admin:read:reports"))
def list_reports(request: ApiRequest) -> HttpResponse:
    moderator = member(request)
    params = request.params
    reports = safety_queries.admin_reports(
        moderator,
        resolved=params.flag("resolved"),  # Mastodon lists unresolved reports by default
        account_id=params.text("account_id"),
        target_account_id=params.text("target_account_id"),
    )
    return paginated_response(request, reports, lambda rows: [present_admin_report(r, moderator) for r in rows])


@scope_required(("admin:read", "admin:read:reports"))
def get_report(request: ApiRequest, report_id: str) -> HttpResponse:
    moderator = member(request)
    report = safety_queries.access_report(moderator, report_id)
    return JsonResponse(present_admin_report(report, moderator))


def _report_item(report: Report) -> ReviewItem:
    if report.review_item is None:
        raise ValidationFailed(_("This report is not in the review queue."))
    return report.review_item


@scope_required(("admin:write", "admin:write:reports"))
def resolve_report(request: ApiRequest, report_id: str) -> HttpResponse:
    """Resolve without further action: the queue item is dismissed (reporters are told)."""
    moderator = member(request)
    report = safety_queries.access_report(moderator, report_id)
    item = _report_item(report)
    if item.status == ReviewStatus.OPEN:
        decision_actions.decide_item(
            moderator=moderator,
            item=item,
            action=ActionType.DISMISS,
            reason=request.params.text("text") or _("Resolved without action by a moderator."),
        )
    return JsonResponse(present_admin_report(safety_queries.access_report(moderator, report_id), moderator))


@scope_required(("admin:write", "admin:write:reports"))
def reopen_report(request: ApiRequest, report_id: str) -> HttpResponse:
    moderator = member(request)
    report = safety_queries.access_report(moderator, report_id)
    item = _report_item(report)
    if item.status == ReviewStatus.CLOSED:
        queue_actions.reopen_item(moderator=moderator, item=item)
    return JsonResponse(present_admin_report(safety_queries.access_report(moderator, report_id), moderator))


@scope_required(("admin:write", "admin:write:reports"))
def assign_report(request: ApiRequest, report_id: str) -> HttpResponse:
    moderator = member(request)
    queue_actions.claim_item(moderator=moderator, item=_report_item(safety_queries.access_report(moderator, report_id)))
    return JsonResponse(present_admin_report(safety_queries.access_report(moderator, report_id), moderator))


@scope_required(("admin:write", "admin:write:reports"))
def unassign_report(request: ApiRequest, report_id: str) -> HttpResponse:
    moderator = member(request)
    queue_actions.release_item(
        moderator=moderator, item=_report_item(safety_queries.access_report(moderator, report_id))
    )
    return JsonResponse(present_admin_report(safety_queries.access_report(moderator, report_id), moderator))


@scope_required(("admin:write", "admin:write:accounts"))
def account_action(request: ApiRequest, account_id: str) -> HttpResponse:
    """POST /api/v1/admin/accounts/:id/action: type none (warn), sensitive and silence (on the
    report's posts), disable (suspend for `days`, 30 by default), suspend (ban)."""
    moderator = member(request)
    params = request.params
    account = safety_queries.access_account(moderator, account_id)
    kind = params.text("type", "none")
    if kind not in ACCOUNT_ACTIONS:
        raise ValidationFailed(_("Unknown action type."))
    action = ACCOUNT_ACTIONS[kind]
    report_id = params.text("report_id")
    report = safety_queries.access_report(moderator, report_id) if report_id else None
    if report is not None and report.account_id != account.pk:
        raise ValidationFailed(_("The report is not about this account."))
    item = report.review_item if report is not None and report.review_item is not None else None
    if item is not None and item.status != ReviewStatus.OPEN:
        item = None
    reason = params.text("text") or _("Decided by a moderator through the admin API.")
    category = report.category if report is not None else "other"
    if action in (ActionType.LABEL_SENSITIVE, ActionType.LIMIT_REACH):
        posts = list(report.posts.all()) if report is not None else []
        if not posts:
            raise ValidationFailed(_("This action needs a report_id with reported posts."))
        for post in posts:
            decision_actions.decide_item(
                moderator=moderator,
                item=item,
                post=post,
                action=action,
                reason=reason,
                category=category,
            )
            item = None  # the first decision closes the report's item
    else:
        decision_actions.decide_item(
            moderator=moderator,
            item=item,
            account=account if item is None else None,
            action=action,
            reason=reason,
            category=category,
            days=params.number("days", DEFAULT_DISABLE_DAYS) if action == ActionType.SUSPEND else None,
        )
    return JsonResponse({})
