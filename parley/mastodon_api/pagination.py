"""The one paginator: id cursors in, a page of JSON out with Mastodon's `Link` header."""

from collections.abc import Callable
from typing import Any, Protocol, TypeVar
from urllib.parse import urlencode

from django.db.models import Model, QuerySet
from django.http import JsonResponse

from parley.mastodon_api.endpoint import ApiRequest
from parley.mastodon_api.presenters import absolute
from parley.posts.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, paginate

M = TypeVar("M", bound=Model)


class Paginator(Protocol[M]):
    """`paginate`'s signature: rows and id cursors in, a page out."""

    def __call__(
        self, rows: QuerySet[M], /, *, max_id: int | None, since_id: int | None, min_id: int | None, limit: int
    ) -> Page[M]: ...


def page_of(
    request: ApiRequest,
    rows: QuerySet[M],
    *,
    default_limit: int = DEFAULT_PAGE_SIZE,
    paginator: Paginator[M] = paginate,
) -> Page[M]:
    """A page of `rows` for the request's cursors; `paginator` pages by another column than the
    row's id (conversations page by their newest message)."""
    params = request.params
    limit = params.number("limit", default_limit) or default_limit
    return paginator(
        rows,
        max_id=params.number("max_id"),
        since_id=params.number("since_id"),
        min_id=params.number("min_id"),
        limit=max(1, min(limit, MAX_PAGE_SIZE)),
    )


def paginated_response(
    request: ApiRequest,
    rows: QuerySet[M],
    present: Callable[[list[M]], list[Any]],
    *,
    default_limit: int = DEFAULT_PAGE_SIZE,
    paginator: Paginator[M] = paginate,
) -> JsonResponse:
    """Present a page of `rows`; `present` may drop rows (filters), the cursors stay the page's."""
    page = page_of(request, rows, default_limit=default_limit, paginator=paginator)
    response = JsonResponse(present(page.posts), safe=False)
    link = link_header(request, page)
    if link:
        response["Link"] = link
    return response


def link_header(request: ApiRequest, page: Page[Any]) -> str:
    kept = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in ("max_id", "min_id", "since_id")
        for value in values
    ]
    links = []
    if page.next_max_id is not None:
        links.append(f'<{_url(request, kept, max_id=page.next_max_id)}>; rel="next"')
    if page.prev_min_id is not None:
        links.append(f'<{_url(request, kept, min_id=page.prev_min_id)}>; rel="prev"')
    return ", ".join(links)


def _url(request: ApiRequest, kept: list[tuple[str, str]], **cursor: int) -> str:
    query = urlencode([*kept, *((k, str(v)) for k, v in cursor.items())])
    return absolute(f"{request.path}?{query}")
