from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "safeguard.assembly"
    verbose_name = _("International Assembly")

    def ready(self) -> None:
        from safeguard.lib.registry import NavItem, demo_loaders, nav_items

        from . import demo

        demo_loaders.register("assembly", demo.load, order=70)
        nav_items.register("assembly", NavItem("assembly", _("Assembly"), "assembly:list"), order=70)
