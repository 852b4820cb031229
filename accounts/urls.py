from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.privacy import views as privacy_views
from accounts.sessions import views as sessions_views
from accounts.twofactor import views as twofactor_views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", twofactor_views.login_code, name="login_code"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("language/", views.language_set, name="language_set"),
    path("security/", views.security, name="security"),
    path("security/two-factor/", twofactor_views.twofactor_overview, name="twofactor"),
    path("security/two-factor/setup/", twofactor_views.twofactor_setup, name="twofactor_setup"),
    path(
        "security/two-factor/disable/",
        twofactor_views.twofactor_disable,
        name="twofactor_disable",
    ),
    path(
        "security/two-factor/recovery-codes/",
        twofactor_views.recovery_codes_regenerate,
        name="twofactor_recovery_codes",
    ),
    path("security/sessions/", sessions_views.sessions_overview, name="security_sessions"),
    path("security/sessions/end/", sessions_views.sessions_end, name="security_sessions_end"),
    path("security/data/", privacy_views.personal_data, name="security_data"),
    path(
        "security/data/download/",
        privacy_views.personal_data_download,
        name="security_data_download",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "invitations/new/<slug:slug>/",
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        "invitations/<slug:slug>/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "invitations/<slug:slug>/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
