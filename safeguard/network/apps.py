from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "safeguard.network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from safeguard.lib.registry import NavItem, country_sections, demo_loaders, glance_figures, nav_items

        from . import demo, directory

        country_sections.register("network", directory.country_section, order=15)
        # Replaces the accounts figures: admitted members, and the countries they cover.
        glance_figures.register("accounts", directory.glance, order=10)
        nav_items.register("network", NavItem("network", _("Members"), "network:directory"), order=10)
        demo_loaders.register("network", demo.load, order=10)
