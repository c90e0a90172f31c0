from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import views
from .api import api

# Admin sign-in goes through allauth, so it gets the same lockout and second factor.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Safeguard"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("countries/", include("safeguard.countries.urls")),
    path("", include("safeguard.accounts.urls")),
    path("network/", include("safeguard.network.urls")),
    path("monitoring/", include("safeguard.monitoring.urls")),
    path("code/", include("safeguard.tourism.urls")),
    path("campaigns/", include("safeguard.campaigns.urls")),
    path("library/", include("safeguard.library.urls")),
    path("online/", include("safeguard.online.urls")),
    path("assembly/", include("safeguard.assembly.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
