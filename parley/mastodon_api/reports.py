"""Reports: a member flags an account and some of its posts; they join the moderation queue."""

from django.http import HttpResponse, JsonResponse

from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.instance import category_for_rule
from parley.mastodon_api.presenters import REPORT_CATEGORIES, present_report
from parley.mastodon_api.queries import reportable_member
from parley.safety.actions.reports import file_report

# Mastodon's report categories; "violation" names one of the instance rules (policy categories).
MASTODON_CATEGORIES = {mastodon: parley for parley, mastodon in REPORT_CATEGORIES.items()}


def _category(mastodon_category: str, rule_ids: list[str]) -> str:
    if mastodon_category == "violation":
        for rule_id in rule_ids:
            if found := category_for_rule(rule_id):
                return found
        return "other"
    # Parley's own category names (as the web UI uses them) are accepted as they are.
    return MASTODON_CATEGORIES.get(mastodon_category, mastodon_category)


@scope_required("write:reports")
def create(request: ApiRequest) -> HttpResponse:
    params = request.params
    report = file_report(
        reporter=member(request),
        account=reportable_member(params.text("account_id")),
        post_ids=params.values("status_ids"),
        category=_category(params.text("category", "other"), params.values("rule_ids")),
        comment=params.text("comment"),
        forward=params.flag("forward"),
    )
    return JsonResponse(present_report(report))
