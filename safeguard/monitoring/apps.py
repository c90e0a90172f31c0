from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "safeguard.monitoring"
    verbose_name = _("Country monitoring")

    def ready(self) -> None:
        from safeguard.lib.registry import NavItem, country_sections, demo_loaders, glance_figures, nav_items

        from . import demo, views

        country_sections.register("monitoring", views.country_section, order=20)
        glance_figures.register("monitoring", views.glance, order=20)
        nav_items.register(
            "monitoring", NavItem("monitoring", _("Country monitoring"), "monitoring:index"), order=20
        )
        demo_loaders.register("monitoring", demo.load, order=20)
