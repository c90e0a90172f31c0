from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "safeguard.library"
    verbose_name = _("Library")

    def ready(self) -> None:
        # Register country-profile sections, home-page figures, navigation items and the demo
        # loader here (see safeguard/lib/registry.py).
        pass
