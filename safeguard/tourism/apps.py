from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    name = "safeguard.tourism"
    verbose_name = _("The Code")

    def ready(self) -> None:
        # Register country-profile sections, home-page figures, navigation items and the demo
        # loader here (see safeguard/lib/registry.py).
        pass
