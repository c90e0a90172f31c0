from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "safeguard.accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from . import glance, security  # noqa: F401  (connects signal receivers, registers providers)

        glance.register()
