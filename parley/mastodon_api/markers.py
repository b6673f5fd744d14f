"""Markers: where the member stopped reading home and notifications, shared between apps."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from parley.core.errors import ValidationFailed
from parley.mastodon_api.actions import save_marker
from parley.mastodon_api.endpoint import ApiRequest, member, scope_required
from parley.mastodon_api.models import MarkerTimeline
from parley.mastodon_api.presenters import present_marker
from parley.mastodon_api.queries import markers_of


@scope_required("read:statuses")
def get_markers(request: ApiRequest) -> HttpResponse:
    wanted = request.params.values("timeline") or list(MarkerTimeline.values)
    return JsonResponse({m.timeline: present_marker(m) for m in markers_of(member(request), wanted)})


@scope_required("write:statuses")
def set_markers(request: ApiRequest) -> HttpResponse:
    user = member(request)
    params = request.params
    saved = {}
    for timeline in MarkerTimeline.values:
        raw = params.raw(timeline)
        value = raw.get("last_read_id") if isinstance(raw, dict) else params.opt_text(f"{timeline}[last_read_id]")
        if value is None:
            continue
        if not str(value).isdecimal():
            raise ValidationFailed(_("Validation failed: last_read_id must be an id"))
        saved[timeline] = present_marker(save_marker(user=user, timeline=timeline, last_read_id=int(value)))
    if not saved:
        raise ValidationFailed(_("Validation failed: give home[last_read_id] or notifications[last_read_id]"))
    return JsonResponse(saved)
