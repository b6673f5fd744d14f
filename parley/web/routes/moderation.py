from django.urls import path

from parley.web.views import moderation

urlpatterns = [
    # Members
    path("posts/<int:post_id>/report", moderation.report_post, name="report_post"),
    path("@<str:username>/report", moderation.report_account, name="report_account"),
    path("settings/reports", moderation.my_reports, name="my_reports"),
    path("settings/reports/<int:report_id>/appeal", moderation.appeal_report, name="appeal_report"),
    path("settings/decisions", moderation.decisions, name="moderation_decisions"),
    path("decisions/<int:statement_id>", moderation.decision, name="moderation_decision"),
    # Anyone (DSA 16)
    path("notices/new", moderation.notice_new, name="notice_new"),
    path("notices/<str:reference>/<str:token>", moderation.notice_status, name="notice_status"),
    # Moderators
    path("moderation", moderation.queue, name="moderation_queue"),
    path("moderation/items/<int:item_id>", moderation.item, name="moderation_item"),
    path("moderation/items/<int:item_id>/claim", moderation.claim, name="moderation_claim"),
    path("moderation/items/<int:item_id>/release", moderation.release, name="moderation_release"),
    path("moderation/items/<int:item_id>/reopen", moderation.reopen, name="moderation_reopen"),
    path("moderation/items/<int:item_id>/decide", moderation.decide, name="moderation_decide"),
    path(
        "moderation/items/<int:item_id>/appeal",
        moderation.decide_appeal,
        name="moderation_decide_appeal",
    ),
    path("moderation/items/<int:item_id>/escalate", moderation.escalate, name="moderation_escalate"),
    path(
        "moderation/actions/<int:action_id>/reverse",
        moderation.reverse_action,
        name="moderation_reverse",
    ),
    path("moderation/evidence/<int:package_id>", moderation.evidence, name="moderation_evidence"),
    path("moderation/audit", moderation.audit, name="moderation_audit"),
    path("moderation/messages/<int:post_id>", moderation.direct_message, name="moderation_direct_message"),
    # The public (DSA 15/24, A4, G5, D14)
    path("transparency", moderation.transparency, name="transparency"),
    path("transparency.json", moderation.transparency_json, name="transparency_json"),
    path("transparency/statements.json", moderation.statements_json, name="transparency_statements"),
    path("transparency/statements.csv", moderation.statements_csv, name="transparency_statements_csv"),
    path("how-moderation-works", moderation.how_moderation_works, name="how_moderation_works"),
    path("child-safety", moderation.child_safety, name="child_safety"),
]
