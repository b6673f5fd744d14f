from django.urls import path

from parley.web.views import accounts, member_data
from parley.web.views import settings as member_settings

urlpatterns = [
    path("signup", accounts.signup, name="signup"),
    path("signup/sent", accounts.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>", accounts.signup_confirm, name="signup_confirm"),
    path("login", accounts.login_view, name="login"),
    path("login/verify", accounts.login_verify, name="login_verify"),
    path("logout", accounts.logout_view, name="logout"),
    path("confirm-email/<str:token>", accounts.confirm_email_view, name="confirm_email"),
    path("password-reset", accounts.password_reset, name="password_reset"),
    path("password-reset/sent", accounts.password_reset_done, name="password_reset_done"),
    path("password-reset/done", accounts.password_reset_complete, name="password_reset_complete"),
    path(
        "password-reset/<uidb64>/<token>",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("terms/accept", accounts.terms_accept, name="terms_accept"),
    path("follow-requests", member_settings.follow_requests, name="follow_requests"),
    path(
        "follow-requests/answer",
        member_settings.answer_follow_request,
        name="answer_follow_request",
    ),
    path("settings", member_settings.index, name="settings"),
    path("settings/profile", member_settings.profile, name="settings_profile"),
    path("settings/account", member_settings.account, name="settings_account"),
    path("settings/account/email", member_settings.change_email, name="settings_email"),
    path(
        "settings/account/confirm-email",
        member_settings.resend_confirmation,
        name="settings_resend_confirmation",
    ),
    path("settings/account/password", accounts.password_change, name="settings_password"),
    path("settings/account/delete", member_settings.delete_account, name="settings_delete_account"),
    path("settings/security", member_settings.security, name="settings_security"),
    path(
        "settings/security/two-factor/start",
        member_settings.two_factor_start,
        name="settings_two_factor_start",
    ),
    path(
        "settings/security/two-factor/setup",
        member_settings.two_factor_setup,
        name="settings_two_factor_setup",
    ),
    path(
        "settings/security/two-factor/disable",
        member_settings.two_factor_disable,
        name="settings_two_factor_disable",
    ),
    path(
        "settings/security/recovery-codes",
        member_settings.recovery_codes,
        name="settings_recovery_codes",
    ),
    path("settings/sessions", member_settings.sessions, name="settings_sessions"),
    path("settings/sessions/revoke", member_settings.revoke_session, name="settings_revoke_session"),
    path(
        "settings/sessions/revoke-others",
        member_settings.revoke_other_sessions,
        name="settings_revoke_other_sessions",
    ),
    path("settings/apps", member_settings.apps, name="settings_apps"),
    path("settings/apps/revoke", member_settings.revoke_authorised_app, name="settings_revoke_app"),
    path("settings/blocks", member_settings.blocks, name="blocks"),
    path("settings/blocks/remove", member_settings.unblock, name="settings_unblock"),
    path("settings/mutes", member_settings.mutes, name="mutes"),
    path("settings/mutes/remove", member_settings.unmute, name="settings_unmute"),
    path("settings/data", member_data.data, name="settings_data"),
    path("settings/data/export", member_data.export_request, name="settings_export"),
    path(
        "settings/data/export/<int:export_id>/download",
        member_data.export_download,
        name="settings_export_download",
    ),
    path("settings/data/import", member_data.import_data, name="settings_import"),
]
