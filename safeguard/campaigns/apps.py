from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "safeguard.campaigns"
    verbose_name = _("Campaigns and petitions")

    def ready(self) -> None:
        from . import shared

        shared.register()
