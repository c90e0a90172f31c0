from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TourismConfig(AppConfig):
    name = "safeguard.tourism"
    verbose_name = _("The Code")

    def ready(self) -> None:
        from safeguard.lib.registry import demo_loaders

        from . import shared
        from .demo import load_demo

        shared.register()
        demo_loaders.register("tourism", load_demo, order=30)
