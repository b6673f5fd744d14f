"""How a Mastodon endpoint is declared: `@scope_required(...)` on a plain typed function.

The decorator authenticates the bearer token, checks the scope written on the function, parses
the parameters (query string, form, multipart or JSON) and turns domain errors into Mastodon's
`{"error": "..."}` bodies. Endpoints never accept session cookies, so they need no CSRF token.
Text that cannot be stored (a NUL or a lone surrogate) in a parameter or a path part is refused
here with 422, for every endpoint at once.
"""

import functools
import hashlib
import io
import json
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, cast

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import AccessToken

from parley.accounts.apps_authorised import record_token_use
from parley.accounts.models import User
from parley.core.errors import ParleyError, ValidationFailed
from parley.core.text import unstorable_field, unstorable_message
from parley.mastodon_api import scopes

JSONValue = Any  # a decoded JSON document: dict, list, str, int, float, bool or None
P = ParamSpec("P")

# Every id and number fits the database's signed 64-bit integer; past it, SQLite raises
# OverflowError and PostgreSQL DataError, so the value is refused here first.
BIGINT_MAX = 2**63 - 1
# Numbers that become dates: past these a timedelta added to now leaves the calendar.
# Mastodon caps a mute's duration too; a century is more than any client offers.
CENTURY_SECONDS = 100 * 366 * 86400
NUMBER_BOUNDS: dict[str, tuple[int, int]] = {
    "duration": (-BIGINT_MAX, CENTURY_SECONDS),
    "expires_in": (-BIGINT_MAX, CENTURY_SECONDS),
    "days": (-BIGINT_MAX, 100 * 366),
    # The database adds the page size to an offset, so a bigint offset overflows there.
    "offset": (-BIGINT_MAX, 2**31 - 1),
}
# Deeper JSON than any Mastodon body needs; refused before anything walks it recursively.
MAX_JSON_DEPTH = 32


