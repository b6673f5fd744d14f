"""Reports, notices, moderator decisions, statements of reasons, appeals, strikes and evidence.

The review queue (ReviewItem) is what everything else hangs off. Rows that record decisions are kept when the content or account is deleted.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from parley.core.models import SnowflakeField
from parley.safety.policy import REPORT_CATEGORY_CHOICES
from parley.screening.models import ScreeningDecision


class ReviewSource(models.TextChoices):
    SCREENING = "screening", _("Automated screening")
    REPORT = "report", _("Member report")
    NOTICE = "notice", _("Illegal-content notice")
    APPEAL = "appeal", _("Appeal")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ReviewItem(models.Model):
    """Something a human moderator must look at, whatever raised it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    content = GenericForeignKey("content_type", "object_id")
    source = models.CharField(max_length=12, choices=ReviewSource.choices)
    category = models.CharField(max_length=30)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    reasons = models.JSONField(default=list, blank=True)
    screening = models.ForeignKey(
        ScreeningDecision,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_items",
    )
    status = models.CharField(max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=40, blank=True)

    class Meta:
        db_table = "moderation_reviewitem"
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"], name="review_open_due")]

    def __str__(self) -> str:
        return f"{self.source}/{self.category} {self.object_id} ({self.status})"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")


class Report(models.Model):
    """A member's report of an account, optionally with some of its posts."""

    id = SnowflakeField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports_filed"
    )
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_against")
    posts = models.ManyToManyField("posts.Post", blank=True, related_name="reports")
    category = models.CharField(max_length=30, choices=REPORT_CATEGORY_CHOICES)
    comment = models.TextField(blank=True)
    forwarded = models.BooleanField(default=False)
    review_item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    # The action taken (a ModerationAction type), told to the reporter when the report closes.
    outcome = models.CharField(max_length=20, blank=True)
    manifestly_unfounded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "moderation_report"
        ordering = ["-id"]
        indexes = [models.Index(fields=["account", "-id"], name="report_account")]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.account_id} ({self.category})"


class TrustedFlagger(models.Model):
    """An entity awarded trusted-flagger status (DSA 22); its notices are handled first."""

    name = models.CharField(max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="trusted_flagger",
        help_text=_("The account the flagger signs in with to file notices."),
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "moderation_trustedflagger"

    def __str__(self) -> str:
        return self.name


class NoticeStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    DECIDED = "decided", _("Decided")


class IllegalContentNotice(models.Model):
    """A notice of illegal content from anyone, with or without an account (DSA 16)."""

    id = SnowflakeField()
    reference = models.CharField(max_length=24, unique=True)
    # Part of the acknowledgement link, so that only the sender can read the notice's status.
    access_token = models.CharField(max_length=64)
    category = models.CharField(max_length=30, choices=REPORT_CATEGORY_CHOICES)
    explanation = models.TextField()
    url = models.URLField(max_length=500)
    post = models.ForeignKey("posts.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices_received",
    )
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    good_faith = models.BooleanField(default=False)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices_sent",
    )
    trusted_flagger = models.ForeignKey(
        TrustedFlagger, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    review_item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.RECEIVED)
    decision = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    automated_decision = models.BooleanField(default=False)
    manifestly_unfounded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "moderation_illegalcontentnotice"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"notice {self.reference}"


class ActionType(models.TextChoices):
    DISMISS = "dismiss", _("Dismiss (no violation)")
    REMOVE = "remove", _("Remove the post")
    LABEL_SENSITIVE = "label_sensitive", _("Label as sensitive")
    LABEL_DISPUTED = "label_disputed", _("Label as disputed")
    LIMIT_REACH = "limit_reach", _("Limit reach")
    WARN = "warn", _("Warn the member")
    SUSPEND = "suspend", _("Suspend for a time")
    BAN = "ban", _("Ban")
    RESTORE = "restore", _("Restore")
    ESCALATE = "escalate", _("Escalate to the authorities")


