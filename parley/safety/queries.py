"""Reads for trust and safety: the review queue, an item's context, decisions, transparency."""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.accounts.queries import blocked_either_way
from parley.core.errors import Forbidden, NotFound
from parley.core.models import AuditLogEntry
from parley.posts.models import Mention, Post, PostState, Visibility
from parley.posts.queries import can_view, visible_posts
from parley.safety.actions._restrictions import describe_restriction
from parley.safety.models import (
    ActionType,
    Appeal,
    AppealStatus,
    BannedEmail,
    EvidencePackage,
    IllegalContentNotice,
    ModerationAction,
    Report,
    ReportingSuspension,
    ReportStatus,
    ReviewClaim,
    ReviewItem,
    ReviewSource,
    ReviewStatus,
    StatementOfReasons,
    Strike,
)
from parley.safety.policy import (
    APPEAL_WINDOW,
    CLAIM_TTL,
    SEVERITY_RANK,
    THREAT_CATEGORIES,
    report_category,
)
from parley.screening.models import ScreeningDecision

QUEUE_PAGE_SIZE = 50
STRIKE_WINDOW = timedelta(days=365)


def require_moderator(viewer: User | None) -> User:
    if viewer is None or not viewer.is_authenticated or not viewer.is_moderator:
        raise Forbidden(_("Only moderators can do this."))
    return viewer


# The queue -----------------------------------------------------------------------------------


def _trusted_q() -> Exists:
    return Exists(
        IllegalContentNotice.objects.filter(
            review_item=OuterRef("pk"), trusted_flagger__isnull=False, trusted_flagger__active=True
        )
    )