class ApiError(ParleyError):
    """An error with Mastodon's own status code and wording (401, 403 on scopes, 422 for apps)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class Params:
    """Request parameters from the query string and the body, with Mastodon's array syntax."""

    def __init__(self, data: dict[str, JSONValue], files: MultiValueDict[str, UploadedFile]) -> None:
        self._data = data
        self._files = files

    def raw(self, name: str) -> JSONValue:
        if name in self._data:
            return self._data[name]
        return self._data.get(f"{name}[]")

    def text(self, name: str, default: str = "") -> str:
        value = self.opt_text(name)
        return default if value is None else value

    def opt_text(self, name: str) -> str | None:
        value = self.raw(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None:
            return None
        if isinstance(value, dict):
            raise ValidationFailed(_("%(name)s must be a string.") % {"name": name})
        return value if isinstance(value, str) else json.dumps(value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.opt_flag(name)
        return default if value is None else value

    def opt_flag(self, name: str) -> bool | None:
        value = self.raw(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None or isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "t", "on", "yes"):
            return True
        if text in ("0", "false", "f", "off", "no", ""):
            return False
        raise ValidationFailed(_("%(name)s must be true or false.") % {"name": name})

    def number(self, name: str, default: int | None = None) -> int | None:
        value = self.opt_text(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError as exc:
            raise ValidationFailed(_("%(name)s must be a number.") % {"name": name}) from exc
        low, high = NUMBER_BOUNDS.get(name, (-BIGINT_MAX, BIGINT_MAX))
        if not low <= number <= high:
            raise ValidationFailed(
                _("%(name)s must be between %(low)s and %(high)s.") % {"name": name, "low": low, "high": high}
            )
        return number

    def values(self, name: str) -> list[str]:
        value = self.raw(name)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        return [item if isinstance(item, str) else json.dumps(item) for item in items if item is not None]

    def mentions(self, name: str) -> bool:
        """Whether any parameter is `name` or one of its `name[...]` parts."""
        return any(key == name or key.startswith(f"{name}[") for key in self._data)

    def file(self, name: str) -> UploadedFile | None:
        return self._files.get(name)

    def nested(self, name: str) -> list[dict[str, JSONValue]]:
        """An array of objects: JSON, or Rails-style `name[][key]` / `name[0][key]` form fields."""
        value = self._data.get(name)
        if isinstance(value, list):
            return [item for item in value if isinstance(item, dict)]
        if isinstance(value, dict):  # {"0": {...}, "1": {...}}
            return [item for item in value.values() if isinstance(item, dict)]
        rows: dict[str, dict[str, JSONValue]] = {}
        counter = 0
        prefix = f"{name}["
        for key, item in self._data.items():
            if not key.startswith(prefix) or "][" not in key:
                continue
            index, _sep, field = key[len(prefix) :].partition("][")
            field = field.rstrip("]")
            if index == "":
                # `name[][key]`: a repeated first key starts a new row.
                current = rows.get(str(counter))
                if current is not None and field in current:
                    counter += 1
                index = str(counter)
            rows.setdefault(index, {})[field] = item[0] if isinstance(item, list) and len(item) == 1 else item
        return list(rows.values())


class ApiRequest(HttpRequest):
    """What an endpoint receives: the member (or anonymous), the token and the parameters."""

    user: User | AnonymousUser  # from the bearer token, never the session
    token: AccessToken | None
    params: Params


def error_response(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _form_to_dict(form: QueryDict) -> dict[str, JSONValue]:
    return {key: values if key.endswith("[]") or len(values) > 1 else values[0] for key, values in form.lists()}


def is_bigint_id(text: str) -> bool:
    """Whether `text` is an id the database can hold: ASCII digits, at most a signed bigint."""
    return text.isascii() and text.isdecimal() and int(text) <= BIGINT_MAX


def _is_id_name(key: str) -> bool:
    """`id`, `max_id`, `media_ids[]`, `home[last_read_id]`: the parameters that carry ids."""
    base = key.rstrip("[]")
    return base == "id" or base.endswith(("_id", "_ids", "[id"))


def _oversized_id(data: dict[str, JSONValue]) -> str | None:
    """The name of the first id parameter (nested ones too) holding a number past a bigint."""
    pending: list[tuple[str, JSONValue, bool]] = [(key, value, _is_id_name(key)) for key, value in data.items()]
    while pending:
        key, value, holds_ids = pending.pop()
        if isinstance(value, dict):
            pending.extend((name, item, _is_id_name(name)) for name, item in value.items())
        elif isinstance(value, list):
            pending.extend((key, item, holds_ids) for item in value)
        elif holds_ids and isinstance(value, (int, str)) and not isinstance(value, bool):
            text = str(value)
            if text.isascii() and text.isdecimal() and int(text) > BIGINT_MAX:
                return key
    return None


def _json_depth(document: JSONValue) -> int:
    """How deeply lists and objects nest in `document`, walked without recursion."""
    deepest = 0
    pending: list[tuple[JSONValue, int]] = [(document, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, (dict, list)):
            depth += 1
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                break
            pending.extend((item, depth) for item in (value.values() if isinstance(value, dict) else value))
    return deepest


def parse_params(request: HttpRequest) -> Params:
    data = _form_to_dict(request.GET)
    files: MultiValueDict[str, UploadedFile] = MultiValueDict()
    content_type = request.content_type or ""
    # A JSON body is read whatever the method, as Rails does: Mastodon.py sends some GET
    # parameters that way (accounts/familiar_followers).
    json_get = request.method == "GET" and content_type == "application/json" and bool(request.body)
    if request.method in ("POST", "PUT", "PATCH", "DELETE") or json_get:
        if content_type == "application/json":
            try:
                body = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError) as exc:
                raise ValidationFailed(_("The request body is not valid JSON.")) from exc
            except RecursionError as exc:  # the decoder's own stack limit, about 1,000 levels
                raise ValidationFailed(_("The request body nests too deeply.")) from exc
            if _json_depth(body) > MAX_JSON_DEPTH:
                raise ValidationFailed(_("The request body nests too deeply."))
            if not isinstance(body, dict):
                raise ValidationFailed(_("The request body must be a JSON object."))
            data.update(body)
        elif request.method == "POST":
            try:
                data.update(_form_to_dict(request.POST))
            except MultiPartParserError as exc:
                raise ValidationFailed(_("The form data could not be read.")) from exc
            files = request.FILES
        elif content_type.startswith("multipart/form-data"):
            try:
                form, files = request.parse_file_upload(request.META, io.BytesIO(request.body))
            except MultiPartParserError as exc:
                raise ValidationFailed(_("The form data could not be read.")) from exc
            data.update(_form_to_dict(form))
        elif request.body:
            data.update(_form_to_dict(QueryDict(request.body, encoding=request.encoding)))
    unstorable = unstorable_field(data)
    if unstorable is not None:
        raise ValidationFailed(unstorable_message(unstorable))
    oversized = _oversized_id(data)
    if oversized is not None:
        raise ValidationFailed(_("%(name)s is not a valid id.") % {"name": oversized})
    return Params(data, files)


def bearer_token(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    kind, _sep, value = header.partition(" ")
    if kind.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def sent_token(request: HttpRequest) -> AccessToken | None:
    """The unexpired access token the request's bearer header names, if any (one indexed lookup,
    remembered on the request: the rate limiter and the endpoint both ask)."""
    if hasattr(request, "_parley_sent_token"):
        return cast(AccessToken | None, request._parley_sent_token)
    value = bearer_token(request)
    token = None
    if value is not None:
        checksum = hashlib.sha256(value.encode("utf-8")).hexdigest()
        token = AccessToken.objects.select_related("user", "application").filter(token_checksum=checksum).first()
        if token is not None and token.is_expired():
            token = None
    request._parley_sent_token = token  # type: ignore[attr-defined]
    return token


def authenticate(request: HttpRequest) -> AccessToken | None:
    """The valid token sent with the request, None when none was sent; 401 for a bad one."""
    if bearer_token(request) is None:
        return None
    token = sent_token(request)
    if token is None:
        raise ApiError(_("The access token is invalid"), 401)
    user = cast(User | None, token.user)
    if user is not None and (not user.is_active or user.is_suspended):
        raise ApiError(_("Your login is currently disabled"), 401)
    record_token_use(token=token)  # shown as "last used" on the authorised apps page
    return token


def scope_required(
    scope: str | tuple[str, ...] | None, *, optional: bool = False, user: bool = True
) -> Callable[
    [Callable[Concatenate[ApiRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Declare an endpoint: the scope it needs (None: any valid token; a tuple: any one of them),
    whether a token is optional (public data) and whether it needs a member (False: an app
    token will do)."""
    accepted = (scope,) if isinstance(scope, str) else scope

    def decorate(
        view: Callable[Concatenate[ApiRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def endpoint(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            api_request = cast(ApiRequest, request)
            try:
                token = authenticate(request)
                if token is None and not optional:
                    raise ApiError(_("The access token is invalid"), 401)
                if (
                    token is not None
                    and accepted
                    and not any(scopes.allows(scopes.parse(token.scope), s) for s in accepted)
                ):
                    raise ApiError(_("This action is outside the authorized scopes"), 403)
                member = cast(User | None, token.user) if token is not None else None
                if token is not None and user and member is None and not optional:
                    raise ApiError(_("This method requires an authenticated user"), 422)
                api_request.token = token
                api_request.user = member if member is not None else AnonymousUser()
                unstorable = unstorable_field({name: str(value) for name, value in kwargs.items()})
                if unstorable is not None:  # a path part such as a hashtag
                    raise ValidationFailed(unstorable_message(unstorable))
                if any(name.endswith("_id") and not is_bigint_id(str(value)) for name, value in kwargs.items()):
                    raise ApiError(_("Record not found"), 404)  # as Mastodon answers any id it lacks
                api_request.params = parse_params(request)
                return view(api_request, *args, **kwargs)
            except ParleyError as exc:
                return error_response(exc.message, exc.status)

        endpoint.required_scopes = accepted or ()  # type: ignore[attr-defined]  # read by the api_doc command
        return endpoint

    return decorate


def member(request: ApiRequest) -> User:
    """The signed-in member of an endpoint declared with `user=True`."""
    if not isinstance(request.user, User):
        raise ApiError(_("This method requires an authenticated user"), 422)
    return request.user


def viewer(request: ApiRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def methods(**handlers: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """One URL, one function per HTTP method (Mastodon puts GET, PUT and DELETE on one path)."""

    @csrf_exempt
    def dispatch(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        handler = handlers.get(request.method or "GET")
        if handler is None and request.method == "HEAD":
            handler = handlers.get("GET")
        if handler is None:
            response = error_response(_("Method not allowed"), 405)
            response["Allow"] = ", ".join(handlers)
            return response
        return handler(request, *args, **kwargs)

    dispatch.handlers = handlers  # type: ignore[attr-defined]  # read by the api_doc command
    return dispatch
