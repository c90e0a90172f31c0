from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "safeguard.monitoring"
    verbose_name = _("Country monitoring")

    def ready(self) -> None:
        # Register country-profile sections, home-page figures, navigation items and the demo
        # loader here (see safeguard/lib/registry.py).
        pass
