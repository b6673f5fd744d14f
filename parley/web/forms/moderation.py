"""Forms for reports, notices, appeals and decisions. They shape input; the actions judge it."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley.safety.models import ActionType
from parley.safety.policy import APPEAL_TEXT_MAX, NOTICE_EXPLANATION_MAX, REPORT_COMMENT_MAX
from parley.web.labels import category_choices


def category_choices_to_pick() -> list[tuple[str, str]]:
    """No category is chosen for the reporter: an empty first option they must change."""
    return [("", gettext("Choose a category")), *category_choices()]


PICK_A_CATEGORY = {"required": _("Choose the category that fits best.")}


class ReportForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is wrong with it?"), choices=category_choices_to_pick, error_messages=PICK_A_CATEGORY
    )
    comment = forms.CharField(
        label=_("Anything moderators should know (optional)"),
        required=False,
        max_length=REPORT_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Extra posts of the same account, chosen from its recent posts.
    post_ids = forms.MultipleChoiceField(
        label=_("Also include these posts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, post_choices: list[tuple[str, str]] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["post_ids"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = post_choices or []


class NoticeForm(forms.Form):
    """DSA 16 notice: every field the regulation asks for; the action checks them again."""

    url = forms.CharField(
        label=_("Exact address (URL) of the content"),
        max_length=500,
        help_text=_("Open the post or profile and copy the address from your browser."),
    )
    category = forms.ChoiceField(
        label=_("What kind of illegal content is it?"),
        choices=category_choices_to_pick,
        error_messages=PICK_A_CATEGORY,
    )
    explanation = forms.CharField(
        label=_("Why do you believe this content is illegal?"),
        max_length=NOTICE_EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        required=False,
        help_text=_("Optional only for child sexual abuse material."),
    )
    email = forms.CharField(
        label=_("Your email address"),
        max_length=254,
        required=False,
        help_text=_(
            "We send the acknowledgement and the decision here. Optional only for child sexual abuse material."
        ),
    )
    good_faith = forms.BooleanField(
        label=_(
            "I believe in good faith that the information and allegations in this notice are accurate and complete."
        ),
        required=False,
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why is the decision wrong?"),
        max_length=APPEAL_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(a.value, a.label) for a in ActionType if a not in (ActionType.RESTORE, ActionType.ESCALATE)],
    )
    category = forms.ChoiceField(label=_("Category"), choices=category_choices)
    reason = forms.CharField(
        label=_("Reason (the member reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    days = forms.IntegerField(label=_("Suspension length in days"), required=False, min_value=1, max_value=365)
    manifest = forms.BooleanField(
        label=_("Manifestly illegal content (or, when dismissing: manifestly unfounded reports)"),
        required=False,
    )


class AppealDecisionForm(forms.Form):
    founded = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[
            ("1", _("Founded: reverse the decision")),
            ("0", _("Not founded: the decision stands")),
        ],
        coerce=lambda value: value == "1",
    )
    reason = forms.CharField(
        label=_("Reason (the member reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EscalationForm(forms.Form):
    authority = forms.CharField(label=_("Authority contacted"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Why this is a threat to life or safety"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the member reads it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must you read this direct message? (recorded in the audit log)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
