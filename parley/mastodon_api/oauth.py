"""OAuth 2 for Mastodon clients, on django-oauth-toolkit: app registration, consent, tokens.

Mastodon apps register once (POST /api/v1/apps) with the scopes they may ask for, then use the
authorization-code flow (PKCE when the client sends it), client credentials, refresh tokens, and
the password grant only where the operator turned it on.
"""

import hashlib
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider import views as oauth_views
from oauth2_provider.http import OAuth2ResponseRedirect
from oauth2_provider.models import AbstractApplication, AccessToken, Application
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes
from oauthlib.oauth2.rfc6749.errors import InvalidGrantError

from parley.accounts.queries import two_factor_device
from parley.core.text import unstorable_field, unstorable_message
from parley.mastodon_api import scopes as scope_rules
from parley.mastodon_api.actions import OOB_REDIRECT, register_app
from parley.mastodon_api.endpoint import ApiRequest, error_response, member, scope_required
from parley.mastodon_api.models import AppRegistration
from parley.mastodon_api.oauth_policy import form_action_source, redirect_allowed
from parley.mastodon_api.presenters import absolute, present_account, present_application

GRANTS = {
    "authorization_code": (AbstractApplication.GRANT_AUTHORIZATION_CODE,),
    "client_credentials": (
        AbstractApplication.GRANT_AUTHORIZATION_CODE,
        AbstractApplication.GRANT_CLIENT_CREDENTIALS,
    ),
    "refresh_token": (AbstractApplication.GRANT_AUTHORIZATION_CODE,),
    "password": (AbstractApplication.GRANT_AUTHORIZATION_CODE,),
}


class RegisteredScopes(BaseScopes):
    """An app may ask for the scopes it registered, and their granular forms."""

    def get_all_scopes(self) -> dict[str, str]:
        return {scope: scope for scope in scope_rules.ALL_SCOPES}

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        registration = AppRegistration.objects.filter(application=application).first() if application else None
        if registration is None:
            return list(scope_rules.ALL_SCOPES)
        return sorted(scope_rules.expand(registration.scopes.split()))

    def get_default_scopes(self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any) -> list[str]:
        return ["read"]