def review_queue(*, source: str = "", now: datetime | None = None) -> QuerySet[ReviewItem]:
    """Open items: credible threats first, then by severity, trusted-flagger priority, then age."""
    now = now or timezone.now()
    items = ReviewItem.objects.filter(status=ReviewStatus.OPEN)
    if source:
        items = items.filter(source=source)
    return items.annotate(
        severity_rank=Case(
            *(When(severity=name, then=Value(rank)) for name, rank in SEVERITY_RANK.items()),
            default=Value(len(SEVERITY_RANK)),
            output_field=IntegerField(),
        ),
        threat_rank=Case(
            When(category__in=THREAT_CATEGORIES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        trusted=_trusted_q(),
        overdue=Case(When(due_at__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()),
    ).order_by("severity_rank", "threat_rank", "-trusted", "created_at", "id")


@dataclass(frozen=True)
class QueueRow:
    item: ReviewItem
    overdue: bool
    urgent: bool
    trusted: bool
    claimed_by: User | None
    reports: int
    notices: int


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    overdue: int
    page: int
    pages: int


def queue_page(viewer: User, *, page: int = 1, source: str = "") -> QueuePage:
    require_moderator(viewer)
    now = timezone.now()
    open_items = ReviewItem.objects.filter(status=ReviewStatus.OPEN)
    # Counts on the plain table: the ordering annotations are only needed for the shown page.
    total = (open_items.filter(source=source) if source else open_items).count()
    pages = max(1, (total + QUEUE_PAGE_SIZE - 1) // QUEUE_PAGE_SIZE)
    page = min(max(1, page), pages)
    start = (page - 1) * QUEUE_PAGE_SIZE
    # Sort lean rows (id and priority only), then load the page's 50 items with their claims.
    lean = review_queue(source=source, now=now).values_list("pk", "trusted")  # type: ignore[misc]  # annotation
    ordered = list(lean[start : start + QUEUE_PAGE_SIZE])
    ids = [pk for pk, _trusted in ordered]
    trusted = {pk for pk, is_trusted in ordered if is_trusted}
    loaded = ReviewItem.objects.select_related("claim__moderator", "content_type").in_bulk(ids)
    rows = [loaded[pk] for pk in ids if pk in loaded]
    reports = dict(
        Report.objects.filter(review_item_id__in=ids)
        .values_list("review_item_id")
        .annotate(n=Count("pk"))
        .values_list("review_item_id", "n")
    )
    notices = dict(
        IllegalContentNotice.objects.filter(review_item_id__in=ids)
        .values_list("review_item_id")
        .annotate(n=Count("pk"))
        .values_list("review_item_id", "n")
    )
    return QueuePage(
        rows=[
            QueueRow(
                item=item,
                overdue=item.due_at < now,
                urgent=item.severity == "critical",
                trusted=item.pk in trusted,
                claimed_by=active_claimant(item, now=now),
                reports=reports.get(item.pk, 0),
                notices=notices.get(item.pk, 0),
            )
            for item in rows
        ],
        total=total,
        overdue=open_items.filter(due_at__lt=now).count(),
        page=page,
        pages=pages,
    )


@dataclass(frozen=True)
class QueueSubject:
    """What a queue row is about, for its summary line: the post (with its author) or the account."""

    post: Post | None
    account: User | None


def queue_subjects(viewer: User, items: Iterable[ReviewItem]) -> dict[int, QueueSubject]:
    """The subjects of a page of queue items, in a fixed number of queries (appeals one each)."""
    require_moderator(viewer)
    wanted = list(items)
    post_type = ContentType.objects.get_for_model(Post)
    user_type = ContentType.objects.get_for_model(User)
    post_ids = [int(item.object_id) for item in wanted if item.content_type_id == post_type.pk]
    user_ids = [int(item.object_id) for item in wanted if item.content_type_id == user_type.pk]
    posts = Post.objects.select_related("author").in_bulk(post_ids)
    users = User.objects.in_bulk(user_ids)
    subjects: dict[int, QueueSubject] = {}
    for item in wanted:
        if item.content_type_id == post_type.pk:
            post = posts.get(int(item.object_id))
            subjects[item.pk] = QueueSubject(post=post, account=post.author if post else None)
        elif item.content_type_id == user_type.pk:
            subjects[item.pk] = QueueSubject(post=None, account=users.get(int(item.object_id)))
        else:
            post, account, _appeal = item_subject(item)
            subjects[item.pk] = QueueSubject(post=post, account=account)
    return subjects


def restriction_text(statement: StatementOfReasons) -> str:
    """What the statement restricted, in the active language (the stored copy is in the language
    of the moderator who decided)."""
    return describe_restriction(statement.action)


def active_claimant(item: ReviewItem, *, now: datetime | None = None) -> User | None:
    """Who is working the item, unless their claim is older than CLAIM_TTL."""
    claim: ReviewClaim | None = getattr(item, "claim", None)
    if claim is None or claim.claimed_at < (now or timezone.now()) - CLAIM_TTL:
        return None
    return claim.moderator


def access_review_item(viewer: User | None, item_id: int | str) -> ReviewItem:
    require_moderator(viewer)
    try:
        pk = int(item_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such review item.")) from exc
    item = ReviewItem.objects.select_related("claim__moderator", "screening").filter(pk=pk).first()
    if item is None:
        raise NotFound(_("No such review item."))
    return item


def open_item_for(content: Any) -> ReviewItem | None:
    """The open item already about this post or account (appeals aside), to merge into."""
    return (
        ReviewItem.objects.filter(
            content_type=ContentType.objects.get_for_model(content),
            object_id=str(content.pk),
            status=ReviewStatus.OPEN,
        )
        .exclude(source=ReviewSource.APPEAL)
        .order_by("id")
        .first()
    )


def item_subject(item: ReviewItem) -> tuple[Post | None, User | None, Appeal | None]:
    """What the item is about: a post (and its author), an account, or an appeal."""
    model = item.content_type.model_class()
    if model is Post:
        post = Post.objects.select_related("author").filter(pk=item.object_id).first()
        return post, post.author if post else None, None
    if model is Appeal:
        appeal = (
            Appeal.objects.select_related(
                "statement__action__post", "appellant", "action__post", "action__target_account"
            )
            .filter(pk=item.object_id)
            .first()
        )
        if appeal is None:
            return None, None, None
        if appeal.statement is None:
            # A reporter's or notice sender's complaint: the case is about the reported account.
            return appeal.appealed_action.post, appeal.appealed_action.target_account, appeal
        return appeal.statement.action.post, appeal.appellant, appeal
    if model is not None and issubclass(model, User):
        return None, User.objects.filter(pk=item.object_id).first(), None
    return None, None, None


@dataclass(frozen=True)
class ItemContext:
    item: ReviewItem
    post: Post | None
    account: User | None
    appeal: Appeal | None
    thread: list[Post]
    replies: list[Post]
    recent_posts: list[Post]
    strikes: list[Strike]
    earlier_actions: list[ModerationAction]
    reports: list[Report]
    earlier_reports: list[Report]
    notices: list[IllegalContentNotice]
    screenings: list[ScreeningDecision]
    claimed_by: User | None
    overdue: bool
    suggested: str


def item_context(viewer: User, item: ReviewItem) -> ItemContext:
    """Everything a moderator needs to decide: content, thread, history, reports, screening."""
    require_moderator(viewer)
    post, account, appeal = item_subject(item)
    thread: list[Post] = []
    replies: list[Post] = []
    screenings: list[ScreeningDecision] = []
    if post is not None:
        parent = post.in_reply_to
        while parent is not None and len(thread) < 10:
            thread.insert(0, parent)
            parent = parent.in_reply_to
        replies = list(post.replies.select_related("author").order_by("id")[:20])
        screenings = list(
            ScreeningDecision.objects.filter(
                content_type=ContentType.objects.get_for_model(Post), object_id=str(post.pk)
            )
        )
    if item.screening is not None and item.screening not in screenings:
        screenings.insert(0, item.screening)
    reports = list(item.reports.select_related("reporter").prefetch_related("posts")) if item.pk else []
    return ItemContext(
        item=item,
        post=post,
        account=account,
        appeal=appeal,
        thread=thread,
        replies=replies,
        recent_posts=list(Post.objects.filter(author=account).order_by("-id")[:10]) if account else [],
        strikes=list(active_strikes(account)) if account else [],
        earlier_actions=list(ModerationAction.objects.filter(target_account=account).select_related("actor")[:20])
        if account
        else [],
        reports=reports,
        earlier_reports=list(
            Report.objects.filter(account=account).exclude(review_item=item).select_related("reporter")[:20]
        )
        if account
        else [],
        notices=list(item.notices.all()),
        screenings=screenings,
        claimed_by=active_claimant(item),
        overdue=item.status == ReviewStatus.OPEN and item.due_at < timezone.now(),
        suggested=suggested_action(account) if account else ActionType.DISMISS,
    )


# Strikes and misuse --------------------------------------------------------------------------

# Number of earlier strikes -> what the policy suggests for the next violation.
STRIKE_LADDER: tuple[tuple[int, str], ...] = (
    (0, ActionType.REMOVE),
    (1, ActionType.WARN),
    (2, ActionType.SUSPEND),
    (4, ActionType.BAN),
)


def active_strikes(account: User) -> QuerySet[Strike]:
    return Strike.objects.filter(
        account=account, cancelled_at__isnull=True, created_at__gte=timezone.now() - STRIKE_WINDOW
    )


def suggested_action(account: User) -> str:
    """The escalation the policy suggests for this account's next violation."""
    count = active_strikes(account).count()
    suggestion: str = ActionType.REMOVE
    for threshold, action in STRIKE_LADDER:
        if count >= threshold:
            suggestion = action
    return suggestion


def misuse_window_start() -> datetime:
    return timezone.now() - timedelta(days=settings.PARLEY_MISUSE_WINDOW_DAYS)


def manifestly_illegal_count(account: User) -> int:
    return active_strikes(account).filter(manifestly_illegal=True, created_at__gte=misuse_window_start()).count()


def unfounded_report_count(*, account: User | None, email: str = "") -> int:
    since = misuse_window_start()
    if account is not None:
        reports = Report.objects.filter(reporter=account, manifestly_unfounded=True, created_at__gte=since).count()
        notices = IllegalContentNotice.objects.filter(
            submitter=account, manifestly_unfounded=True, created_at__gte=since
        ).count()
        return reports + notices
    return IllegalContentNotice.objects.filter(
        email__iexact=email, manifestly_unfounded=True, created_at__gte=since
    ).count()


def reporting_suspended_until(*, account: User | None, email: str = "") -> datetime | None:
    q = Q(account=account) if account is not None else Q(pk__in=[])
    if email:
        q |= Q(email=email.casefold())
    suspension = ReportingSuspension.objects.filter(q, until__gt=timezone.now()).order_by("-until").first()
    return suspension.until if suspension else None


def email_is_banned(email: str) -> bool:
    return BannedEmail.objects.filter(email=email.strip().casefold()).exists()


# Reports -------------------------------------------------------------------------------------


def reportable_post(reporter: User, post_id: int | str) -> Post:
    """A post the reporter saw: visible to them, or hidden only because its author blocked them."""
    try:
        pk = int(post_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such post.")) from exc
    post = Post.objects.select_related("author").filter(pk=pk).first()
    if post is None or post.state == PostState.REJECTED:
        raise NotFound(_("No such post."))
    if can_view(reporter, post):
        return post
    if blocked_either_way(reporter, post.author) and (
        can_view(None, post) or Mention.objects.filter(post=post, user=reporter).exists()
    ):
        return post
    raise NotFound(_("No such post."))


def reportable_posts_of(reporter: User, account: User, *, limit: int = 10) -> list[Post]:
    """Recent posts of `account` the reporter may add to a report, even when blocked by it."""
    viewer = None if blocked_either_way(reporter, account) else reporter
    return list(visible_posts(viewer).filter(author=account, echo_of__isnull=True)[:limit])


def reportable_account(username: str) -> User:
    """Any existing account can be reported, including one that blocked the reporter."""
    account = User.objects.filter(username__iexact=username.strip().lstrip("@")).first()
    if account is None:
        raise NotFound(_("No member with that username."))
    return account


def content_at_url(url: str) -> tuple[Post | None, User | None]:
    """The post (with its author) or the profile that an address on this server shows."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None, None
    ours = {settings.PARLEY_DOMAIN.lower(), *(h.lower() for h in settings.ALLOWED_HOSTS)}
    if parts.scheme not in ("http", "https") or (
        parts.netloc.lower() not in ours and (parts.hostname or "") not in ours
    ):
        return None, None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None, None
    if "post_id" in match.kwargs:
        post = Post.objects.select_related("author").filter(pk=match.kwargs["post_id"]).first()
        if post is None or post.state == PostState.REJECTED:
            return None, None
        return post, post.author
    if "username" in match.kwargs:
        return None, User.objects.filter(username__iexact=match.kwargs["username"]).first()
    return None, None


def reports_by(reporter: User) -> QuerySet[Report]:
    return Report.objects.filter(reporter=reporter).select_related("account").prefetch_related("posts", "appeals")


def own_report(reporter: User, report_id: int | str) -> Report:
    """One of the reporter's own reports; anyone else's is not found."""
    try:
        pk = int(report_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such report.")) from exc
    report = Report.objects.filter(pk=pk, reporter=reporter).first()
    if report is None:
        raise NotFound(_("No such report."))
    return report


# Members' decisions and appeals --------------------------------------------------------------


def member_statements(member: User) -> QuerySet[StatementOfReasons]:
    return (
        StatementOfReasons.objects.filter(account=member)
        .select_related("action", "action__post")
        .prefetch_related("appeals")
    )


def access_statement(viewer: User, statement_id: int | str) -> StatementOfReasons:
    """A statement of reasons as its member (or a moderator) may read it."""
    try:
        pk = int(statement_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such decision.")) from exc
    statement = StatementOfReasons.objects.select_related("action", "action__actor", "account").filter(pk=pk).first()
    if statement is None or (statement.account_id != viewer.pk and not viewer.is_moderator):
        raise NotFound(_("No such decision."))
    return statement


def can_appeal(statement: StatementOfReasons, *, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        now <= statement.appeal_until
        and statement.action.reversed_at is None
        and not statement.appeals.exists()  # one appeal per decision
    )


def can_appeal_dismissal(*, outcome: str, decided_at: datetime | None, appealed: bool) -> bool:
    """Whether a reporter or notice sender may still complain that nothing was done (DSA 20)."""
    return (
        outcome == ActionType.DISMISS
        and decided_at is not None
        and timezone.now() <= decided_at + APPEAL_WINDOW
        and not appealed
    )


def notice_for_sender(reference: str, token: str) -> IllegalContentNotice:
    notice = IllegalContentNotice.objects.filter(reference=reference).first()
    if notice is None or not token or notice.access_token != token:
        raise NotFound(_("No such notice."))
    return notice


def audit_log(viewer: User, *, action: str = "", target: str = "") -> QuerySet[AuditLogEntry]:
    require_moderator(viewer)
    entries = AuditLogEntry.objects.select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    if target:
        entries = entries.filter(target_id=target)
    return entries


# Transparency (DSA 15/24) --------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


def _counts(rows: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return [dict(row) for row in rows.values(*fields).annotate(count=Count("pk")).order_by(*fields)]


def transparency_report(period: Period) -> dict[str, Any]:
    """The machine-readable transparency report for one period, without personal data."""
    in_period = {"created_at__gte": period.start, "created_at__lt": period.end}
    actions = ModerationAction.objects.filter(**in_period)
    closed = ReviewItem.objects.filter(
        status=ReviewStatus.CLOSED, closed_at__gte=period.start, closed_at__lt=period.end
    )
    decided_appeals = Appeal.objects.filter(decided_at__gte=period.start, decided_at__lt=period.end)
    return {
        "instance": settings.PARLEY_DOMAIN,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "notices": _notice_figures(IllegalContentNotice.objects.filter(**in_period)),
        "reports": _report_figures(Report.objects.filter(**in_period)),
        "review_items": _review_figures(ReviewItem.objects.filter(**in_period), closed),
        "actions": {
            "total": actions.count(),
            "by_type": _counts(actions, "action", "automated"),
            "by_category": _counts(actions.exclude(category=""), "category"),
        },
        "automation": _automation_figures(in_period, actions, closed, decided_appeals),
        "appeals": _appeal_figures(Appeal.objects.filter(**in_period), decided_appeals),
        "suspensions": {
            "temporary": actions.filter(action=ActionType.SUSPEND).count(),
            "bans": actions.filter(action=ActionType.BAN).count(),
            "reporting_paused": ReportingSuspension.objects.filter(**in_period).count(),
        },
        "escalations_to_authorities": actions.filter(action=ActionType.ESCALATE).count(),
        "monthly_active_members": _monthly_active_members(period),
    }


def _hours_between(pairs: Iterable[tuple[datetime, datetime | None]]) -> float | None:
    return _median_hours([(end - start).total_seconds() for start, end in pairs if end is not None])


def _notice_figures(notices: QuerySet[IllegalContentNotice]) -> dict[str, Any]:
    return {
        "total": notices.count(),
        "by_category": _counts(notices, "category"),
        "from_trusted_flaggers": notices.filter(trusted_flagger__isnull=False).count(),
        "by_outcome": _counts(notices.exclude(outcome=""), "outcome"),
        "median_hours_to_decision": _hours_between(
            notices.filter(decided_at__isnull=False).values_list("created_at", "decided_at")
        ),
    }


def _report_figures(reports: QuerySet[Report]) -> dict[str, Any]:
    return {
        "total": reports.count(),
        "by_category": _counts(reports, "category"),
        "manifestly_unfounded": reports.filter(manifestly_unfounded=True).count(),
    }


def _review_figures(opened: QuerySet[ReviewItem], closed: QuerySet[ReviewItem]) -> dict[str, Any]:
    handled = [(c, d) for c, d in closed.values_list("created_at", "closed_at") if d is not None]
    return {
        "opened_by_source": _counts(opened, "source"),
        "closed": len(handled),
        "median_hours_to_decision": _hours_between(handled),
    }


def _automation_figures(
    in_period: dict[str, datetime],
    actions: QuerySet[ModerationAction],
    closed: QuerySet[ReviewItem],
    decided_appeals: QuerySet[Appeal],
) -> dict[str, Any]:
    return {
        "screening_decisions": ScreeningDecision.objects.filter(**in_period).count(),
        "automated_actions": actions.filter(automated=True).count(),
        "overturned_on_review": closed.filter(source=ReviewSource.SCREENING, resolution=ActionType.DISMISS).count(),
        "overturned_on_appeal": decided_appeals.filter(
            status=AppealStatus.FOUNDED, statement__action__automated=True
        ).count(),
        "description": _(
            "Posts are screened automatically before publication; holds go to human review "
            "and every automated decision can be appealed."
        ),
    }


def _appeal_figures(received: QuerySet[Appeal], decided: QuerySet[Appeal]) -> dict[str, Any]:
    return {
        "received": received.count(),
        "decided": decided.count(),
        "founded_and_reversed": decided.filter(status=AppealStatus.FOUNDED).count(),
        "rejected": decided.filter(status=AppealStatus.REJECTED).count(),
        "median_hours_to_decision": _hours_between(decided.values_list("created_at", "decided_at")),
    }


def _monthly_active_members(period: Period) -> int:
    """Members who signed in or posted in the 30 days before the period's end."""
    active_since = period.end - timedelta(days=30)
    return (
        User.objects.filter(
            Q(last_login__gte=active_since, last_login__lt=period.end)
            | Q(posts__created_at__gte=active_since, posts__created_at__lt=period.end)
        )
        .distinct()
        .count()
    )


def _median_hours(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) / 3600, 2) if seconds else None


_VISIBILITY = {
    ActionType.REMOVE: ["DECISION_VISIBILITY_CONTENT_REMOVED"],
    ActionType.LABEL_SENSITIVE: ["DECISION_VISIBILITY_CONTENT_LABELLED"],
    ActionType.LABEL_DISPUTED: ["DECISION_VISIBILITY_CONTENT_LABELLED"],
    ActionType.LIMIT_REACH: ["DECISION_VISIBILITY_CONTENT_DEMOTED"],
}
_ACCOUNT = {
    ActionType.SUSPEND: "DECISION_ACCOUNT_SUSPENDED",
    ActionType.BAN: "DECISION_ACCOUNT_TERMINATED",
}
_SOURCE = {
    "notice": "SOURCE_ARTICLE_16",
    "trusted_flagger": "SOURCE_TRUSTED_FLAGGER",
    "report": "SOURCE_TYPE_OTHER_NOTIFICATION",
    "own_initiative": "SOURCE_VOLUNTARY",
}


def _date(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def _public_facts(statement: StatementOfReasons) -> str:
    """The facts in words fixed by Parley: a moderator's free text may name people (D24(5))."""
    category = report_category(statement.category)
    how = "detected automatically" if statement.automated_detection else "reported or found by a moderator"
    return (
        f"Content {how} and assessed by a moderator as {category.title.lower()} "
        f"under {statement.terms_clause or category.clause}."
    )


def tdb_statement(statement: StatementOfReasons) -> dict[str, Any]:
    """One statement in the EU DSA Transparency Database submission format, no personal data."""
    action = statement.action
    category = report_category(statement.category)
    record: dict[str, Any] = {
        "puid": f"{settings.PARLEY_DOMAIN.split(':')[0].replace('.', '-')}-sor-{statement.pk}",
        "decision_visibility": _VISIBILITY.get(ActionType(action.action), []),
        "decision_account": _ACCOUNT.get(ActionType(action.action)),
        "decision_monetary": None,
        "decision_provision": None,
        "account_type": "ACCOUNT_TYPE_PRIVATE",
        "decision_ground": (
            "DECISION_GROUND_ILLEGAL_CONTENT" if statement.illegal_content else "DECISION_GROUND_INCOMPATIBLE_CONTENT"
        ),
        "category": category.tdb_category,
        "content_type": [
            "CONTENT_TYPE_TEXT",
            *(["CONTENT_TYPE_IMAGE"] if statement.has_media else []),
        ],
        "content_language": (statement.content_language[:2].upper() or None),
        "content_date": _date(statement.content_date or statement.created_at),
        "application_date": _date(statement.created_at),
        "decision_facts": _public_facts(statement),
        "source_type": _SOURCE.get(statement.source, "SOURCE_VOLUNTARY"),
        "automated_detection": "Yes" if statement.automated_detection else "No",
        "automated_decision": statement.automated_decision,
    }
    if statement.illegal_content:
        record["illegal_content_legal_ground"] = statement.legal_ground
        record["illegal_content_explanation"] = _public_facts(statement)
    else:
        record["incompatible_content_ground"] = statement.terms_clause
        record["incompatible_content_explanation"] = _public_facts(statement)
        record["incompatible_content_illegal"] = "No"
    if action.action == ActionType.WARN:
        record["decision_visibility"] = ["DECISION_VISIBILITY_OTHER"]
        record["decision_visibility_other"] = "Formal warning recorded against the account"
    if statement.end_date is not None:
        record["end_date_account_restriction"] = _date(statement.end_date)
    return record


def statements_in(period: Period) -> QuerySet[StatementOfReasons]:
    return (
        StatementOfReasons.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
        .select_related("action")
        .order_by("id")
    )


def default_period(now: datetime | None = None) -> Period:
    end = now or timezone.now()
    return Period(start=end - timedelta(days=365), end=end)


# The Mastodon admin API -----------------------------------------------------------------------


def admin_reports(
    viewer: User, *, resolved: bool | None = None, account_id: str = "", target_account_id: str = ""
) -> QuerySet[Report]:
    """Reports for moderation tools, newest first; ids that are not numbers match nothing."""
    require_moderator(viewer)
    reports = Report.objects.select_related(
        "reporter", "account", "review_item__claim__moderator", "review_item__closed_by"
    ).prefetch_related("posts")
    if resolved is not None:
        reports = reports.filter(status=ReportStatus.RESOLVED if resolved else ReportStatus.OPEN)
    for field, value in (("reporter_id", account_id), ("account_id", target_account_id)):
        if value:
            reports = reports.filter(**{field: int(value) if value.isdecimal() else -1})
    return reports


def access_report(viewer: User, report_id: int | str) -> Report:
    try:
        pk = int(report_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("Record not found")) from exc
    report = admin_reports(viewer).filter(pk=pk).first()
    if report is None:
        raise NotFound(_("Record not found"))
    return report


def access_account(viewer: User, account_id: int | str) -> User:
    """Any account, suspended or not, for a moderator."""
    require_moderator(viewer)
    account = User.objects.filter(pk=int(account_id)).first() if str(account_id).isdecimal() else None
    if account is None:
        raise NotFound(_("Record not found"))
    return account


def access_moderation_action(*, moderator: User | None, action_id: int | str) -> ModerationAction:
    """A recorded decision, for a moderator (to reverse it, for one)."""
    require_moderator(moderator)
    try:
        pk = int(action_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such decision.")) from exc
    action = ModerationAction.objects.filter(pk=pk).first()
    if action is None:
        raise NotFound(_("No such decision."))
    return action


def access_evidence_package(*, moderator: User | None, package_id: int | str) -> EvidencePackage:
    """An evidence package handed to the authorities (DSA 18), for a moderator."""
    require_moderator(moderator)
    try:
        pk = int(package_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such evidence package.")) from exc
    package = EvidencePackage.objects.filter(pk=pk).first()
    if package is None:
        raise NotFound(_("No such evidence package."))
    return package


# Direct messages -----------------------------------------------------------------------------

# How long a break-glass access (one audit row with its reason) lets its moderator read the message.
BREAK_GLASS_WINDOW = timedelta(hours=1)
BREAK_GLASS_ACTION = "direct_message.break_glass"


def direct_message_for_staff(viewer: User | None, post_id: int | str) -> tuple[Post, bool]:
    """A direct message a moderator asks for by id, and whether they may read it now: only when a
    report or review item concerns it, or they recorded a break-glass reason within the hour.
    Its text is never returned on its own: the caller shows it only when the answer is True."""
    moderator = require_moderator(viewer)
    try:
        pk = int(post_id)
    except (TypeError, ValueError) as exc:
        raise NotFound(_("No such direct message.")) from exc
    post = Post.objects.select_related("author").filter(pk=pk, visibility=Visibility.DIRECT).first()
    if post is None:
        raise NotFound(_("No such direct message."))
    concerned = (
        post.reports.exists()
        or ReviewItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Post), object_id=str(post.pk)
        ).exists()
        or AuditLogEntry.objects.filter(
            actor=moderator,
            action=BREAK_GLASS_ACTION,
            target_type=Post._meta.label_lower,
            target_id=str(post.pk),
            created_at__gte=timezone.now() - BREAK_GLASS_WINDOW,
        ).exists()
    )
    return post, concerned
