from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from parley.accounts.actions import confirm_email
from parley.core.errors import ParleyError


def signup(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accounts/signup.html")


login_view = auth_views.LoginView.as_view(template_name="web/accounts/login.html")
logout_view = auth_views.LogoutView.as_view()


def confirm_email_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        confirm_email(token)
    except ParleyError as exc:
        return render(request, "web/accounts/confirm_email.html", {"error": exc.message}, status=400)
    return redirect("web:home")
