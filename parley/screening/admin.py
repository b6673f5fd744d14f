"""Screening configuration in the Django admin: rules, blocked domains, detectors, thresholds."""

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parley.screening import config
from parley.screening.models import (
    BlockedDomain,
    CategorySetting,
    DetectorSetting,
    Rule,
    RuleAction,
    ScreeningDecision,
)


class RuleForm(forms.ModelForm[Rule]):
    class Meta:
        model = Rule
        fields = [
            "language",
            "category",
            "kind",
            "pattern",
            "action",
            "applies_to_dms",
            "enabled",
            "note",
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("kind") == "regex":
            try:
                re.compile(str(data.get("pattern", "")))
            except re.error as exc:
                raise forms.ValidationError(_("Invalid regular expression: %(error)s") % {"error": exc}) from exc
        return data


def _set_action(queryset: QuerySet[Rule], action: str) -> None:
    # update() sends no signals, so the cached configuration is dropped explicitly.
    queryset.update(action=action)
    config.invalidate()


@admin.action(description=_("Set action: block"))
def make_block(modeladmin: admin.ModelAdmin[Rule], request: HttpRequest, queryset: QuerySet[Rule]) -> None:
    _set_action(queryset, RuleAction.BLOCK)


@admin.action(description=_("Set action: hold for review"))
def make_hold(modeladmin: admin.ModelAdmin[Rule], request: HttpRequest, queryset: QuerySet[Rule]) -> None:
    _set_action(queryset, RuleAction.HOLD)


@admin.action(description=_("Set action: label"))
def make_label(modeladmin: admin.ModelAdmin[Rule], request: HttpRequest, queryset: QuerySet[Rule]) -> None:
    _set_action(queryset, RuleAction.LABEL)


@admin.action(description=_("Set action: allow"))
def make_allow(modeladmin: admin.ModelAdmin[Rule], request: HttpRequest, queryset: QuerySet[Rule]) -> None:
    _set_action(queryset, RuleAction.ALLOW)


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin[Rule]):
    form = RuleForm
    list_display = [
        "pattern",
        "category",
        "language",
        "kind",
        "action",
        "applies_to_dms",
        "enabled",
    ]
    list_filter = ["category", "language", "kind", "action", "applies_to_dms", "enabled"]
    list_editable = ["action", "enabled"]
    search_fields = ["pattern", "note"]
    actions = [make_block, make_hold, make_label, make_allow]


@admin.register(BlockedDomain)
class BlockedDomainAdmin(admin.ModelAdmin[BlockedDomain]):
    list_display = ["domain", "category", "action", "created_at"]
    search_fields = ["domain", "note"]


@admin.register(DetectorSetting)
class DetectorSettingAdmin(admin.ModelAdmin[DetectorSetting]):
    list_display = ["name", "enabled", "weight", "updated_at"]
    list_editable = ["enabled", "weight"]


@admin.register(CategorySetting)
class CategorySettingAdmin(admin.ModelAdmin[CategorySetting]):
    list_display = ["category", "enabled", "label_at", "hold_at", "reject_at", "updated_at"]
    list_editable = ["enabled", "label_at", "hold_at", "reject_at"]


@admin.register(ScreeningDecision)
class ScreeningDecisionAdmin(admin.ModelAdmin[ScreeningDecision]):
    list_display = ["created_at", "kind", "decision", "author", "object_id"]
    list_filter = ["decision", "kind"]
    readonly_fields = [f.name for f in ScreeningDecision._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
