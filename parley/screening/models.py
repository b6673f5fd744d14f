"""Screening records and the operator's screening configuration.

The tables keep the names they had when screening and safety were one app (`moderation_*`), so
that moving the models lost no data.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from parley.screening.policy import CATEGORIES

CATEGORY_CHOICES = [(c.name, c.title) for c in CATEGORIES]


class Decision(models.TextChoices):
    PUBLISH = "publish", _("Publish")
    LABEL = "label", _("Publish with a label")
    HOLD = "hold", _("Hold for review")
    REJECT = "reject", _("Reject")


class ScreeningDecision(models.Model):
    """One automated screening of a post, reply, quote, edit, DM, bio or display name."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=40)
    content = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=20)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="screening_decisions",
    )
    # What was screened, as screened: an edit later must not change the evidence.
    text = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    labels = models.JSONField(default=list, blank=True)
    scores = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    automated = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "moderation_screeningdecision"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="screening_content"),
            models.Index(fields=["decision", "-created_at"], name="screening_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.decision}"


class RuleKind(models.TextChoices):
    WORD = "word", _("Whole word")
    PHRASE = "phrase", _("Phrase")
    REGEX = "regex", _("Regular expression")


class RuleAction(models.TextChoices):
    BLOCK = "block", _("Block (reject)")
    HOLD = "hold", _("Hold for review")
    LABEL = "label", _("Publish with a label")
    ALLOW = "allow", _("Allow (exempt the matched words)")


class RuleLanguage(models.TextChoices):
    ANY = "", _("Any language")
    EN = "en", _("English")
    FR = "fr", _("French")


class Rule(models.Model):
    """An operator-editable word, phrase or regex, matched on normalised text."""

    language = models.CharField(max_length=8, choices=RuleLanguage.choices, blank=True)
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES)
    kind = models.CharField(max_length=8, choices=RuleKind.choices, default=RuleKind.PHRASE)
    # Room for long regular expressions (PostgreSQL enforces the length; SQLite does not).
    pattern = models.CharField(
        max_length=2000,
        help_text=_(
            "Words and phrases are matched after normalisation (case, accents, leetspeak, "
            "repeated letters). Regular expressions run on the normalised text: lower case, "
            "no accents."
        ),
    )
    action = models.CharField(max_length=8, choices=RuleAction.choices, default=RuleAction.HOLD)
    applies_to_dms = models.BooleanField(
        default=False, help_text=_("Direct messages are only screened by rules marked here.")
    )
    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "moderation_rule"
        ordering = ["category", "language", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["language", "category", "kind", "pattern"], name="unique_screening_rule")
        ]

    def __str__(self) -> str:
        return f"[{self.language or 'any'}/{self.category}] {self.pattern} -> {self.action}"


class BlockedDomain(models.Model):
    """Links to these domains (and their subdomains) count as spam or worse."""

    domain = models.CharField(max_length=253, unique=True)
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES, default="spam")
    action = models.CharField(
        max_length=8,
        choices=[
            (RuleAction.BLOCK, RuleAction.BLOCK.label),
            (RuleAction.HOLD, RuleAction.HOLD.label),
        ],
        default=RuleAction.HOLD,
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "moderation_blockeddomain"
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class DetectorSetting(models.Model):
    """The operator's switch and weight for one registered detector."""

    name = models.CharField(max_length=100, unique=True)
    enabled = models.BooleanField(default=True)
    # Scales every score the detector returns: 0.5 halves its influence.
    weight = models.FloatField(default=1.0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "moderation_detectorsetting"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({'on' if self.enabled else 'off'}, x{self.weight})"


class CategorySetting(models.Model):
    """The operator's thresholds for one policy category; empty fields keep the policy default."""

    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES, unique=True)
    enabled = models.BooleanField(default=True)
    label_at = models.FloatField(null=True, blank=True)
    hold_at = models.FloatField(null=True, blank=True)
    reject_at = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "moderation_categorysetting"
        ordering = ["category"]

    def __str__(self) -> str:
        return self.category
