"""The notifications page: newest first, marked read once seen."""

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parley.posts.notifications import mark_all_read, notifications_for
from parley.posts.queries import paginate
from parley.web.views.common import cursor, domain_errors, signed_in_member, url_if_exists

PAGE_SIZE = 30


@login_required
@domain_errors
def notifications(request: HttpRequest) -> HttpResponse:
    member = signed_in_member(request)
    max_id = cursor(request)
    # The page is read before it is marked read, so what is new this time still shows as new.
    page = paginate(notifications_for(member), max_id=max_id, limit=PAGE_SIZE)
    if max_id is None:
        mark_all_read(member)
    # A moderation notice links to its statement of reasons and the appeal form (DSA 17, 20).
    prefetch_related_objects(list(page.posts), "statement")
    context = {
        "notifications": page.posts,
        "next_max_id": page.next_max_id,
        "follow_requests_url": url_if_exists("web:follow_requests"),
    }
    return render(request, "web/notifications/list.html", context)
