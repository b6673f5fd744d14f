"""Keyword filters (v2): the member's rules for hiding or flagging posts, per context."""

from django.http import HttpResponse, JsonResponse

from parley.filters.actions import (
    KeywordChange,
    add_keyword,
    create_filter,
    delete_filter,
    delete_keyword,
    update_filter,
    update_keyword,
)
from parley.filters.queries import access_filter, access_keyword, filters_of
from parley.mastodon_api.endpoint import ApiRequest, JSONValue, Params, member, scope_required
from parley.mastodon_api.presenters import present_filter, present_filter_keyword


def _truthy(value: JSONValue, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "t", "on", "yes")


def _keyword_changes(params: Params) -> list[KeywordChange]:
    changes = []
    for row in params.nested("keywords_attributes"):
        raw_id = str(row.get("id") or "")
        changes.append(
            KeywordChange(
                keyword=str(row.get("keyword") or ""),
                whole_word=_truthy(row.get("whole_word"), True),
                id=int(raw_id) if raw_id.isdecimal() else None,
                destroy=_truthy(row.get("_destroy"), False),
            )
        )
    return changes


@scope_required("read:filters")
def list_filters(request: ApiRequest) -> HttpResponse:
    return JsonResponse([present_filter(f) for f in filters_of(member(request))], safe=False)


@scope_required("write:filters")
def create(request: ApiRequest) -> HttpResponse:
    params = request.params
    created = create_filter(
        user=member(request),
        title=params.text("title"),
        contexts=params.values("context"),
        action=params.text("filter_action", "warn"),
        expires_in=params.number("expires_in"),
        keywords=_keyword_changes(params),
    )
    return JsonResponse(present_filter(access_filter(member(request), created.pk)))


@scope_required("read:filters")
def get_filter(request: ApiRequest, filter_id: str) -> HttpResponse:
    return JsonResponse(present_filter(access_filter(member(request), filter_id)))


@scope_required("write:filters")
def update(request: ApiRequest, filter_id: str) -> HttpResponse:
    user = member(request)
    params = request.params
    expires = params.raw("expires_in")
    update_filter(
        keyword_filter=access_filter(user, filter_id),
        title=params.opt_text("title"),
        contexts=params.values("context") if params.mentions("context") else None,
        action=params.opt_text("filter_action"),
        expires_in=params.number("expires_in") if expires not in (None, "") else None,
        clear_expiry=expires == "",
        keywords=_keyword_changes(params),
    )
    return JsonResponse(present_filter(access_filter(user, filter_id)))


@scope_required("write:filters")
def delete(request: ApiRequest, filter_id: str) -> HttpResponse:
    delete_filter(keyword_filter=access_filter(member(request), filter_id))
    return JsonResponse({})


@scope_required("read:filters")
def list_keywords(request: ApiRequest, filter_id: str) -> HttpResponse:
    found = access_filter(member(request), filter_id)
    return JsonResponse([present_filter_keyword(k) for k in found.keywords.all()], safe=False)


@scope_required("write:filters")
def create_keyword(request: ApiRequest, filter_id: str) -> HttpResponse:
    keyword = add_keyword(
        keyword_filter=access_filter(member(request), filter_id),
        keyword=request.params.text("keyword"),
        whole_word=request.params.flag("whole_word", True),
    )
    return JsonResponse(present_filter_keyword(keyword))


@scope_required("read:filters")
def get_keyword(request: ApiRequest, keyword_id: str) -> HttpResponse:
    return JsonResponse(present_filter_keyword(access_keyword(member(request), keyword_id)))


@scope_required("write:filters")
def change_keyword(request: ApiRequest, keyword_id: str) -> HttpResponse:
    user = member(request)
    current = access_keyword(user, keyword_id)
    keyword = update_keyword(
        user=user,
        keyword_id=current.pk,
        keyword=request.params.text("keyword", current.keyword),
        whole_word=request.params.flag("whole_word", current.whole_word),
    )
    return JsonResponse(present_filter_keyword(keyword))


@scope_required("write:filters")
def remove_keyword(request: ApiRequest, keyword_id: str) -> HttpResponse:
    user = member(request)
    delete_keyword(user=user, keyword_id=access_keyword(user, keyword_id).pk)
    return JsonResponse({})
