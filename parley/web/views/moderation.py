"""Trust and safety pages: reports, notices, decisions, appeals, the queue, transparency.

Every view validates its input, calls one action or query from parley.moderation, and shows
the result; refusals become pages that say why (parley.web.views.common.domain_errors).
"""

import csv
import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parley.core.errors import NotFound, ParleyError, ValidationFailed
from parley.posts.models import Post
from parley.safety import queries as safety_queries
from parley.safety.actions import appeals as appeal_actions
from parley.safety.actions import break_glass
from parley.safety.actions import decisions as decision_actions
from parley.safety.actions import evidence as evidence_actions
from parley.safety.actions import notices as notice_actions
from parley.safety.actions import queue as queue_actions
from parley.safety.actions import reports as report_actions
from parley.safety.models import ReviewSource
from parley.safety.policy import REDRESS_TEXT, REPORT_CATEGORIES, dispute_bodies, review_deadline
from parley.screening.policy import CATEGORIES
from parley.web.forms.moderation import (
    AppealDecisionForm,
    AppealForm,
    BreakGlassForm,
    DecisionForm,
    EscalationForm,
    NoticeForm,
    ReasonForm,
    ReportForm,
)
from parley.web.views.common import domain_errors, signed_in_member, viewer_of

# Members: reports ----------------------------------------------------------------------------


def _post_choices(account_posts: list[Post], exclude: int | None) -> list[tuple[str, str]]:
    return [(str(p.pk), p.text[:80] or _("(no text)")) for p in account_posts if p.pk != exclude]


def _report(request: HttpRequest, *, post: Post | None, username: str = "") -> HttpResponse:
    member = signed_in_member(request)
    account = post.author if post is not None else safety_queries.reportable_account(username)
    recent = safety_queries.reportable_posts_of(member, account)
    choices = _post_choices(recent, post.pk if post else None)
    form = ReportForm(request.POST or None, post_choices=choices)
    context: dict[str, Any] = {"form": form, "post": post, "account": account}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "web/safety/report.html", context, status=422)
        post_ids = ([str(post.pk)] if post else []) + list(form.cleaned_data["post_ids"])
        try:
            report = report_actions.file_report(
                reporter=member,
                account=account,
                post_ids=post_ids,
                category=form.cleaned_data["category"],
                comment=form.cleaned_data["comment"],
            )
        except ParleyError as error:
            context["error"] = error.message
            return render(request, "web/safety/report.html", context, status=error.status)
        return render(request, "web/safety/report_sent.html", {"report": report})
    return render(request, "web/safety/report.html", context)


@login_required
@domain_errors
def report_post(request: HttpRequest, post_id: int) -> HttpResponse:
    member = signed_in_member(request)
    return _report(request, post=safety_queries.reportable_post(member, post_id))


@login_required
@domain_errors
def report_account(request: HttpRequest, username: str) -> HttpResponse:
    return _report(request, post=None, username=username)


def _my_reports_page(
    request: HttpRequest, *, form: AppealForm | None = None, appealing: int | None = None
) -> HttpResponse:
    reports = list(safety_queries.reports_by(signed_in_member(request))[:100])
    appealable = {
        report.pk
        for report in reports
        if safety_queries.can_appeal_dismissal(
            outcome=report.outcome, decided_at=report.resolved_at, appealed=bool(report.appeals.all())
        )
    }
    # A rejected appeal comes back with its text and error, under the report it was for.
    context = {
        "reports": reports,
        "appealable": appealable,
        "form": AppealForm(),
        "failed_form": form,
        "appealing": appealing,
    }
    return render(request, "web/safety/my_reports.html", context, status=422 if form else 200)


@login_required
@domain_errors
def my_reports(request: HttpRequest) -> HttpResponse:
    return _my_reports_page(request)


@login_required
@require_POST
@domain_errors
def appeal_report(request: HttpRequest, report_id: int) -> HttpResponse:
    """DSA 20: the reporter complains that their report was dismissed."""
    member = signed_in_member(request)
    report = safety_queries.own_report(member, report_id)
    form = AppealForm(request.POST)
    if not form.is_valid():
        return _my_reports_page(request, form=form, appealing=report.pk)
    appeal_actions.file_report_appeal(reporter=member, report=report, text=form.cleaned_data["text"])
    messages.success(request, _("Your appeal was received. A moderator will review it."))
    return redirect("web:my_reports")


