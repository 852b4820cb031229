"""The profile page, included at accounts/profile/ (diam/urls.py)."""

from django.urls import path

from api import profile

urlpatterns = [
    path("", profile.profile, name="profile"),
    path("tokens/revoke/", profile.token_revoke_view, name="api_token_revoke"),
]
