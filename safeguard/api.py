from ninja import NinjaAPI

from safeguard.assembly.api import router as assembly_router
from safeguard.campaigns.api import router as campaigns_router
from safeguard.countries.api import router as countries_router
from safeguard.library.api import router as library_router
from safeguard.monitoring.api import router as monitoring_router
from safeguard.network.api import router as network_router
from safeguard.online.api import router as online_router
from safeguard.tourism.api import router as tourism_router

api = NinjaAPI(
    title="Safeguard API",
    version="1",
    urls_namespace="api",
    description="Public and member data of the Safeguard network. Read-only unless stated.",
)
api.add_router("/", countries_router)
api.add_router("/network/", network_router)
api.add_router("/monitoring/", monitoring_router)
api.add_router("/code/", tourism_router)
api.add_router("/campaigns/", campaigns_router)
api.add_router("/library/", library_router)
api.add_router("/online/", online_router)
api.add_router("/assembly/", assembly_router)
