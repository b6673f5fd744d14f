from django.urls import path

from parley.web.views import accounts

urlpatterns = [
    path("signup", accounts.signup, name="signup"),
    path("login", accounts.login_view, name="login"),
    path("logout", accounts.logout_view, name="logout"),
    path("confirm-email/<str:token>", accounts.confirm_email_view, name="confirm_email"),
]
