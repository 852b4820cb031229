"""mozilla-django-oidc's two URLs (same names, so its settings keep working) with our views."""

from django.urls import path

from sso import views

urlpatterns = [
    path("authenticate/", views.SignInView.as_view(), name="oidc_authentication_init"),
    path("callback/", views.CallbackView.as_view(), name="oidc_authentication_callback"),
]