class ModerationAction(models.Model):
    """One decision by a moderator (or by automation) on a post or an account."""

    id = SnowflakeField()
    action = models.CharField(max_length=20, choices=ActionType.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    automated = models.BooleanField(default=False)
    target_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    post = models.ForeignKey(
        "posts.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    # Kept when the post is deleted, so the record still says what was acted on.
    post_ref = models.BigIntegerField(null=True, blank=True)
    review_item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    category = models.CharField(max_length=30, blank=True)
    reason = models.TextField()
    policy_clause = models.CharField(max_length=200, blank=True)
    manifestly_illegal = models.BooleanField(default=False)
    until = models.DateTimeField(null=True, blank=True)
    before = models.JSONField(default=dict, blank=True)
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reversals")
    reversed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "moderation_moderationaction"
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_account", "-id"], name="modaction_account")]

    def __str__(self) -> str:
        return f"{self.action} on {self.target_account_id}/{self.post_ref}"


class AutomationLevel(models.TextChoices):
    FULLY = "AUTOMATED_DECISION_FULLY", _("Fully automated")
    PARTIALLY = "AUTOMATED_DECISION_PARTIALLY", _("Partially automated")
    NOT_AUTOMATED = "AUTOMATED_DECISION_NOT_AUTOMATED", _("Not automated")


class StatementOfReasons(models.Model):
    """What a member is told about a restriction (DSA 17), exportable to the EU database."""

    id = SnowflakeField()
    action = models.OneToOneField(ModerationAction, on_delete=models.CASCADE, related_name="statement")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="statements"
    )
    restriction = models.TextField()  # what was restricted, in words
    facts = models.TextField()
    automated_detection = models.BooleanField(default=False)
    automated_decision = models.CharField(max_length=40, choices=AutomationLevel.choices)
    illegal_content = models.BooleanField(default=False)
    legal_ground = models.TextField(blank=True)
    terms_clause = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=30, blank=True)
    # Where the case came from: a notice (DSA 16), a trusted flagger, a report, own initiative.
    source = models.CharField(max_length=40)
    redress = models.TextField()
    dispute_bodies = models.JSONField(default=list, blank=True)
    content_date = models.DateTimeField(null=True, blank=True)
    content_language = models.CharField(max_length=8, blank=True)
    has_media = models.BooleanField(default=False)
    end_date = models.DateTimeField(null=True, blank=True)
    appeal_until = models.DateTimeField()
    # The notification that told the member: apps show it as Mastodon's account warning.
    notification = models.OneToOneField(
        "posts.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "moderation_statementofreasons"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"statement {self.pk} ({self.action_id})"


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    FOUNDED = "founded", _("Founded: decision reversed")
    REJECTED = "rejected", _("Rejected: decision upheld")


class Appeal(models.Model):
    """A free internal complaint against a decision (DSA 20).

    Either the affected member appeals a restriction (`statement`), or a reporter or notice
    sender complains about a decision not to act (`report` or `notice`, with the dismissal in
    `action`); a notice sender may have no account, so `appellant` can be empty.
    """

    id = SnowflakeField()
    statement = models.ForeignKey(
        StatementOfReasons, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals"
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    action = models.ForeignKey(
        ModerationAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="appeals")
    notice = models.ForeignKey(
        IllegalContentNotice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    text = models.TextField()
    status = models.CharField(max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    review_item = models.ForeignKey(
        ReviewItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="appeals"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "moderation_appeal"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.status})"

    @property
    def appealed_action(self) -> ModerationAction:
        """The decision under appeal: a restriction's, or the dismissal of a report or notice."""
        if self.statement is not None:
            return self.statement.action
        assert self.action is not None  # set on every complaint about a dismissal
        return self.action


class Strike(models.Model):
    """A recorded violation; repeat violations escalate (see safety_queries.suggested_action)."""

    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="strikes")
    action = models.ForeignKey(ModerationAction, on_delete=models.CASCADE, related_name="strikes")
    category = models.CharField(max_length=30, blank=True)
    manifestly_illegal = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "moderation_strike"
        ordering = ["-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="strike_account")]

    def __str__(self) -> str:
        return f"strike on {self.account_id} ({self.category})"


class BannedEmail(models.Model):
    """A banned member's email address: registering again with it is refused."""

    email = models.CharField(max_length=254, unique=True)  # stored case-folded
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.ForeignKey(ModerationAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "moderation_bannedemail"

    def __str__(self) -> str:
        return self.email


class ReportingSuspension(models.Model):
    """DSA 23(2): someone whose reports or notices were often manifestly unfounded, paused."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.CharField(max_length=254, blank=True)  # case-folded, for notices without account
    until = models.DateTimeField()
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "moderation_reportingsuspension"

    def __str__(self) -> str:
        return f"reporting paused for {self.account_id or self.email} until {self.until}"


class MisuseWarning(models.Model):
    """DSA 23: the prior warning that must come before a misuse suspension."""

    class Kind(models.TextChoices):
        ILLEGAL_CONTENT = "illegal_content", _("Manifestly illegal content")
        UNFOUNDED_REPORTS = "unfounded_reports", _("Manifestly unfounded reports")

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.CharField(max_length=254, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "moderation_misusewarning"

    def __str__(self) -> str:
        return f"{self.kind} warning for {self.account_id or self.email}"


class ReviewClaim(models.Model):
    """A moderator working an item, so that two do not work it at once."""

    item = models.OneToOneField(ReviewItem, on_delete=models.CASCADE, related_name="claim")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField()

    class Meta:
        db_table = "moderation_reviewclaim"

    def __str__(self) -> str:
        return f"{self.item_id} claimed by {self.moderator_id}"


class EvidencePackage(models.Model):
    """What was handed to the authorities (DSA 18): kept past deletion until `retain_until`."""

    id = SnowflakeField()
    action = models.ForeignKey(ModerationAction, null=True, on_delete=models.SET_NULL, related_name="evidence")
    post_ref = models.BigIntegerField(null=True, blank=True)
    account_ref = models.BigIntegerField(null=True, blank=True)
    # Content, metadata and timestamps as captured, plus the SHA-256 of each part and of the whole.
    content = models.JSONField()
    sha256 = models.CharField(max_length=64)
    authority = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retain_until = models.DateTimeField()

    class Meta:
        db_table = "moderation_evidencepackage"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"evidence {self.pk}"