class MastodonValidator(OAuth2Validator):
    """Every Mastodon app may use every grant; the password grant is the operator's choice."""

    def validate_grant_type(
        self,
        client_id: str,
        grant_type: str,
        client: Application,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        if grant_type == "password" and not settings.PARLEY_OAUTH_PASSWORD_GRANT:
            return False
        allowed = GRANTS.get(grant_type)
        return allowed is not None and client.authorization_grant_type in allowed

    def validate_user(
        self,
        username: str,
        password: str,
        client: Application,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        if not super().validate_user(username, password, client, request, *args, **kwargs):
            return False
        if request.user.is_suspended:
            return False
        if two_factor_device(request.user) is not None:
            # The password is right, so saying why reveals nothing to a stranger; the second
            # factor is asked by the web sign-in that the authorization-code flow goes through.
            raise InvalidGrantError(
                description=_(
                    "This account uses two-factor sign-in, which the password grant cannot ask for. "
                    "Sign in with the authorization-code flow (the browser sign-in) instead."
                ),
                request=request,
            )
        return True


@scope_required(None, optional=True)
def create_app(request: ApiRequest) -> HttpResponse:
    params = request.params
    uris = params.values("redirect_uris")
    if len(uris) == 1:  # one string may hold several URIs, one per line
        uris = uris[0].split()
    application, secret = register_app(
        name=params.text("client_name"),
        redirect_uris=uris,
        scopes=scope_rules.parse(" ".join(params.values("scopes")) or "read"),
        website=params.text("website"),
    )
    return JsonResponse(present_application(application, secret=secret))


@scope_required(None, user=False)
def verify_app(request: ApiRequest) -> HttpResponse:
    assert request.token is not None  # scope_required without `optional` guarantees it
    application = request.token.application
    if application is None:
        return error_response(_("The access token is invalid"), 401)
    return JsonResponse(present_application(application))


class AuthorizeView(oauth_views.AuthorizationView):
    """The consent page; an out-of-band app (no redirect) gets the code shown to copy."""

    template_name = "mastodon_api/authorize.html"

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        """The consent form's answer redirects to the app: its Content-Security-Policy must let
        the form post lead there (browsers apply form-action to that redirect)."""
        response = super().render_to_response(context, **response_kwargs)
        source = form_action_source(self.oauth2_data.get("redirect_uri") or "")
        if source is not None:
            response._csp_update = {"form-action": [source]}  # django-csp reads it
        return response

    def redirect(self, redirect_to: str, application: Application | None) -> HttpResponse:
        if redirect_to.startswith(OOB_REDIRECT):
            code = parse_qs(urlsplit(redirect_to).query).get("code", [""])[0]
            return render(
                self.request,
                "mastodon_api/authorize_code.html",
                {"code": code, "application": application},
            )
        # The redirect URI matched one the app registered; the scheme rule is checked again here
        # for apps registered before it (DOT's own list allows https only, see settings).
        scheme = urlsplit(redirect_to).scheme.lower()
        return OAuth2ResponseRedirect(redirect_to, [scheme] if redirect_allowed(redirect_to) else [])


def _invalid_request(description: str) -> HttpResponse:
    return JsonResponse({"error": "invalid_request", "error_description": description}, status=400)


def read_json_form(request: HttpRequest) -> HttpResponse | None:
    """Elk and masto.js post JSON to the token and revocation endpoints, which django-oauth-toolkit
    reads as form fields: a JSON object body becomes the form it stands for. Answers the refusal
    of a body that cannot, or None (form bodies pass through untouched)."""
    if request.content_type != "application/json":
        return None
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _invalid_request(_("The request body is not valid JSON."))
    if not isinstance(body, dict):
        return _invalid_request(_("The request body must be a JSON object."))
    form = QueryDict(mutable=True)
    for key, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, bool):
                form.appendlist(key, "true" if item else "false")
            elif isinstance(item, str | int | float):
                form.appendlist(key, str(item))
            else:
                return _invalid_request(_("Each field of the request body must be a string, a number or a boolean."))
    # The site-wide check (parley.middleware) reads form bodies only: the same refusal for JSON.
    unstorable = unstorable_field(dict(form.lists()))
    if unstorable is not None:
        return error_response(unstorable_message(unstorable), 422)
    form._mutable = False
    request.POST = form  # type: ignore[assignment]  # immutable as Django makes it; the stubs name a stub-only class
    return None


@method_decorator(csrf_exempt, name="dispatch")
class TokenView(oauth_views.TokenView):
    """Mastodon's token answer also says when the token was made."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = read_json_form(request)
        if refusal is not None:
            return refusal
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:
            body = json.loads(response.content)
            if "access_token" in body:
                token = AccessToken.objects.filter(
                    token_checksum=hashlib.sha256(body["access_token"].encode()).hexdigest()
                ).first()
                body["created_at"] = int(token.created.timestamp()) if token is not None else None
                response.content = json.dumps(body).encode()
        return response


@method_decorator(csrf_exempt, name="dispatch")
class RevokeView(oauth_views.RevokeTokenView):
    """Mastodon answers a revocation with an empty JSON object."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = read_json_form(request)
        if refusal is not None:
            return refusal
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200 and not response.content:
            return JsonResponse({})
        return response


def authorization_server(request: HttpRequest) -> HttpResponse:
    """RFC 8414 metadata: where clients find the endpoints, grants and scopes."""
    grants = ["authorization_code", "client_credentials", "refresh_token"]
    if settings.PARLEY_OAUTH_PASSWORD_GRANT:
        grants.append("password")
    return JsonResponse(
        {
            "issuer": absolute("/"),
            "service_documentation": "https://docs.joinmastodon.org/",
            "authorization_endpoint": absolute("/oauth/authorize"),
            "token_endpoint": absolute("/oauth/token"),
            "revocation_endpoint": absolute("/oauth/revoke"),
            "app_registration_endpoint": absolute("/api/v1/apps"),
            "scopes_supported": list(scope_rules.ALL_SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": True,
            "grant_types_supported": grants,
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "userinfo_endpoint": absolute("/oauth/userinfo"),
        }
    )


@scope_required(("profile", "read:accounts"))
def userinfo(request: ApiRequest) -> HttpResponse:
    """OpenID Connect claims about the signed-in member."""
    account = present_account(member(request))
    return JsonResponse(
        {
            "iss": absolute("/"),
            "sub": account["url"],
            "name": account["display_name"] or account["username"],
            "preferred_username": account["username"],
            "profile": account["url"],
            "picture": account["avatar"],
        }
    )
