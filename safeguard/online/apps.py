from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnlineConfig(AppConfig):
    name = "safeguard.online"
    verbose_name = _("Online protection")

    def ready(self) -> None:
        from safeguard.lib.registry import NavItem, country_sections, demo_loaders, glance_figures, nav_items

        from . import demo, sections

        country_sections.register("online", sections.country_section, order=60)
        glance_figures.register("online", sections.glance, order=60)
        nav_items.register("online", NavItem("online", _("Where to report"), "online:where-to-report"))
        demo_loaders.register("online", demo.load, order=60)
