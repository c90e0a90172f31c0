from ninja import NinjaAPI

from safeguard.countries.api import router as countries_router

api = NinjaAPI(
    title="Safeguard API",
    version="1",
    urls_namespace="api",
    description="Public and member data of the Safeguard network. Read-only unless stated.",
)
api.add_router("/", countries_router)