# Anyone: illegal-content notices (DSA 16) ----------------------------------------------------


@domain_errors
def notice_new(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST or None, initial={"url": request.GET.get("url", "")})
    context: dict[str, Any] = {"form": form, "categories": REPORT_CATEGORIES}
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "web/safety/notice_form.html", context, status=422)
        try:
            notice = notice_actions.file_notice(submitter=viewer_of(request), **form.cleaned_data)
        except notice_actions.FormRejected as error:
            for field, field_errors in error.errors.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
            return render(request, "web/safety/notice_form.html", context, status=error.status)
        return redirect(notice_actions.notice_path(notice))
    return render(request, "web/safety/notice_form.html", context)


@domain_errors
def notice_status(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    notice = safety_queries.notice_for_sender(reference, token)
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        # DSA 20: the sender, holding the link, complains that nothing was done.
        if form.is_valid():
            try:
                appeal_actions.file_notice_appeal(notice=notice, token=token, text=form.cleaned_data["text"])
            except ParleyError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your appeal was received. A moderator will review it."))
                return redirect(notice_actions.notice_path(notice))
        else:
            status = 422
    appeals = list(notice.appeals.all())
    context = {
        "notice": notice,
        "bodies": dispute_bodies(),
        "form": form,
        "appeals": appeals,
        "can_appeal": safety_queries.can_appeal_dismissal(
            outcome=notice.outcome, decided_at=notice.decided_at, appealed=bool(appeals)
        ),
    }
    return render(request, "web/safety/notice_status.html", context, status=status)


# Members: decisions and appeals (DSA 17, 20, 21) --------------------------------------------


@login_required
@domain_errors
def decisions(request: HttpRequest) -> HttpResponse:
    statements = safety_queries.member_statements(signed_in_member(request))[:100]
    return render(request, "web/safety/decisions.html", {"statements": statements})


@login_required
@domain_errors
def decision(request: HttpRequest, statement_id: int) -> HttpResponse:
    member = signed_in_member(request)
    statement = safety_queries.access_statement(member, statement_id)
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                appeal_actions.file_appeal(appellant=member, statement=statement, text=form.cleaned_data["text"])
            except ParleyError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(request, _("Your appeal was received. A moderator will review it."))
                return redirect("web:moderation_decision", statement.pk)
        else:
            status = 422
    context = {
        "statement": statement,
        "form": form,
        "can_appeal": statement.account_id == member.pk and safety_queries.can_appeal(statement),
        "appeals": statement.appeals.all(),
        # The redress text is the policy's, in the reader's language (the stored copy is the
        # language of the moderator who decided).
        "redress_text": REDRESS_TEXT,
    }
    return render(request, "web/safety/decision.html", context, status=status)


# Moderators ----------------------------------------------------------------------------------


@login_required
@domain_errors
def queue(request: HttpRequest) -> HttpResponse:
    moderator = signed_in_member(request)
    source = request.GET.get("source", "")
    if source and source not in ReviewSource.values:
        raise ValidationFailed(_("Unknown source."))
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError as exc:
        raise ValidationFailed(_("This page link is not valid.")) from exc
    result = safety_queries.queue_page(moderator, page=page, source=source)
    subjects = safety_queries.queue_subjects(moderator, [row.item for row in result.rows])
    return render(
        request,
        "web/moderation/queue.html",
        {
            "queue": result,
            "entries": [(row, subjects.get(row.item.pk)) for row in result.rows],
            "source": source,
            "sources": ReviewSource.choices,
        },
    )


@login_required
@domain_errors
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    moderator = signed_in_member(request)
    review_item = safety_queries.access_review_item(moderator, item_id)
    return _item_page(request, review_item)


def _item_page(request: HttpRequest, review_item: Any, *, status: int = 200, **forms: Any) -> HttpResponse:
    moderator = signed_in_member(request)
    context = safety_queries.item_context(moderator, review_item)
    return render(
        request,
        "web/moderation/item.html",
        {
            "ctx": context,
            "decision_form": forms.get("decision_form")
            or DecisionForm(initial={"category": review_item.category, "action": context.suggested}),
            "appeal_form": forms.get("appeal_form") or AppealDecisionForm(),
            "escalation_form": forms.get("escalation_form") or EscalationForm(),
            "error": forms.get("error"),
        },
        status=status,
    )


def _item_action(request: HttpRequest, item_id: int, run: Any) -> HttpResponse:
    """POST-only moderator action on an item; a refusal re-renders the item with the reason."""
    moderator = signed_in_member(request)
    review_item = safety_queries.access_review_item(moderator, item_id)
    try:
        result = run(moderator, review_item)
    except ParleyError as error:
        if error.status == 403 and not moderator.is_moderator:
            raise
        return _item_page(request, review_item, status=error.status, error=error.message)
    return result if isinstance(result, HttpResponse) else redirect("web:moderation_item", review_item.pk)


@login_required
@require_POST
@domain_errors
def claim(request: HttpRequest, item_id: int) -> HttpResponse:
    return _item_action(request, item_id, lambda m, i: queue_actions.claim_item(moderator=m, item=i))


@login_required
@require_POST
@domain_errors
def release(request: HttpRequest, item_id: int) -> HttpResponse:
    return _item_action(request, item_id, lambda m, i: queue_actions.release_item(moderator=m, item=i))


@login_required
@require_POST
@domain_errors
def reopen(request: HttpRequest, item_id: int) -> HttpResponse:
    return _item_action(request, item_id, lambda m, i: queue_actions.reopen_item(moderator=m, item=i))


@login_required
@require_POST
@domain_errors
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    form = DecisionForm(request.POST)

    def run(moderator: Any, review_item: Any) -> HttpResponse | None:
        if not form.is_valid():
            return _item_page(request, review_item, status=422, decision_form=form)
        decision_actions.decide_item(moderator=moderator, item=review_item, **form.cleaned_data)
        messages.success(request, _("Decision recorded; the member was told why."))
        return redirect("web:moderation_queue")

    return _item_action(request, item_id, run)


@login_required
@require_POST
@domain_errors
def decide_appeal(request: HttpRequest, item_id: int) -> HttpResponse:
    form = AppealDecisionForm(request.POST)

    def run(moderator: Any, review_item: Any) -> HttpResponse | None:
        if not form.is_valid():
            return _item_page(request, review_item, status=422, appeal_form=form)
        _post, _account, appeal = safety_queries.item_subject(review_item)
        if appeal is None:
            raise NotFound(_("This item is not an appeal."))
        appeal_actions.decide_appeal(moderator=moderator, appeal=appeal, **form.cleaned_data)
        messages.success(request, _("Appeal decided; the member was told."))
        return redirect("web:moderation_queue")

    return _item_action(request, item_id, run)


@login_required
@require_POST
@domain_errors
def escalate(request: HttpRequest, item_id: int) -> HttpResponse:
    form = EscalationForm(request.POST)

    def run(moderator: Any, review_item: Any) -> HttpResponse | None:
        if not form.is_valid():
            return _item_page(request, review_item, status=422, escalation_form=form)
        package = evidence_actions.escalate(moderator=moderator, item=review_item, **form.cleaned_data)
        messages.success(request, _("Escalation recorded; download the evidence package for the authorities."))
        return redirect("web:moderation_evidence", package.pk)

    return _item_action(request, item_id, run)


@login_required
@require_POST
@domain_errors
def reverse_action(request: HttpRequest, action_id: int) -> HttpResponse:
    moderator = signed_in_member(request)
    action = safety_queries.access_moderation_action(moderator=moderator, action_id=action_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Give the reason for the decision: the member will read it."))
    decision_actions.reverse_action(moderator=moderator, action=action, reason=form.cleaned_data["reason"])
    messages.success(request, _("The decision was reversed."))
    if action.review_item_id is not None:
        return redirect("web:moderation_item", action.review_item_id)
    return redirect("web:moderation_queue")


@login_required
@domain_errors
def evidence(request: HttpRequest, package_id: int) -> HttpResponse:
    package = safety_queries.access_evidence_package(moderator=signed_in_member(request), package_id=package_id)
    body = {
        "evidence_id": str(package.pk),
        "sha256": package.sha256,
        "authority": package.authority,
        "created_at": package.created_at.isoformat(),
        "retain_until": package.retain_until.isoformat(),
        "content": package.content,
    }
    response = JsonResponse(body, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="evidence-{package.pk}.json"'
    return response


@login_required
@domain_errors
def direct_message(request: HttpRequest, post_id: int) -> HttpResponse:
    """A direct message by id: shown when a report or review item concerns it, or after the
    moderator records why they must read it (break glass); otherwise only the reason form."""
    moderator = signed_in_member(request)
    post, readable = safety_queries.direct_message_for_staff(moderator, post_id)
    form = BreakGlassForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            post = break_glass.break_glass_direct_message(
                moderator=moderator, post_id=post.pk, reason=form.cleaned_data["reason"]
            )
            readable = True
        else:
            status = 422
    return render(
        request,
        "web/moderation/direct_message.html",
        {"post": post if readable else None, "post_id": post.pk, "form": form},
        status=status,
    )


@login_required
@domain_errors
def audit(request: HttpRequest) -> HttpResponse:
    entries = safety_queries.audit_log(
        signed_in_member(request),
        action=request.GET.get("action", "").strip(),
        target=request.GET.get("target", "").strip(),
    )[:200]
    return render(request, "web/moderation/audit.html", {"entries": entries})


# The public: transparency and policies -------------------------------------------------------


def _period(request: HttpRequest) -> safety_queries.Period:
    """?from=YYYY-MM-DD&to=YYYY-MM-DD (both inclusive); the last 12 months by default."""
    default = safety_queries.default_period()
    try:
        start = date.fromisoformat(request.GET["from"]) if request.GET.get("from") else None
        end = date.fromisoformat(request.GET["to"]) if request.GET.get("to") else None
    except ValueError as exc:
        raise ValidationFailed(_("Give dates as YYYY-MM-DD.")) from exc
    period = safety_queries.Period(
        start=datetime.combine(start, time.min, tzinfo=UTC) if start else default.start,
        end=datetime.combine(end, time.min, tzinfo=UTC) + timedelta(days=1) if end else default.end,
    )
    if period.start >= period.end:
        raise ValidationFailed(_("The start of the period must come before its end."))
    return period


def _json_error(error: ParleyError) -> JsonResponse:
    return JsonResponse({"error": error.message}, status=error.status)


@domain_errors
def transparency(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    report = safety_queries.transparency_report(period)
    return render(
        request,
        "web/safety/transparency.html",
        {
            "report": report,
            "period": period,
            "report_json": json.dumps(report, indent=2, ensure_ascii=False),
            "from": request.GET.get("from", ""),
            "to": request.GET.get("to", ""),
        },
    )


def transparency_json(request: HttpRequest) -> HttpResponse:
    try:
        period = _period(request)
    except ParleyError as error:
        return _json_error(error)
    return JsonResponse(safety_queries.transparency_report(period), json_dumps_params={"ensure_ascii": False})


def statements_json(request: HttpRequest) -> HttpResponse:
    """Statements of reasons in the EU DSA Transparency Database format, without personal data."""
    try:
        period = _period(request)
    except ParleyError as error:
        return _json_error(error)
    records = [safety_queries.tdb_statement(s) for s in safety_queries.statements_in(period)]
    return JsonResponse({"statements": records}, json_dumps_params={"ensure_ascii": False})


def statements_csv(request: HttpRequest) -> HttpResponse:
    try:
        period = _period(request)
    except ParleyError as error:
        return _json_error(error)
    records = [safety_queries.tdb_statement(s) for s in safety_queries.statements_in(period)]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statements-of-reasons.csv"'
    columns = sorted({key for record in records for key in record}) or ["puid"]
    writer = csv.DictWriter(response, fieldnames=columns)
    writer.writeheader()
    for record in records:
        writer.writerow({k: json.dumps(v) if isinstance(v, list) else v for k, v in record.items()})
    return response


def how_moderation_works(request: HttpRequest) -> HttpResponse:
    deadlines = [(c, round(review_deadline(c.name).total_seconds() / 3600)) for c in REPORT_CATEGORIES]
    return render(
        request,
        "web/safety/how_moderation_works.html",
        {"deadlines": deadlines, "categories": CATEGORIES, "bodies": dispute_bodies()},
    )


def child_safety(request: HttpRequest) -> HttpResponse:
    return render(request, "web/safety/child_safety.html", {"contact_email": settings.PARLEY_CONTACT_EMAIL})
