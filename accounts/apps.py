from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_delete

        from accounts import signals

        user_logged_in.connect(signals.on_user_logged_in, dispatch_uid="accounts_logged_in")
        pre_delete.connect(
            signals.on_user_pre_delete, sender=get_user_model(), dispatch_uid="accounts_user_delete"
        )
